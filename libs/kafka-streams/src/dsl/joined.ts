// Joined (Java: org.apache.kafka.streams.kstream.Joined): options of a stream-table join: its name, the serdes of
// the stream side (what the grace-period buffer stores) and the grace period (KIP-914). Type parameters come from
// the serdes given; `never` for a missing serde fits any join (the stream's own serdes are used then).
import type { Serde } from '../serde/serde.js';

export class Joined<K, V, VO> {
  private constructor(
    readonly name: string | undefined,
    readonly keySerde: Serde<K> | undefined,
    readonly valueSerde: Serde<V> | undefined,
    readonly otherValueSerde: Serde<VO> | undefined,
    readonly gracePeriodMs: number | undefined,
  ) {}

  static with<K = never, V = never, VO = never>(
    keySerde?: Serde<K>,
    valueSerde?: Serde<V>,
    otherValueSerde?: Serde<VO>,
  ): Joined<K, V, VO> {
    return new Joined(undefined, keySerde, valueSerde, otherValueSerde, undefined);
  }

  /** Names the join processor (and its grace-period buffer `<name>-Buffer`). */
  static as<K = never, V = never, VO = never>(name: string): Joined<K, V, VO> {
    return new Joined<K, V, VO>(nonEmpty(name), undefined, undefined, undefined, undefined);
  }

  withName(name: string): Joined<K, V, VO> {
    return new Joined(nonEmpty(name), this.keySerde, this.valueSerde, this.otherValueSerde, this.gracePeriodMs);
  }

  /**
   * Holds each stream record back until stream time has passed its timestamp by `gracePeriodMs`, then joins it
   * with the table's version as of its timestamp, so table updates arriving late (but within the grace period)
   * still join. The table must be versioned (materialized with `Stores.persistentVersionedKeyValueStore`); records
   * later than the grace period join at once. Records are released in timestamp order.
   */
  withGracePeriod(gracePeriodMs: number): Joined<K, V, VO> {
    if (!Number.isInteger(gracePeriodMs) || gracePeriodMs < 0) {
      throw new Error('Joined.withGracePeriod: the grace period must be a non-negative integer of milliseconds');
    }
    return new Joined(this.name, this.keySerde, this.valueSerde, this.otherValueSerde, gracePeriodMs);
  }
}

function nonEmpty(name: string): string {
  if (name.trim() === '') throw new Error('Joined: the name must not be empty');
  return name;
}
