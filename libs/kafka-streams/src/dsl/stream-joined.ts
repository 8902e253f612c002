// StreamJoined (Java: org.apache.kafka.streams.kstream.StreamJoined): serdes, names and stores of a
// stream-stream join. Type parameters come from the serdes given; `never` for a missing serde fits any join
// (the streams' own serdes are used then).
import type { Serde } from '../serde/serde.js';

interface Settings<K, V, VO> {
  /** Base of the join's processor names and repartition topics. */
  readonly name: string | undefined;
  /** Base of the join's store names (and so of their changelogs). */
  readonly storeName: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly otherValueSerde: Serde<VO> | undefined;
  readonly loggingEnabled: boolean;
  readonly inMemory: boolean;
}

const DEFAULTS: Settings<never, never, never> = {
  name: undefined,
  storeName: undefined,
  keySerde: undefined,
  valueSerde: undefined,
  otherValueSerde: undefined,
  loggingEnabled: true,
  inMemory: false,
};

function nonEmpty(name: string, what: string): string {
  if (name.trim() === '') throw new Error(`StreamJoined: the ${what} must not be empty`);
  return name;
}

export class StreamJoined<K, V, VO> {
  private constructor(private readonly settings: Settings<K, V, VO>) {}

  static with<K = never, V = never, VO = never>(
    keySerde?: Serde<K>,
    valueSerde?: Serde<V>,
    otherValueSerde?: Serde<VO>,
  ): StreamJoined<K, V, VO> {
    return new StreamJoined<K, V, VO>({ ...DEFAULTS, keySerde, valueSerde, otherValueSerde });
  }

  /** Names the join's stores: `<storeName>-this-join-store`, `<storeName>-other-join-store`, ... */
  static as<K = never, V = never, VO = never>(storeName: string): StreamJoined<K, V, VO> {
    return new StreamJoined<K, V, VO>({ ...DEFAULTS, storeName: nonEmpty(storeName, 'store name') });
  }

  get name(): string | undefined {
    return this.settings.name;
  }
  get storeName(): string | undefined {
    return this.settings.storeName;
  }
  get keySerde(): Serde<K> | undefined {
    return this.settings.keySerde;
  }
  get valueSerde(): Serde<V> | undefined {
    return this.settings.valueSerde;
  }
  get otherValueSerde(): Serde<VO> | undefined {
    return this.settings.otherValueSerde;
  }
  get loggingEnabled(): boolean {
    return this.settings.loggingEnabled;
  }
  get inMemory(): boolean {
    return this.settings.inMemory;
  }

  /** Names the join's processors (`<name>-this-windowed`, `<name>-merge`, ...) and repartition topics. */
  withName(name: string): StreamJoined<K, V, VO> {
    return new StreamJoined({ ...this.settings, name: nonEmpty(name, 'name') });
  }

  withStoreName(storeName: string): StreamJoined<K, V, VO> {
    return new StreamJoined({ ...this.settings, storeName: nonEmpty(storeName, 'store name') });
  }

  withKeySerde<K2>(keySerde: Serde<K2>): StreamJoined<K2, V, VO> {
    return new StreamJoined<K2, V, VO>({ ...this.settings, keySerde });
  }

  withValueSerde<V2>(valueSerde: Serde<V2>): StreamJoined<K, V2, VO> {
    return new StreamJoined<K, V2, VO>({ ...this.settings, valueSerde });
  }

  withOtherValueSerde<VO2>(otherValueSerde: Serde<VO2>): StreamJoined<K, V, VO2> {
    return new StreamJoined<K, V, VO2>({ ...this.settings, otherValueSerde });
  }

  /** No changelog topics: the join's buffers are not restored after a failure. */
  withLoggingDisabled(): StreamJoined<K, V, VO> {
    return new StreamJoined({ ...this.settings, loggingEnabled: false });
  }

  /** In-memory stores (default: persistent, on disk under the state directory). */
  withInMemory(): StreamJoined<K, V, VO> {
    return new StreamJoined({ ...this.settings, inMemory: true });
  }
}
