// KIP-447 on the @platformatic/kafka client: offsets sent in a transaction carry the consumer group metadata, and
// the group coordinator rejects those of a member whose generation is over (a zombie), whatever its producer.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { TransactionFailedError } from '../../src/errors/exceptions.js';
import { PlatformaticClientFactory } from '../../src/internal/client/platformatic/client-factory.js';
import type { GroupConsumer, TransactionalProducer } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';

jest.setTimeout(90_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('exactly-once v2 fencing on the platformatic client', () => {
  let admin: Admin;
  const input = uniqueName('fence-in');
  const output = uniqueName('fence-out');
  const factory = new PlatformaticClientFactory({
    clientId: 'fencing-test',
    brokers: bootstrapServers(),
    logger: silent,
  });
  const consumers: GroupConsumer[] = [];
  const producers: TransactionalProducer[] = [];

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 1 },
    ]);
  });

  afterAll(async () => {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
    await Promise.all(consumers.map((c) => c.disconnect()));
    await admin.disconnect();
  });

  async function member(groupId: string): Promise<GroupConsumer> {
    const consumer = factory.consumer({
      groupId,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 300,
      maxWaitTimeMs: 100,
    });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe([input]);
    await consumer.run(async () => undefined, {});
    return consumer;
  }

  async function transactionalProducer(): Promise<TransactionalProducer> {
    const producer = factory.transactionalProducer({
      transactionalId: uniqueName('fence-tx'),
      transactionTimeoutMs: 30_000,
    });
    producers.push(producer);
    await producer.connect();
    await producer.initTransactions();
    await producer.beginTransaction();
    await producer.send([
      { topic: output, partition: 0, key: null, value: Buffer.from('out'), timestamp: Date.now(), headers: [] },
    ]);
    return producer;
  }

  it('rejects the offsets of a member of an older generation, and commits those of the current one', async () => {
    const groupId = uniqueName('fence-group');
    const a = await member(groupId);
    const stale = a.groupMetadata!();
    expect(stale.generationId).toBeGreaterThanOrEqual(1);

    // A second member joins: the group rebalances and `a` rejoins in a newer generation.
    await member(groupId);
    await waitFor(() => a.groupMetadata!().generationId > stale.generationId, 30_000, 'the first member to rejoin');

    const zombie = await transactionalProducer();
    const rejected = zombie.sendOffsets(groupId, [{ topic: input, partition: 0, offset: 1n }], stale);
    await expect(rejected).rejects.toBeInstanceOf(TransactionFailedError);
    await expect(rejected).rejects.toMatchObject({
      fenced: true,
      message: expect.stringContaining('ILLEGAL_GENERATION'),
    });
    await zombie.abortTransaction().catch(() => undefined);

    const current = await transactionalProducer();
    await current.sendOffsets(groupId, [{ topic: input, partition: 0, offset: 1n }], a.groupMetadata!());
    await current.commitTransaction();

    const offsets = factory.admin();
    try {
      const committed = await offsets.committedOffsets(groupId, [{ topic: input, partition: 0 }]);
      expect(committed).toEqual([{ topic: input, partition: 0, offset: 1n }]);
    } finally {
      await offsets.disconnect();
    }
    // Only the transaction of the current member became visible.
    const visible = await readAll(kafka(), output, { expected: 1, idleMs: 2_000 });
    expect(visible.map((r) => r.value)).toEqual(['out']);
  });
});
