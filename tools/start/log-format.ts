// How a child's output lines appear in the one terminal: prefixed with the child's name, and pino's JSON
// lines rendered as "time LEVEL [context] message key=value..." (or passed through as JSON).

export type LogFormat = 'pretty' | 'json';

const LEVEL_COLORS: Readonly<Record<string, number>> = {
  trace: 90,
  debug: 90,
  info: 32,
  warn: 33,
  error: 31,
  fatal: 35,
};

// Fields every line has or that the pretty line already shows.
const SHOWN = new Set(['level', 'time', 'service', 'instance', 'message', 'msg', 'context', 'pid', 'hostname']);

export interface LineFormatter {
  (line: string): string;
}

/** A formatter for the lines of child `name`, its prefix padded to `width` and colored when `color`. */
export function lineFormatter(
  name: string,
  options: { format: LogFormat; color: boolean; width: number; hue: number },
) {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const prefix = `${paint(options.hue, name.padEnd(options.width))} │ `;
  return (line: string): string => {
    if (options.format === 'json') return prefix + line;
    const entry = parseJsonObject(line);
    return prefix + (entry ? prettyEntry(entry, paint) : line);
  };
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `12:00:01.234 INFO  [KafkaStreams] state change from=REBALANCING to=RUNNING` */
export function prettyEntry(
  entry: Record<string, unknown>,
  paint: (code: number, text: string) => string = (_code, text) => text,
): string {
  const level = typeof entry.level === 'string' ? entry.level : 'info';
  const time = typeof entry.time === 'number' || typeof entry.time === 'string' ? new Date(entry.time) : undefined;
  const clock = time && !Number.isNaN(time.getTime()) ? localClock(time) : '';
  const context = typeof entry.context === 'string' ? `[${entry.context}] ` : '';
  const { message, fields } = describe(entry);
  const rest = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const head = `${clock} ${paint(LEVEL_COLORS[level] ?? 0, level.toUpperCase().padEnd(5))} ${context}${message}`;
  return rest ? `${head} ${paint(90, rest)}` : head;
}

/** HH:MM:SS.mmm in the terminal's time zone. */
function localClock(time: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

/** The message and the fields worth showing; an HTTP request line becomes "GET /path → 200 (3 ms)". */
function describe(entry: Record<string, unknown>): { message: string; fields: Record<string, unknown> } {
  const fields = Object.fromEntries(Object.entries(entry).filter(([key]) => !SHOWN.has(key)));
  const text = typeof entry.message === 'string' ? entry.message : typeof entry.msg === 'string' ? entry.msg : '';
  const request = entry.req as { method?: unknown; url?: unknown } | undefined;
  const response = entry.res as { statusCode?: unknown } | undefined;
  if (request && response) {
    const { req: _req, res: _res, responseTime, requestId, ...others } = fields;
    const took = typeof responseTime === 'number' ? ` (${responseTime} ms)` : '';
    const line = `${String(request.method)} ${String(request.url)} → ${String(response.statusCode)}${took}`;
    return {
      message: text && text !== 'request completed' ? `${line} ${text}` : line,
      fields: { ...others, requestId },
    };
  }
  return { message: text, fields };
}

/** Calls `onLine` for every complete line of a stream of chunks; a last unterminated line comes on end. */
export function splitIntoLines(onLine: (line: string) => void): { write(chunk: string): void; end(): void } {
  let partial = '';
  return {
    write(chunk: string) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    },
    end() {
      if (partial !== '') onLine(partial);
      partial = '';
    },
  };
}
