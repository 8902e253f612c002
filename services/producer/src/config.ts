import { checkHttpTimeouts, defineServiceConfig, httpTimeoutsShape, positiveInteger } from '@streamkit/nest';
import { z } from 'zod';

export const SERVICE_NAME = 'producer';

export const producerConfigSchema = defineServiceConfig({
  SENTENCES_TOPIC: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name')
    .default('sentences'),
  MAX_SENTENCE_LENGTH: positiveInteger().default(10_000),
  MAX_BODY_BYTES: positiveInteger().default(1_048_576),
  KAFKA_SEND_TIMEOUT_MS: positiveInteger().default(5_000),
  ...httpTimeoutsShape,
}).superRefine((config, ctx) => {
  checkHttpTimeouts(config, ctx);
  // A bulk upload is not read while a batch of it waits for Kafka: that wait must not read as a stalled body.
  if (config.HTTP_BODY_TIMEOUT_MS <= config.KAFKA_SEND_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['HTTP_BODY_TIMEOUT_MS'],
      message: 'must be more than KAFKA_SEND_TIMEOUT_MS',
    });
  }
});

export type ProducerConfig = z.output<typeof producerConfigSchema>;
