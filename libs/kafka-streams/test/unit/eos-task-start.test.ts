// An exactly-once task whose start fails because the cluster is away (a broker restarting) is started again
// once it is back, instead of failing the application; a start that keeps failing fails after startTimeoutMs.
import { describe, expect, it } from '@jest/globals';
import type { TransactionalProducer } from '../../src/internal/client/types.js';
import { ExactlyOnceTasks } from '../../src/internal/runtime/eos/exactly-once-tasks.js';
import { silentLogger } from '../../src/runtime/logger.js';

const input = { topic: 'in', partition: 0 };

function tasks({ failingConnects, startTimeoutMs }: { failingConnects: number; startTimeoutMs: number }) {
  let connects = 0;
  const producer: TransactionalProducer = {
    connect: async () => {
      connects++;
      if (connects <= failingConnects) throw new Error('Connection error: getaddrinfo ENOTFOUND kafka');
    },
    disconnect: async () => {},
    initTransactions: async () => {},
    beginTransaction: async () => {},
    send: async () => [],
    sendOffsets: async () => {},
    commitTransaction: async () => {},
    abortTransaction: async () => {},
  };
  const lifecycle = new ExactlyOnceTasks({
    applicationId: 'app',
    clients: { transactionalProducer: () => producer },
    admin: {
      committedOffsets: async () => [{ ...input, offset: 42n }],
      offsetRange: async () => new Map(),
    },
    transactionTimeoutMs: 60_000,
    fencedRestartDelayMs: 0,
    logger: silentLogger,
    reviveTask: () => {},
    stopping: () => false,
    startTimeoutMs,
  });
  return { lifecycle, connects: () => connects };
}

describe('an exactly-once task start while the cluster is away', () => {
  it('is retried until the producer connects, then reads its offsets', async () => {
    const { lifecycle, connects } = tasks({ failingConnects: 2, startTimeoutMs: 10_000 });
    const positions = await lifecycle.create('0_0').starting([input], () => false);
    expect(positions).toEqual([{ ...input, offset: 42n }]);
    expect(connects()).toBe(3);
  });

  it('fails once startTimeoutMs has passed', async () => {
    const { lifecycle, connects } = tasks({ failingConnects: Number.POSITIVE_INFINITY, startTimeoutMs: 1_000 });
    await expect(lifecycle.create('0_0').starting([input], () => false)).rejects.toThrow('ENOTFOUND');
    expect(connects()).toBeGreaterThanOrEqual(2);
  });

  it('stops retrying when the task is aborted (revoked)', async () => {
    let aborted = false;
    const { lifecycle, connects } = tasks({ failingConnects: Number.POSITIVE_INFINITY, startTimeoutMs: 60_000 });
    const starting = lifecycle.create('0_0').starting([input], () => aborted);
    setTimeout(() => (aborted = true), 700);
    await expect(starting).rejects.toThrow('ENOTFOUND');
    expect(connects()).toBeLessThanOrEqual(3);
  });
});
