// Exactly-once transactions as the metrics count them: committed ones, and those that end without committing
// (aborted when their task closes, or failed).
import { describe, expect, it } from '@jest/globals';
import type { OutgoingRecord, TransactionalProducer } from '../../../src/internal/client/types.js';
import { TransactionFailedError } from '../../../src/errors/exceptions.js';
import { TransactionCounters } from '../../../src/internal/runtime/instruments/transaction-counters.js';
import { TaskTransaction } from '../../../src/internal/runtime/eos/task-transaction.js';
import { silentLogger } from '../../../src/runtime/logger.js';

const record: OutgoingRecord = {
  topic: 'out',
  partition: 0,
  key: null,
  value: Buffer.from('v'),
  timestamp: 0,
  headers: [],
};
const input = [{ topic: 'in', partition: 0, offset: 1n }];

function transaction(commitFails = false) {
  const counters = new TransactionCounters();
  const failures: TransactionFailedError[] = [];
  const producer: TransactionalProducer = {
    connect: async () => {},
    disconnect: async () => {},
    initTransactions: async () => {},
    beginTransaction: async () => {},
    send: async () => [{ topic: 'out', partition: 0, offset: 1n }],
    sendOffsets: async () => {},
    commitTransaction: async () => {
      if (commitFails) throw new TransactionFailedError('producer fenced', true);
    },
    abortTransaction: async () => {},
  };
  const task = new TaskTransaction('0_0', producer, 'app', silentLogger, (f) => failures.push(f), counters);
  return { task, counters, failures };
}

describe('transaction counting', () => {
  it('counts committed transactions, and none for a commit with nothing to commit', async () => {
    const { task, counters } = transaction();
    await task.send([record]);
    expect(await task.commit(input)).toBe('committed');
    expect(await task.commit(input)).toBe('unchanged');
    expect(counters.snapshot()).toEqual({ committed: 1, aborted: 0 });
  });

  it('counts an open transaction aborted when its task closes', async () => {
    const { task, counters } = transaction();
    await task.send([record]);
    expect(await task.close(true, input)).toBe('wipe');
    expect(counters.snapshot()).toEqual({ committed: 0, aborted: 1 });
  });

  it('counts a failed transaction once, and nothing more when its task closes', async () => {
    const { task, counters, failures } = transaction(true);
    await task.send([record]);
    expect(await task.commit(input)).toBe('failed');
    await task.close(false, input);
    expect(failures.map((f) => f.fenced)).toEqual([true]);
    expect(counters.snapshot()).toEqual({ committed: 0, aborted: 1 });
  });
});
