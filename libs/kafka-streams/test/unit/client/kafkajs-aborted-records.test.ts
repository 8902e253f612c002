import { describe, expect, it } from '@jest/globals';
import { abortedRecordIndexes, type FetchedRecordInfo } from '../../../src/internal/client/kafkajs/aborted-records.js';
import { hideAbortedRecords } from '../../../src/internal/client/kafkajs/read-committed.js';

const ABORT = Buffer.from([0, 0, 0, 0]);
const COMMIT = Buffer.from([0, 0, 0, 1]);

/** A data record of producer `pid` (transactional unless said otherwise). */
const data = (offset: number, pid: string, inTransaction = true): FetchedRecordInfo => ({
  offset: String(offset),
  key: Buffer.from(`k${offset}`),
  batchContext: { producerId: pid, inTransaction, isControlBatch: false },
});
const marker = (offset: number, pid: string, key: Buffer): FetchedRecordInfo => ({
  offset: String(offset),
  key,
  batchContext: { producerId: pid, inTransaction: true, isControlBatch: true },
});

describe('abortedRecordIndexes (read_committed)', () => {
  // a0 0, b0 1, c0 2, C commits 3, a1 4, b1 5, B aborts 6, A aborts 7, d0 8 (C), C commits 9
  const partition = [
    data(0, 'A'),
    data(1, 'B'),
    data(2, 'C'),
    marker(3, 'C', COMMIT),
    data(4, 'A'),
    data(5, 'B'),
    marker(6, 'B', ABORT),
    marker(7, 'A', ABORT),
    data(8, 'C'),
    marker(9, 'C', COMMIT),
  ];
  // Listed as the broker lists them: in the order they ended.
  const aborted = [
    { producerId: 'B', firstOffset: '1' },
    { producerId: 'A', firstOffset: '0' },
  ];

  it('finds every record of the aborted transactions whatever order they are listed in', () => {
    expect([...abortedRecordIndexes(partition, aborted)].sort()).toEqual([0, 1, 4, 5]);
  });

  it('puts every aborted transaction that started before a fetch into effect at its first record', () => {
    const fromOffset4 = partition.slice(4);
    expect([...abortedRecordIndexes(fromOffset4, aborted)].sort()).toEqual([0, 1]);
  });

  it("keeps a producer's records after its ABORT marker (its next transaction)", () => {
    const records = [data(0, 'A'), marker(1, 'A', ABORT), data(2, 'A'), marker(3, 'A', COMMIT)];
    expect([...abortedRecordIndexes(records, [{ producerId: 'A', firstOffset: '0' }])]).toEqual([0]);
  });

  it('keeps non-transactional records of a producer id with an aborted transaction, and records of old formats', () => {
    const records = [data(0, 'A'), data(1, 'A', false), { offset: '2', key: null }, marker(3, 'A', ABORT)];
    expect([...abortedRecordIndexes(records, [{ producerId: 'A', firstOffset: '0' }])]).toEqual([0]);
  });

  it('finds nothing when no aborted transaction is listed (read_uncommitted, or none in range)', () => {
    expect(abortedRecordIndexes(partition, []).size).toBe(0);
  });
});

describe('hideAbortedRecords', () => {
  it('marks the aborted records as control records (kafkajs skips them) and leaves kafkajs no list to filter by', () => {
    const messages = [data(0, 'A'), data(1, 'B', false), marker(2, 'A', ABORT)].map((r) => ({
      ...r,
      isControlRecord: r.batchContext?.isControlBatch ?? false,
    }));
    const partition = { abortedTransactions: [{ producerId: 'A', firstOffset: '0' }], messages };
    hideAbortedRecords({ responses: [{ partitions: [partition] }] });
    expect(messages.map((m) => m.isControlRecord)).toEqual([true, false, true]);
    expect(partition.abortedTransactions).toEqual([]);
  });
});
