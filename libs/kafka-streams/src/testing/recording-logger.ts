// A StreamsLogger that keeps what it is told, so tests can assert that skipped records were logged.
import type { StreamsLogger } from '../runtime/logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export class RecordingLogger implements StreamsLogger {
  readonly entries: LogEntry[] = [];
  constructor(private readonly next?: StreamsLogger) {}

  debug(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields: Readonly<Record<string, unknown>> = {}): void {
    this.log('error', message, fields);
  }

  private log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void {
    this.entries.push({ level, message, fields });
    this.next?.[level](message, fields);
  }
}
