// kafkajs is unmaintained and its transactions are not known to be tested against Kafka 4:
// this proves the pieces exactly-once processing is built on, against the pinned broker.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../support/kafka.js';

describe('kafkajs transactions against the pinned broker', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
  });

  it('commits output and consumer offsets atomically; read_committed never sees aborted records', async () => {
    const input = uniqueName('tx-input');
    const output = uniqueName('tx-output');
    const groupId = uniqueName('tx-group');
    await createTopics(admin, [{ topic: input }, { topic: output }]);

    const plain = client.producer();
    await plain.connect();
    await plain.send({
      topic: input,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    });
    await plain.disconnect();

    // As in a real consume-transform-produce loop, the group has joined before the first transaction.
    // (Found here: a TxnOffsetCommit for a group whose coordinator has never been looked up fails on a
    // fresh broker with NOT_COORDINATOR, and kafkajs does not retry it. The streams runtime always
    // joins its group first, and retries a transaction that fails with a retriable error.)
    const consumer = client.consumer({ groupId, maxWaitTimeInMs: 100 });
    const consumed: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: input, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => void consumed.push(String(message.value)),
    });
    await waitFor(() => consumed.length === 10);
    await consumer.disconnect();

    const producer = client.producer({
      transactionalId: uniqueName('tx-id'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();

    // Consume-transform-produce for the first five input records: output + input offsets in one transaction.
    const committed = await producer.transaction();
    await committed.send({
      topic: output,
      messages: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: `V${i}` })),
    });
    await committed.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '5' }] }],
    });
    await committed.commit();

    // A second transaction that is aborted: neither its records nor its offsets may become visible.
    const aborted = await producer.transaction();
    await aborted.send({ topic: output, messages: [{ key: 'aborted', value: 'never-visible' }] });
    await aborted.sendOffsets({
      consumerGroupId: groupId,
      topics: [{ topic: input, partitions: [{ partition: 0, offset: '10' }] }],
    });
    await aborted.abort();

    // And one more committed transaction after the abort.
    const later = await producer.transaction();
    await later.send({ topic: output, messages: [{ key: 'k5', value: 'V5' }] });
    await later.commit();
    await producer.disconnect();

    const readCommitted = await readAll(client, output, { expected: 6, idleMs: 2_000 });
    expect(readCommitted.map((r) => r.value)).toEqual(['V0', 'V1', 'V2', 'V3', 'V4', 'V5']);

    // The aborted record is in the log (so the assertion above could fail): read_uncommitted sees it.
    const readUncommitted = await readAll(client, output, {
      expected: 7,
      idleMs: 2_000,
      isolation: 'read_uncommitted',
    });
    expect(readUncommitted.map((r) => r.value)).toContain('never-visible');

    const offsets = await admin.fetchOffsets({ groupId, topics: [input] });
    expect(offsets[0]?.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '5' })]);

    // The group resumes exactly after the last committed transaction's offsets.
    const resumed = client.consumer({ groupId, maxWaitTimeInMs: 100 });
    const afterRestart: string[] = [];
    await resumed.connect();
    await resumed.subscribe({ topic: input, fromBeginning: true });
    await resumed.run({
      autoCommit: false,
      eachMessage: async ({ message }) => void afterRestart.push(String(message.value)),
    });
    await waitFor(() => afterRestart.length === 5);
    await resumed.disconnect();
    expect(afterRestart).toEqual(['v5', 'v6', 'v7', 'v8', 'v9']);
  });

  it('fences the older producer when a new one starts with the same transactional id', async () => {
    const output = uniqueName('tx-fence');
    await createTopics(admin, [{ topic: output }]);
    const transactionalId = uniqueName('tx-zombie');

    const zombie = client.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: output, messages: [{ value: 'from-zombie' }] });

    // A successor with the same id bumps the epoch: the zombie's open transaction is aborted.
    const successor = client.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await successor.connect();
    const fresh = await successor.transaction();
    await fresh.send({ topic: output, messages: [{ value: 'from-successor' }] });
    await fresh.commit();

    await expect(open.commit()).rejects.toThrow(/fenced|epoch|ProducerFenced|INVALID_PRODUCER_EPOCH/i);
    await zombie.disconnect().catch(() => undefined);
    await successor.disconnect();

    const visible = await readAll(client, output, { expected: 1, idleMs: 2_000 });
    expect(visible.map((r) => r.value)).toEqual(['from-successor']);
  });
});
