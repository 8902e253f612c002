import type { Logger } from 'pino';
import { kafkajsErrorContext, kafkajsErrorLevel } from '../kafka/kafkajs-logger.js';

type Fields = Readonly<Record<string, unknown>>;

/** The logger shape the streams runtime calls (`@streamkit/kafka-streams`' StreamsLogger). */
export interface StreamsLogSink {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

/** Injection token of the app's StreamsLogSink (LoggingModule provides it): pass it as the streams config's `logger`. */
export const STREAMS_LOGGER = Symbol('STREAMS_LOGGER');

/**
 * Adapts pino to the streams runtime's logger: lines about a task carry `task` (the runtime calls it
 * `taskId`), so they can be filtered like `requestId` on HTTP lines. Levels below pino's are dropped. kafkajs
 * errors it retries by itself are demoted (see kafkajsErrorLevel).
 */
export function streamsLogger(logger: Logger): StreamsLogSink {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Fields = {}): void => {
      const { taskId, ...rest } = fields;
      logger[level](taskId === undefined ? rest : { task: taskId, ...rest }, message);
    };
  const error = write('error');
  const byKafkajsLevel = { error, warn: write('warn'), info: write('info') };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    // The runtime forwards kafkajs' errors as "kafkajs <namespace>: <message>": those kafkajs retries by itself
    // (a consumer crash while a fresh broker loads its coordinator...) are logged below `error`.
    error: (message, fields) => {
      const kafkajs = /^kafkajs \w+: (.*)$/s.exec(message);
      if (!kafkajs) return error(message, fields);
      const expected = kafkajsErrorContext(kafkajs[1]!);
      byKafkajsLevel[kafkajsErrorLevel(kafkajs[1]!)](message, expected ? { ...fields, expected } : fields);
    },
  };
}
