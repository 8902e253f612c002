import type { NestExpressApplication } from '@nestjs/platform-express';
import { type BootstrapOptions, connectKafkaStreamsTransport } from '@streamkit/nest';
import { SERVICE_NAME, wordCountConfigSchema } from './config.js';

/**
 * How the word-count app is set up; main.ts and the tests share it. A hybrid app: HTTP (queries, health,
 * metrics, docs) plus the streams runtime as a Nest transport, started once HTTP listens and closed on stop.
 */
export const wordCountAppOptions: BootstrapOptions = {
  service: SERVICE_NAME,
  configSchema: wordCountConfigSchema,
  configure: (app: NestExpressApplication) => connectKafkaStreamsTransport(app),
};
