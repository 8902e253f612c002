// Exactly-once v2's transactional id: `<applicationId>-<instance>-1`, stable across restarts for a static member
// (its group instance id), so that a restarted instance's registration aborts its predecessor's open transaction.
import { describe, expect, it } from '@jest/globals';
import type { TransactionalProducer, TransactionalProducerOptions } from '../../../../src/internal/client/types.js';
import { ExactlyOnceThread } from '../../../../src/internal/runtime/eos/exactly-once-thread.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function threadWith(instanceId?: string): { registered: string[] } {
  const registered: string[] = [];
  new ExactlyOnceThread({
    applicationId: 'word-count',
    ...(instanceId !== undefined ? { instanceId } : {}),
    clients: {
      transactionalProducer: (options: TransactionalProducerOptions) => {
        registered.push(options.transactionalId);
        return {} as TransactionalProducer;
      },
    },
    admin: { committedOffsets: async () => [], offsetRange: async () => new Map() } as never,
    transactionTimeoutMs: 10_000,
    logger: silent,
    reviveTask: () => undefined,
    activeTasks: () => [],
    stopping: () => false,
  });
  return { registered };
}

describe('ExactlyOnceThread transactional id', () => {
  it('is the same for every start of a static member: its group instance id', () => {
    expect(threadWith('word-count-0').registered).toEqual(['word-count-word-count-0-1']);
    expect(threadWith('word-count-0').registered).toEqual(['word-count-word-count-0-1']);
  });

  it('is new for every start of a dynamic member', () => {
    const [first] = threadWith().registered;
    const [second] = threadWith().registered;
    expect(first).toMatch(/^word-count-[0-9a-f-]{36}-1$/);
    expect(second).not.toBe(first);
  });
});
