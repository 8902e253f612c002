// The runtime's Produce request encoder against @platformatic/kafka's own (the reference, v11): the same bytes for
// any messages, options and sequence numbers; and a request read back by the client's decoder, CRC checked.
import { describe, expect, it } from '@jest/globals';
import { crc32c, type MessageRecord, NumericMap, produceV11, Reader, readRecordsBatches } from '@platformatic/kafka';
import fc from 'fast-check';
import { encodeProduceRequest } from '../../../../src/internal/client/platformatic/produce-request.js';

const SEED = 20261207;

const bytes = fc.option(
  fc.uint8Array({ maxLength: 300 }).map((array) => Buffer.from(array)),
  { nil: null },
);
const message: fc.Arbitrary<GeneratedMessage> = fc.record({
  topic: fc.constantFrom('words', 'app-counts-changelog', 'app-repartition', 'ünïcödé-topic'),
  partition: fc.integer({ min: 0, max: 5 }),
  key: bytes,
  value: bytes,
  // Ahead of and behind the batch's first record: deltas of every varint length up to 2^31 ms, both signs. Beyond
  // that the reference writes them wrong (below).
  timestamp: fc.bigInt({ min: 1_700_000_000_000n, max: 1_700_000_000_000n + 2n ** 31n - 1n }),
  headers: fc.array(fc.tuple(fc.string({ maxLength: 20 }), bytes), { maxLength: 4 }),
});
const options = fc.record({
  transactionalId: fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: null }),
  producerId: fc.bigInt({ min: -1n, max: 2n ** 40n }),
  producerEpoch: fc.integer({ min: 0, max: 32_767 }),
  firstSequence: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

/** Messages as the Producer hands them to its Produce API: header keys and values serialized, in a Map. */
interface GeneratedMessage {
  topic: string;
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: bigint;
  headers: Array<[string, Buffer | null]>;
}

function asProduced(generated: ReadonlyArray<GeneratedMessage>): MessageRecord[] {
  return generated.map(({ headers, key, value, ...rest }) => ({
    ...rest,
    key: key as Buffer,
    value: value as Buffer,
    headers: new Map(headers.map(([k, v]) => [Buffer.from(k, 'utf8'), v as Buffer] as const)),
  }));
}

function sequencesOf(messages: ReadonlyArray<MessageRecord>, first: number): NumericMap {
  const sequences = new NumericMap();
  messages.forEach((m, i) => sequences.set(`${m.topic}:${m.partition}`, (first + i * 7) % 2 ** 31));
  return sequences;
}

describe('encodeProduceRequest', () => {
  it("writes the bytes of @platformatic/kafka's Produce v11 encoder", () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 60 }), options, (generated, opts) => {
        const messages = asProduced(generated);
        const produceOptions = { ...opts, sequences: sequencesOf(messages, opts.firstSequence) };
        const ours = encodeProduceRequest(-1, 30_000, messages, produceOptions).buffer;
        const reference = produceV11.createRequest(-1, 30_000, asProduced(generated), produceOptions).buffer;
        expect(ours.equals(reference)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('writes a batch the decoder reads back record for record, its CRC over attributes to the end', () => {
    const messages = asProduced([
      { topic: 't', partition: 1, key: null, value: null, timestamp: 1_700_000_000_500n, headers: [] },
      {
        topic: 't',
        partition: 1,
        key: Buffer.from('k'),
        value: Buffer.alloc(0),
        timestamp: 1_700_000_000_000n,
        headers: [
          ['h', Buffer.from('1')],
          ['h', null],
        ],
      },
    ]);
    const request = encodeProduceRequest(-1, 1_000, messages, { producerId: 5n, producerEpoch: 2 }).buffer;
    const reader = Reader.from(request);
    expect(reader.readNullableString()).toBeNull();
    expect([reader.readInt16(), reader.readInt32(), reader.readUnsignedVarInt()]).toEqual([-1, 1_000, 2]);
    expect([reader.readString(), reader.readUnsignedVarInt(), reader.readInt32()]).toEqual(['t', 2, 1]);
    const batchBytes = reader.readUnsignedVarInt() - 1;
    const batchBuffer = request.subarray(reader.position, reader.position + batchBytes);
    expect(reader.position + batchBytes + 3).toBe(request.length); // then three empty tagged-field sections
    const [batch, ...more] = readRecordsBatches(Reader.from(batchBuffer));
    expect(more).toEqual([]);
    expect(batch).toMatchObject({
      length: batchBytes - 12,
      magic: 2,
      attributes: 0,
      lastOffsetDelta: 1,
      firstTimestamp: 1_700_000_000_500n,
      maxTimestamp: 1_700_000_000_500n,
      producerId: 5n,
      producerEpoch: 2,
      firstSequence: 0,
    });
    expect(batch?.crc).toBe(crc32c(batchBuffer.subarray(21)));
    expect(batch?.records.map((r) => [r.key, r.value, r.timestampDelta, r.headers])).toEqual([
      [null, null, 0n, []],
      [
        Buffer.from('k'),
        Buffer.alloc(0),
        -500n,
        [
          [Buffer.from('h'), Buffer.from('1')],
          [Buffer.from('h'), null],
        ],
      ],
    ]);
  });

  it("writes timestamps any distance from the batch's first, where the reference stops at 2^31 ms (24.8 days)", () => {
    // @platformatic/kafka 2.12.1 zig-zags a varlong with a 31-bit shift and a 32-bit mask: a record 2^31 ms after
    // its batch's first is written as 1 ms before it.
    const first = 1_700_000_000_000n;
    const deltas = [2n ** 31n, -(2n ** 31n) - 1n, 2n ** 40n, -(2n ** 35n), 2n ** 32n + 5n];
    const messages = asProduced(
      [0n, ...deltas].map((delta) => ({
        topic: 't',
        partition: 0,
        key: null,
        value: null,
        timestamp: first + delta,
        headers: [],
      })),
    );
    const request = encodeProduceRequest(-1, 1_000, messages, {}).buffer;
    const reader = Reader.from(request);
    reader.readNullableString();
    reader.readInt16();
    reader.readInt32();
    reader.readUnsignedVarInt();
    reader.readString();
    reader.readUnsignedVarInt();
    reader.readInt32();
    reader.readUnsignedVarInt();
    const [batch] = readRecordsBatches(reader);
    expect(batch?.firstTimestamp).toBe(first);
    expect(batch?.maxTimestamp).toBe(first + 2n ** 40n);
    expect(batch?.records.map((r) => r.timestampDelta)).toEqual([0n, ...deltas]);
  });
});
