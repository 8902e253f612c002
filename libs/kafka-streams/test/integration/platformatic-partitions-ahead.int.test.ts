// Exactly-once on the platformatic client adds a transaction's partitions ahead of its writes: as soon as a task has
// output for the next transaction, the thread begins it and adds the partitions the last transaction wrote
// (AddPartitionsToTxn), while the task goes on processing, so the commit's sends do not wait for the coordinator to
// finish the previous transaction. Checked here: a partition added ahead but not written commits harmlessly, and a
// word count through a repartition topic adds its partitions ahead of its writes and ends with the exact counts.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { describeTransactionsV0 } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { PlatformaticClientFactory } from '../../src/internal/client/platformatic/client-factory.js';
import { ClusterConnection, FIND_COORDINATOR_TRANSACTION } from '../../src/internal/client/platformatic/connection.js';
import type { TransactionalProducer, TransactionalProducerOptions } from '../../src/internal/client/types.js';
import { KafkaStreams } from '../../src/index.js';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce } from './support/streams-harness.js';
import { lastCounts, wordCountTopology } from './support/word-count.js';

jest.setTimeout(120_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const connection = () => ({ clientId: 'partitions-ahead-test', brokers: bootstrapServers(), logger: silent });

/** The platformatic factory, with every call of its transactional producers logged in order. */
class LoggingClientFactory extends PlatformaticClientFactory {
  readonly calls: string[] = [];

  override transactionalProducer(options: TransactionalProducerOptions) {
    const producer = super.transactionalProducer(options);
    const log = <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) => {
      return async (...args: A): Promise<R> => {
        const result = await call.apply(producer, args);
        this.calls.push(name);
        return result;
      };
    };
    producer.beginTransaction = log('begin', producer.beginTransaction);
    producer.addPartitions = log('addPartitions', producer.addPartitions);
    producer.send = log('send', producer.send);
    producer.commitTransaction = log('commit', producer.commitTransaction);
    producer.abortTransaction = log('abort', producer.abortTransaction);
    return producer;
  }
}

describe('partitions added to a transaction ahead of its writes (platformatic)', () => {
  const client = kafka();
  const cluster = ClusterConnection.create(connection());
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.disconnect();
    await cluster.close();
  });

  it('opens the transaction on the partitions added, and commits one of them left unwritten harmlessly', async () => {
    const topic = uniqueName('ahead');
    await createTopics(admin, [{ topic, partitions: 2 }]);
    const transactionalId = uniqueName('ahead-tx');
    const producer: TransactionalProducer = new PlatformaticClientFactory(connection()).transactionalProducer({
      transactionalId,
      transactionTimeoutMs: 30_000,
    });
    await producer.connect();
    try {
      await producer.initTransactions();
      await producer.beginTransaction();
      await producer.addPartitions!([
        { topic, partition: 0 },
        { topic, partition: 1 },
      ]);
      const { connection: coordinator } = await cluster.coordinator(FIND_COORDINATOR_TRANSACTION, transactionalId);
      const [state] = (await describeTransactionsV0.api.async(coordinator, [transactionalId])).transactionStates;
      expect(state?.transactionState).toBe('Ongoing');
      expect(state?.topics.map((t) => [t.topic, [...t.partitions].sort()])).toEqual([[topic, [0, 1]]]);

      const written = await producer.send([
        { topic, partition: 0, key: Buffer.from('k'), value: Buffer.from('v'), timestamp: Date.now(), headers: [] },
      ]);
      expect(written).toEqual([{ topic, partition: 0, offset: 1n }]);
      await producer.commitTransaction();
    } finally {
      await producer.disconnect();
    }
    const records = await readAll(client, topic, { idleMs: 1_500 });
    expect(records.map((r) => [r.partition, r.value])).toEqual([[0, 'v']]);
    // Partition 1 holds only the commit marker.
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([
      [0, '2'],
      [1, '1'],
    ]);
  });

  it('a word count through a repartition topic adds its partitions ahead and counts exactly', async () => {
    const input = uniqueName('ahead-in');
    const output = uniqueName('ahead-out');
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 2 },
    ]);
    const clients = new LoggingClientFactory(connection());
    const streams = new KafkaStreams(
      wordCountTopology(input, output),
      {
        applicationId: uniqueName('ahead-app'),
        bootstrapServers: bootstrapServers(),
        client: 'platformatic',
        processingGuarantee: 'exactly_once',
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 500,
        logger: silent,
      },
      { clientFactory: clients },
    );
    try {
      await streams.start();
      await waitFor(
        () => streams.state === 'RUNNING',
        30_000,
        () => `RUNNING (it is ${streams.state})`,
      );
      // Ten sends of twenty sentences: transactions one after the other, each next one with output coming.
      const words = ['alpha', 'beta', 'gamma', 'delta'];
      for (let round = 0; round < 10; round++) {
        await produce(
          client,
          input,
          Array.from({ length: 20 }, (_, i) => ({ key: `s${i}`, value: words.join(' ') })),
        );
      }
      const expected = Object.fromEntries(words.map((word) => [word, 200]));
      let counts: Record<string, number> = {};
      await waitFor(
        async () => {
          counts = lastCounts(await readAll(client, output, { idleMs: 1_000 }));
          return words.every((word) => counts[word] === 200);
        },
        60_000,
        () => `every word counted 200 times (${JSON.stringify(counts)})`,
      );
      expect(counts).toEqual(expected);
    } finally {
      await streams.close({ timeoutMs: 10_000 });
    }

    // Every transaction after the first added its partitions ahead, right after it began and before its first
    // write, then wrote and committed.
    const transactions = split(clients.calls);
    expect(transactions.length).toBeGreaterThan(1);
    expect(transactions[0]).not.toContain('addPartitions');
    for (const calls of transactions.slice(1)) {
      expect(calls.slice(0, 3)).toEqual(['begin', 'addPartitions', 'send']);
      expect(calls.at(-1)).toBe('commit');
    }
  });
});

/** The logged calls, one list per transaction (from its begin to its commit or abort). */
function split(calls: ReadonlyArray<string>): string[][] {
  const transactions: string[][] = [];
  for (const call of calls) {
    if (call === 'begin') transactions.push([]);
    transactions.at(-1)?.push(call);
  }
  return transactions;
}
