// What a foreign-key table join (KIP-213) sends through its two internal topics and keeps in its subscription
// store, and the serdes for them. The hash names the left row a message was made for: a response whose hash is
// not that of the left row's current value is stale (the row changed since) and is dropped.
import { createHash } from 'node:crypto';
import { StreamsError } from '../../errors/exceptions.js';
import type { Serde } from '../../serde/serde.js';

/** What the foreign side does with a subscription (Java: SubscriptionWrapper.Instruction). */
export type SubscriptionInstruction =
  | 'delete-no-propagate'
  | 'delete-and-propagate'
  | 'propagate-null-if-no-foreign-value'
  | 'propagate-only-if-foreign-value';

const INSTRUCTIONS: readonly SubscriptionInstruction[] = [
  'delete-no-propagate',
  'delete-and-propagate',
  'propagate-null-if-no-foreign-value',
  'propagate-only-if-foreign-value',
];

/** A left row's (un)subscription to a foreign key: keyed by the foreign key on the subscription topic. */
export interface Subscription<K> {
  readonly instruction: SubscriptionInstruction;
  /** The hash of the left row's new value; null when the row was deleted. */
  readonly hash: Buffer | null;
  readonly primaryKey: K;
}

/** The foreign side's answer, keyed by the left row's key on the response topic. */
export interface SubscriptionResponse<VO> {
  readonly hash: Buffer | null;
  readonly foreignValue: VO | null;
}

/** The left rows subscribed to one foreign key, in the order of their serialized keys (Java's prefix scan). */
export type SubscriptionSet = ReadonlyArray<{ readonly primaryKey: Buffer; readonly hash: Buffer | null }>;

const HASH_BYTES = 16;

export const valueHash = (bytes: Buffer | null): Buffer | null =>
  bytes === null ? null : createHash('md5').update(bytes).digest();

const sameHash = (a: Buffer | null, b: Buffer | null): boolean => (a === null || b === null ? a === b : a.equals(b));
export { sameHash };

class Reader {
  private offset = 0;
  constructor(
    private readonly data: Buffer,
    private readonly what: string,
  ) {}

  byte(): number {
    return this.take(1)[0]!;
  }

  take(length: number): Buffer {
    if (this.offset + length > this.data.length) throw new StreamsError(`${this.what}: truncated record`);
    const slice = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  hash(): Buffer | null {
    return this.byte() === 1 ? Buffer.from(this.take(HASH_BYTES)) : null;
  }

  sized(): Buffer {
    return Buffer.from(this.take(this.take(4).readInt32BE()));
  }

  rest(): Buffer {
    return this.take(this.data.length - this.offset);
  }

  done(): boolean {
    return this.offset === this.data.length;
  }
}

const hashBytes = (hash: Buffer | null): Buffer =>
  hash === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), hash]);

const sizedBytes = (bytes: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

function required(bytes: Buffer | null, what: string): Buffer {
  if (bytes === null) throw new StreamsError(`${what} serialized to null`);
  return bytes;
}

export function subscriptionSerde<K>(primaryKeySerde: Serde<K>): Serde<Subscription<K>> {
  return {
    name: `Subscription<${primaryKeySerde.name}>`,
    serialize: (topic, { instruction, hash, primaryKey }) =>
      Buffer.concat([
        Buffer.from([INSTRUCTIONS.indexOf(instruction)]),
        hashBytes(hash),
        required(primaryKeySerde.serialize(topic, primaryKey), 'a foreign-key join primary key'),
      ]),
    deserialize: (topic, data) => {
      if (data === null) throw new StreamsError(`a foreign-key join subscription on ${topic} has no value`);
      const reader = new Reader(data, `foreign-key join subscription on ${topic}`);
      const instruction = INSTRUCTIONS[reader.byte()];
      if (instruction === undefined) throw new StreamsError(`unknown foreign-key join instruction on ${topic}`);
      const hash = reader.hash();
      return { instruction, hash, primaryKey: primaryKeySerde.deserialize(topic, reader.rest()) };
    },
  };
}

export function responseSerde<VO>(foreignValueSerde: Serde<VO>): Serde<SubscriptionResponse<VO>> {
  return {
    name: `SubscriptionResponse<${foreignValueSerde.name}>`,
    serialize: (topic, { hash, foreignValue }) => {
      const value = foreignValue === null ? null : foreignValueSerde.serialize(topic, foreignValue);
      return Buffer.concat([
        hashBytes(hash),
        value === null ? Buffer.from([0]) : Buffer.concat([Buffer.from([1]), value]),
      ]);
    },
    deserialize: (topic, data) => {
      if (data === null) throw new StreamsError(`a foreign-key join response on ${topic} has no value`);
      const reader = new Reader(data, `foreign-key join response on ${topic}`);
      const hash = reader.hash();
      const foreignValue = reader.byte() === 1 ? foreignValueSerde.deserialize(topic, reader.rest()) : null;
      return { hash, foreignValue };
    },
  };
}

export const subscriptionSetSerde: Serde<SubscriptionSet> = {
  name: 'SubscriptionSet',
  serialize: (_topic, entries) =>
    Buffer.concat(entries.flatMap(({ primaryKey, hash }) => [sizedBytes(primaryKey), hashBytes(hash)])),
  deserialize: (topic, data) => {
    if (data === null) return [];
    const reader = new Reader(data, `foreign-key join subscriptions in ${topic}`);
    const entries: Array<{ primaryKey: Buffer; hash: Buffer | null }> = [];
    while (!reader.done()) entries.push({ primaryKey: reader.sized(), hash: reader.hash() });
    return entries;
  },
};
