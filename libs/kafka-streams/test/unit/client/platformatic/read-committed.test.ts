// read_committed on the client: records of aborted transactions never reach the runtime, whichever response
// their transaction's ABORT marker arrives in; committed and non-transactional records always do.
import { describe, expect, it } from '@jest/globals';
import type { RecordsBatch } from '@platformatic/kafka';
import { ReadCommittedFilter } from '../../../../src/internal/client/platformatic/read-committed.js';
import { decodeBatches } from '../../../../src/internal/client/platformatic/records.js';

const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;

function dataBatch(firstOffset: bigint, count: number, producerId: bigint, transactional = true): RecordsBatch {
  return {
    firstOffset,
    length: 0,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: transactional ? TRANSACTIONAL : 0,
    lastOffsetDelta: count - 1,
    firstTimestamp: 1_000n,
    maxTimestamp: 1_000n + BigInt(count - 1),
    producerId,
    producerEpoch: 0,
    firstSequence: 0,
    records: Array.from({ length: count }, (_, i) => ({
      length: 0,
      attributes: 0,
      timestampDelta: BigInt(i),
      offsetDelta: i,
      key: Buffer.from(`k${firstOffset + BigInt(i)}`),
      value: Buffer.from(`v${firstOffset + BigInt(i)}`),
      headers: [],
    })),
  };
}

function marker(offset: bigint, producerId: bigint, type: 'abort' | 'commit'): RecordsBatch {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type === 'abort' ? 0 : 1, 2);
  return {
    ...dataBatch(offset, 1, producerId),
    attributes: TRANSACTIONAL | CONTROL,
    records: [
      { length: 0, attributes: 0, timestampDelta: 0n, offsetDelta: 0, key, value: Buffer.alloc(6), headers: [] },
    ],
  };
}

/** Offsets of the records delivered from one response, and where reading continues. */
function read(
  filter: ReadCommittedFilter,
  position: bigint,
  aborted: ReadonlyArray<{ producerId: bigint; firstOffset: bigint }>,
  batches: ReadonlyArray<RecordsBatch>,
) {
  filter.addAborted(aborted);
  const { records, nextOffset } = decodeBatches('t', 0, batches, position, filter);
  return { offsets: records.map((r) => Number(r.offset)), nextOffset };
}

describe('ReadCommittedFilter', () => {
  it('drops an aborted transaction and keeps a committed one and non-transactional records, in one response', () => {
    const filter = new ReadCommittedFilter();
    const result = read(
      filter,
      0n,
      [{ producerId: 7n, firstOffset: 0n }],
      [
        dataBatch(0n, 2, 7n),
        dataBatch(2n, 2, 8n),
        marker(4n, 7n, 'abort'),
        marker(5n, 8n, 'commit'),
        dataBatch(6n, 1, -1n, false),
      ],
    );
    expect(result).toEqual({ offsets: [2, 3, 6], nextOffset: 7n });
  });

  it('keeps dropping a producer’s records until its ABORT marker arrives in a later response', () => {
    const filter = new ReadCommittedFilter();
    // The first response ends inside the aborted transaction.
    expect(read(filter, 0n, [{ producerId: 7n, firstOffset: 0n }], [dataBatch(0n, 3, 7n)])).toEqual({
      offsets: [],
      nextOffset: 3n,
    });
    // The next one does not list the transaction again: the range is still open until the marker.
    expect(
      read(
        filter,
        3n,
        [],
        [dataBatch(3n, 2, 7n), marker(5n, 7n, 'abort'), dataBatch(6n, 2, 7n), marker(8n, 7n, 'commit')],
      ),
    ).toEqual({ offsets: [6, 7], nextOffset: 9n });
  });

  it('does not reopen a range when a later response lists it again after its marker', () => {
    const filter = new ReadCommittedFilter();
    read(filter, 0n, [{ producerId: 7n, firstOffset: 0n }], [dataBatch(0n, 2, 7n), marker(2n, 7n, 'abort')]);
    expect(
      read(filter, 3n, [{ producerId: 7n, firstOffset: 0n }], [dataBatch(3n, 2, 7n), marker(5n, 7n, 'commit')]),
    ).toEqual({
      offsets: [3, 4],
      nextOffset: 6n,
    });
  });

  it('handles several aborted transactions of the same producer in one response', () => {
    const filter = new ReadCommittedFilter();
    const result = read(
      filter,
      0n,
      [
        { producerId: 7n, firstOffset: 6n },
        { producerId: 7n, firstOffset: 0n },
      ],
      [
        dataBatch(0n, 2, 7n),
        marker(2n, 7n, 'abort'),
        dataBatch(3n, 2, 7n),
        marker(5n, 7n, 'commit'),
        dataBatch(6n, 2, 7n),
        marker(8n, 7n, 'abort'),
      ],
    );
    expect(result).toEqual({ offsets: [3, 4], nextOffset: 9n });
  });

  it('interleaves producers: only the aborted producer’s batches are dropped', () => {
    const filter = new ReadCommittedFilter();
    const result = read(
      filter,
      0n,
      [{ producerId: 1n, firstOffset: 0n }],
      [
        dataBatch(0n, 1, 1n),
        dataBatch(1n, 1, 2n),
        dataBatch(2n, 1, 1n),
        marker(3n, 2n, 'commit'),
        marker(4n, 1n, 'abort'),
      ],
    );
    expect(result).toEqual({ offsets: [1], nextOffset: 5n });
  });

  it('forgets open ranges on reset (a seek)', () => {
    const filter = new ReadCommittedFilter();
    read(filter, 0n, [{ producerId: 7n, firstOffset: 0n }], [dataBatch(0n, 2, 7n)]);
    filter.reset();
    expect(read(filter, 10n, [], [dataBatch(10n, 1, 7n)])).toEqual({ offsets: [10], nextOffset: 11n });
  });
});

describe('decodeBatches', () => {
  it('skips records before the position, stops at an end offset and moves past markers', () => {
    const decoded = decodeBatches('t', 3, [dataBatch(0n, 4, -1n, false), marker(4n, 9n, 'commit')], 2n, undefined, 3n);
    expect(
      decoded.records.map((r) => [r.topic, r.partition, Number(r.offset), r.key?.toString(), r.timestamp]),
    ).toEqual([['t', 3, 2, 'k2', 1_002]]);
    expect(decoded.nextOffset).toBe(5n);
  });

  it('keeps repeated header keys in order', () => {
    const batch = dataBatch(0n, 1, -1n, false);
    batch.records[0]!.headers = [
      [Buffer.from('h'), Buffer.from('1')],
      [Buffer.from('h'), Buffer.from('2')],
    ];
    const [record] = decodeBatches('t', 0, [batch], 0n, undefined).records;
    expect(record!.headers.map(([key, value]) => `${key}=${value.toString()}`)).toEqual(['h=1', 'h=2']);
  });
});
