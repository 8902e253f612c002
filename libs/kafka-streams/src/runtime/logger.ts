/** Where the library logs: four levels, a message and structured fields. */
export interface StreamsLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The default logger: one JSON line per entry on stderr, from `minLevel` up. */
export function consoleLogger(minLevel: Level = 'info'): StreamsLogger {
  const write = (level: Level) => (message: string, fields?: Readonly<Record<string, unknown>>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export const silentLogger: StreamsLogger = { debug() {}, info() {}, warn() {}, error() {} };
