// Suppressed (Java: org.apache.kafka.streams.kstream.Suppressed): which updates of a table reach downstream, and
// BufferConfig: how many the suppress buffer may hold, and what happens when it is full.

/** Bounds of the suppress buffer; Infinity: no bound. */
interface BufferBounds {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** A bounded buffer that, when full, fails the task rather than emit anything early (Java's StrictBufferConfig). */
export interface StrictBufferConfig extends BufferBounds {
  readonly whenFull: 'shut-down';
}

/** A buffer that, when full, emits its oldest records early (Java's EagerBufferConfig). */
export interface EagerBufferConfig extends BufferBounds {
  readonly whenFull: 'emit-early';
  withMaxRecords(maxRecords: number): EagerBufferConfig;
  withMaxBytes(maxBytes: number): EagerBufferConfig;
  /** Fail the task when the buffer is full instead. */
  shutDownWhenFull(): StrictBufferConfig;
  emitEarlyWhenFull(): EagerBufferConfig;
}

export type BufferConfig = StrictBufferConfig | EagerBufferConfig;

function bounded(bounds: BufferBounds): EagerBufferConfig {
  const positive = (what: string, value: number): number => {
    if (!(value > 0) || !Number.isInteger(value))
      throw new RangeError(`BufferConfig: ${what} must be a positive integer`);
    return value;
  };
  return {
    ...bounds,
    whenFull: 'emit-early',
    withMaxRecords: (maxRecords) => bounded({ ...bounds, maxRecords: positive('maxRecords', maxRecords) }),
    withMaxBytes: (maxBytes) => bounded({ ...bounds, maxBytes: positive('maxBytes', maxBytes) }),
    shutDownWhenFull: () => ({ ...bounds, whenFull: 'shut-down' }),
    emitEarlyWhenFull: () => bounded(bounds),
  };
}

export const BufferConfig = {
  /** At most `maxRecords` buffered records; emits the oldest early when full unless `.shutDownWhenFull()`. */
  maxRecords: (maxRecords: number): EagerBufferConfig =>
    bounded({ maxRecords: Infinity, maxBytes: Infinity }).withMaxRecords(maxRecords),
  /** At most `maxBytes` of buffered keys and values; emits the oldest early when full unless `.shutDownWhenFull()`. */
  maxBytes: (maxBytes: number): EagerBufferConfig =>
    bounded({ maxRecords: Infinity, maxBytes: Infinity }).withMaxBytes(maxBytes),
  /** No bound (memory permitting): the default. */
  unbounded: (): StrictBufferConfig => ({ maxRecords: Infinity, maxBytes: Infinity, whenFull: 'shut-down' }),
} as const;

export type Suppressed =
  | {
      readonly kind: 'until-window-closes';
      readonly bufferConfig: StrictBufferConfig;
      readonly name?: string;
    }
  | {
      readonly kind: 'until-time-limit';
      readonly timeToWaitForMoreEventsMs: number;
      readonly bufferConfig: BufferConfig;
      readonly name?: string;
    };

const named = <S extends Suppressed>(suppressed: S, name: string | undefined): S =>
  name === undefined ? suppressed : { ...suppressed, name };

export const Suppressed = {
  /**
   * Only the final result of each window, once stream time passes its end + grace (windowed tables only). The
   * buffer is unbounded unless a StrictBufferConfig bounds it (a full buffer then fails the task, as in Java: final
   * results cannot be emitted early).
   */
  untilWindowCloses(bufferConfigOrName?: StrictBufferConfig | string, name?: string): Suppressed {
    const bufferConfig = typeof bufferConfigOrName === 'object' ? bufferConfigOrName : BufferConfig.unbounded();
    return named(
      { kind: 'until-window-closes', bufferConfig },
      typeof bufferConfigOrName === 'string' ? bufferConfigOrName : name,
    );
  },
  /**
   * The latest update of each key, once stream time is `timeToWaitForMoreEventsMs` past the key's first buffered
   * update (any table).
   */
  untilTimeLimit(timeToWaitForMoreEventsMs: number, bufferConfig: BufferConfig, name?: string): Suppressed {
    if (!(timeToWaitForMoreEventsMs >= 0)) throw new RangeError('Suppressed.untilTimeLimit: the time must be >= 0');
    return named({ kind: 'until-time-limit', timeToWaitForMoreEventsMs, bufferConfig }, name);
  },
} as const;
