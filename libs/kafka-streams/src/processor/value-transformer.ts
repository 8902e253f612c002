// KTable.transformValues (Java: ValueTransformerWithKey): a per-task object that turns each table value into a
// new one, with access to state stores and punctuators but no way to forward records itself.
import type { Headers } from '../serde/serde.js';
import type { ProcessorContext } from './api.js';

/** What a transformer's `init` gets (Java: its ProcessorContext with forwarding disabled). */
export interface ValueTransformerContext extends Omit<
  ProcessorContext<never, never>,
  'forward' | 'recordDroppedAsLate'
> {
  /** The timestamp of the record being transformed (Java: `context.timestamp()`). */
  recordTimestampMs(): number;
  /** The headers of the record being transformed. */
  recordHeaders(): Headers;
}

export interface ValueTransformerWithKey<K, V, VR> {
  init?(context: ValueTransformerContext): void;
  /**
   * The new value for the key. `value` is null for a delete (Java passes tombstones too): return null to keep
   * it a delete. Must not change `readOnlyKey`.
   */
  transform(readOnlyKey: K, value: V | null): VR | null;
  close?(): void;
}

/** Gives each task its own transformer. */
export type ValueTransformerWithKeySupplier<K, V, VR> = () => ValueTransformerWithKey<K, V, VR>;
