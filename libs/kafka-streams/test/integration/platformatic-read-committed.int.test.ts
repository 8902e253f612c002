// read_committed on the platformatic client's fetcher against the broker: with one record batch per response, the
// records of an aborted transaction come in responses before its ABORT marker, and must still never be delivered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { ClusterConnection } from '../../src/internal/client/platformatic/connection.js';
import { Fetcher } from '../../src/internal/client/platformatic/fetcher.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('the platformatic fetcher under read_committed', () => {
  const client = kafka();
  let admin: Admin;
  const topic = uniqueName('rc');

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
    await createTopics(admin, [{ topic, partitions: 1 }]);
    const plain = client.producer();
    const transactional = client.producer({
      transactionalId: uniqueName('rc-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await Promise.all([plain.connect(), transactional.connect()]);
    // Aborted: a0..a2, each in a batch of its own, interleaved with plain records; then a committed transaction.
    const aborted = await transactional.transaction();
    for (const value of ['a0', 'a1', 'a2']) {
      await aborted.send({ topic, messages: [{ value }] });
      await plain.send({ topic, messages: [{ value: `p-${value}` }] });
    }
    await aborted.abort();
    const committed = await transactional.transaction();
    await committed.send({ topic, messages: [{ value: 'c0' }] });
    await committed.send({ topic, messages: [{ value: 'c1' }] });
    await committed.commit();
    await plain.send({ topic, messages: [{ value: 'p-last' }] });
    await Promise.all([plain.disconnect(), transactional.disconnect()]);
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  async function readToEnd(readCommitted: boolean): Promise<{ values: string[]; responses: number }> {
    const end = BigInt((await admin.fetchTopicOffsets(topic))[0]!.high);
    const connection = ClusterConnection.create({ clientId: 'rc-test', brokers: bootstrapServers(), logger: silent });
    // One batch per response: markers arrive in later responses than the records they end.
    const fetcher = new Fetcher({
      connection,
      readCommitted,
      maxWaitTimeMs: 100,
      logger: silent,
      partitionMaxBytes: 1,
    });
    fetcher.assign([{ topic, partition: 0 }], () => 0n);
    const values: string[] = [];
    let responses = 0;
    const done = new AbortController();
    try {
      await fetcher.run(async ({ records, nextOffset }) => {
        responses++;
        values.push(...records.map((r) => r.value!.toString()));
        if (nextOffset >= end) done.abort();
      }, done.signal);
    } finally {
      await connection.close();
    }
    return { values, responses };
  }

  it('drops the aborted records that came in earlier responses than their marker', async () => {
    const committed = await readToEnd(true);
    expect(committed.values).toEqual(['p-a0', 'p-a1', 'p-a2', 'c0', 'c1', 'p-last']);
    expect(committed.responses).toBeGreaterThan(5);
  });

  it('reads them under read_uncommitted (so the topic really holds them)', async () => {
    expect((await readToEnd(false)).values).toEqual(['a0', 'p-a0', 'a1', 'p-a1', 'a2', 'p-a2', 'c0', 'c1', 'p-last']);
  });
});
