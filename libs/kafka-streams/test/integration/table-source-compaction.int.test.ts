// builder.table() on a topic that is not compacted: the broker may delete rows there, so the topic cannot serve as
// the table's changelog. The store gets a compacted changelog of its own (Java's default), and a restore on a fresh
// state directory finds every row even after the source topic's records were deleted. With logging disabled there is
// nothing to fall back on: start-up fails, naming the topic and the fix.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import kafkajs, { type Admin } from 'kafkajs';
import { Consumed, Materialized, Serdes, StreamsBuilder, TopologyTopicsError } from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
const ROWS = 20;

function pricesTable(topic: string, materialized = Materialized.as<string, string>('prices')) {
  const builder = new StreamsBuilder();
  builder.table(topic, Consumed.with(strings), materialized);
  return builder.build();
}

describe('builder.table() and the cleanup policy of its topic', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('table-compaction');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await harness.closeAll();
    stateDirs.removeAll();
  });
  afterAll(() => admin.disconnect());

  const cleanupPolicy = async (topic: string) => {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
    });
    return resources[0]!.configEntries[0]!.configValue;
  };

  it('a topic with cleanup.policy=delete gets a compacted changelog: deleted source records are restored', async () => {
    const prices = uniqueName('prices-delete');
    const applicationId = uniqueName('table-delete-app');
    const changelog = `${applicationId}-prices-changelog`;
    await createTopics(admin, [{ topic: prices }]);
    await produce(
      client,
      prices,
      Array.from({ length: ROWS }, (_, i) => ({ key: `p${i}`, value: `${i}` })),
    );
    const first = await harness.startRunning(pricesTable(prices), applicationId, { stateDir: stateDirs.create() });
    await waitFor(
      () => first.store<string, string>('prices').approximateNumEntries() === ROWS,
      30_000,
      'the first instance to hold every row',
    );
    expect(await first.close({ timeoutMs: 10_000 })).toBe(true);
    expect(await cleanupPolicy(changelog)).toBe('compact');

    // What retention does to a delete-policy topic: its records are gone.
    const [end] = await admin.fetchTopicOffsets(prices);
    await admin.deleteTopicRecords({ topic: prices, partitions: [{ partition: 0, offset: end!.high }] });

    const second = await harness.startRunning(pricesTable(prices), applicationId, { stateDir: stateDirs.create() });
    const store = second.store<string, string>('prices');
    await waitFor(() => store.approximateNumEntries() === ROWS, 30_000, 'the restored store to hold every row');
    expect(await store.get('p7')).toBe('7');
  });

  it('a compacted topic serves as the changelog: no changelog topic of its own', async () => {
    const prices = uniqueName('prices-compact');
    const applicationId = uniqueName('table-compact-app');
    await createTopics(admin, [{ topic: prices, compacted: true }]);
    await produce(client, prices, [{ key: 'p1', value: '1' }]);
    const streams = await harness.startRunning(pricesTable(prices), applicationId, { stateDir: stateDirs.create() });
    await waitFor(() => streams.store<string, string>('prices').approximateNumEntries() === 1, 30_000, 'the row');
    expect(await admin.listTopics()).not.toContain(`${applicationId}-prices-changelog`);
  });

  it('with logging disabled on a topic that is not compacted, start-up fails naming the topic and the fix', async () => {
    const prices = uniqueName('prices-unlogged');
    await createTopics(admin, [{ topic: prices }]);
    const streams = harness.create(
      pricesTable(prices, Materialized.as<string, string>('prices').withLoggingDisabled()),
      uniqueName('table-unlogged-app'),
      { stateDir: stateDirs.create() },
    );
    const failure = streams.start();
    await expect(failure).rejects.toThrow(TopologyTopicsError);
    await expect(failure).rejects.toThrow(
      `The store prices of builder.table('${prices}') is restored from ${prices}, whose cleanup.policy is 'delete': ` +
        `a restore would miss every row the broker deleted. Set cleanup.policy=compact on ${prices}, or enable ` +
        'logging on the store so it gets a changelog of its own',
    );
    expect(streams.state).toBe('ERROR');
  });
});
