import type { Logger } from 'pino';

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
 * `taskId`), so they can be filtered like `requestId` on HTTP lines. Levels below pino's are dropped.
 */
export function streamsLogger(logger: Logger): StreamsLogSink {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields: Fields = {}): void => {
      const { taskId, ...rest } = fields;
      logger[level](taskId === undefined ? rest : { task: taskId, ...rest }, message);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
