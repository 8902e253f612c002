// KTable<K, V>: a changelog stream, the latest value per key (Java: KTable). Part 1 declares it and lets it
// be converted back to a stream; materialization, queries and table operations come with state stores.
import type { Serde } from '../serde/serde.js';
import type { BuildContext } from './build-context.js';
import { KStream } from './kstream.js';
import { passThroughProcessor } from './operators.js';
import type { Named } from './options.js';

export class KTable<K, V> {
  /** @internal */
  constructor(
    private readonly context: BuildContext,
    readonly nodeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
  ) {}

  /** The table's updates as a stream. */
  toStream(named?: Named): KStream<K, V> {
    const name = this.context.nameOr(named?.name, 'KTABLE-TOSTREAM-');
    this.context.topology.addProcessor(name, passThroughProcessor(), this.nodeName);
    return new KStream<K, V>(this.context, name, this.keySerde, this.valueSerde);
  }
}

/** A table replicated in full on every instance (Java: GlobalKTable); it needs state stores (part 2). */
export class GlobalKTable<K, V> {
  declare private readonly types: [K, V];
  /** @internal */
  constructor(readonly topic: string) {}
}
