import type { Logger } from 'pino';

type Fields = Readonly<Record<string, unknown>>;

/** The logger shape the streams runtime calls (`@streamkit/kafka-streams`' StreamsLogger). */
export interface StreamsLogSink {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

/**
 * Adapts pino to the streams runtime's logger: lines about a task carry `task` (the runtime calls it
 * `taskId`), so they can be filtered like `requestId` on HTTP lines.
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
