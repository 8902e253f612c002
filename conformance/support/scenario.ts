// A conformance scenario: one topology written twice — here in TypeScript (`build`), and in
// conformance/java/src/main/java/streamkit/conformance/Scenarios.java as the static method named after the id
// in camelCase (session-window-late ↔ sessionWindowLate) — plus a script of input records and wall-clock
// advances. Both sides run it through their TopologyTestDriver; the records of `outputs` (key, value,
// timestamp, in order) and the contents of `stores` must be identical.
import type { StreamsBuilder } from '@streamkit/kafka-streams';

/**
 * How bytes on a topic read: `string` (UTF-8), `long` (8-byte big-endian, Java Long), `int` (Java Integer),
 * `time-windowed:<size>` (Java TimeWindowedSerde of a string key), `session-windowed` (SessionWindowedSerde of
 * a string key). Both sides' output bytes are decoded by the same codec, so a record only matches when the
 * bytes do.
 */
export type Codec = 'string' | 'long' | 'int' | `time-windowed:${number}` | 'session-windowed';

export type Scalar = string | number | null;

export interface InputStep {
  readonly topic: string;
  readonly key: Scalar;
  readonly value: Scalar;
  readonly timestamp: number;
}
export interface AdvanceStep {
  /** Advance the mocked wall clock (fires wall-clock punctuators). */
  readonly advanceMs: number;
}
export type Step = InputStep | AdvanceStep;

export interface StoreQuery {
  readonly name: string;
  readonly kind: 'kv' | 'window' | 'session' | 'versioned';
  /** Session and versioned stores are read per key (`fetch(key)`; versioned: `get(key)`). */
  readonly keys?: readonly string[];
  /** Versioned stores: each key is also read as of each of these timestamps (`get(key, asOf)`). */
  readonly asOf?: readonly number[];
}

export interface KnownDifference {
  /** What Java does, what the library does, and why. */
  readonly reason: string;
  /** Where it is tracked. */
  readonly issue: string;
  /**
   * Only without the record cache (CONFORMANCE_CACHE_MAX_BYTES=0): with it, Java answers from its cache what its
   * store no longer holds, and so does the library; the scenario must then match.
   */
  readonly onlyWithoutCache?: true;
}

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly build: (builder: StreamsBuilder<string, string>) => void;
  /** Input codecs per topic; default string key and value. */
  readonly inputs?: Readonly<Record<string, { readonly key?: Codec; readonly value?: Codec }>>;
  readonly steps: readonly Step[];
  /** Output topics to compare, with their codecs. */
  readonly outputs: Readonly<Record<string, { readonly key: Codec; readonly value: Codec }>>;
  readonly stores?: readonly StoreQuery[];
  /** Error handlers on both sides (default: LogAndFail for everything, as in Java). */
  readonly handlers?: { readonly processing?: 'continue'; readonly deserialization?: 'continue' };
  /** The library deliberately (or knowingly) differs from Java here: the suite asserts that it still does. */
  readonly knownDifference?: KnownDifference;
}

export const rec = (topic: string, key: Scalar, value: Scalar, timestamp: number): InputStep => ({
  topic,
  key,
  value,
  timestamp,
});
export const advance = (advanceMs: number): AdvanceStep => ({ advanceMs });

/** Output codecs, shorthand. */
export const SS = { key: 'string', value: 'string' } as const;
export const SL = { key: 'string', value: 'long' } as const;
export const tw = (size: number, value: Codec = 'long') => ({ key: `time-windowed:${size}` as const, value });
export const sw = (value: Codec = 'long') => ({ key: 'session-windowed' as const, value });

export function scenarios(...list: Scenario[]): Scenario[] {
  return list;
}
