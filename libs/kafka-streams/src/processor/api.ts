// The Processor API: what `process`/`processValues` users implement, and what DSL operators are built from.
import type { Headers } from '../serde/serde.js';

/** An immutable record flowing through a topology. */
export interface Record<K, V> {
  readonly key: K;
  readonly value: V;
  /** Event time in epoch milliseconds. */
  readonly timestamp: number;
  readonly headers: Headers;
}

/** Where the record being processed came from; absent for records created by a punctuator. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

export type PunctuationType = 'stream-time' | 'wall-clock-time';

export interface Cancellable {
  cancel(): void;
}

export interface ProcessorContext<KOut, VOut> {
  readonly applicationId: string;
  readonly taskId: string;
  /** Metadata of the input record currently being processed (undefined inside punctuators). */
  recordMetadata(): RecordMetadata | undefined;
  /** The task's stream time: the largest timestamp seen so far on its inputs. */
  currentStreamTimeMs(): number;
  currentSystemTimeMs(): number;
  /** Sends a record to every child, or only to the named child. */
  forward(record: Record<KOut, VOut>, childName?: string): void;
  schedule(intervalMs: number, type: PunctuationType, punctuator: (timestampMs: number) => void): Cancellable;
  /** Requests a commit as soon as possible after the current record. */
  commit(): void;
  /** A state store connected to this processor (declared with the processor, or a global store). */
  getStateStore<S>(name: string): S;
  /**
   * Reports a record dropped because its window had closed: counted in the task's `droppedLateRecords`
   * metric and logged at debug. Used by windowed operators; optional so hand-written contexts still fit.
   */
  recordDroppedAsLate?(details: Readonly<globalThis.Record<string, unknown>>): void;
}

export interface Processor<KIn, VIn, KOut = never, VOut = never> {
  init?(context: ProcessorContext<KOut, VOut>): void;
  process(record: Record<KIn, VIn>): void;
  close?(): void;
}

export type ProcessorSupplier<KIn, VIn, KOut = never, VOut = never> = () => Processor<KIn, VIn, KOut, VOut>;

declare const fixedKeyBrand: unique symbol;

/**
 * The key of a record a `FixedKeyProcessor` received. Only such a key fits a `FixedKeyRecord`, so forwarding
 * `{ ...record, value }` compiles and `{ ...record, key: other }` does not (Java: FixedKeyRecord has no withKey).
 */
export type FixedKey<K> = K extends null | undefined ? K : K & { readonly [fixedKeyBrand]: true };

/** A record whose key a processor may not change (so no repartition is needed downstream). */
export type FixedKeyRecord<K, V> = Record<FixedKey<K>, V>;

export interface FixedKeyProcessorContext<K, VOut> extends Omit<ProcessorContext<K, VOut>, 'forward'> {
  forward(record: FixedKeyRecord<K, VOut>, childName?: string): void;
}

export interface FixedKeyProcessor<K, VIn, VOut = never> {
  init?(context: FixedKeyProcessorContext<K, VOut>): void;
  process(record: FixedKeyRecord<K, VIn>): void;
  close?(): void;
}

export type FixedKeyProcessorSupplier<K, VIn, VOut = never> = () => FixedKeyProcessor<K, VIn, VOut>;
