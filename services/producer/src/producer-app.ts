import { ConfigService } from '@nestjs/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyHttpTimeouts, type BootstrapOptions, httpTimeoutsOf } from '@streamkit/nest';
import { type ProducerConfig, producerConfigSchema, SERVICE_NAME } from './config.js';

/** How the producer app is set up; main.ts and the HTTP tests share it. */
export const producerAppOptions: BootstrapOptions = {
  service: SERVICE_NAME,
  configSchema: producerConfigSchema,
  // The raw JSON body is kept to reject bytes that are not UTF-8 (see Utf8JsonBody).
  nestOptions: { rawBody: true },
  configure: (app: NestExpressApplication) => {
    const config = app.get<ConfigService<ProducerConfig, true>>(ConfigService);
    applyHttpTimeouts(app, httpTimeoutsOf(config));
    app.useBodyParser('json', { limit: config.get('MAX_BODY_BYTES', { infer: true }) });
  },
};
