// Serdes turn typed keys and values into bytes and back. `null` is Kafka's "no key" / tombstone.

export interface Serializer<T> {
  serialize(topic: string, data: T, headers?: MutableHeaders): Buffer | null;
}

export interface Deserializer<T> {
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T;
}

/** One object that does both directions for a type T; custom serdes implement just this. */
export interface Serde<T> extends Serializer<T>, Deserializer<T> {
  /** A short name used in errors and topology descriptions, e.g. "String" or "Json<Sentence>". */
  readonly name: string;
}

/** Record headers: Kafka allows a key to repeat; values are bytes. */
export type Headers = ReadonlyArray<readonly [key: string, value: Buffer]>;
export type MutableHeaders = Array<[key: string, value: Buffer]>;
