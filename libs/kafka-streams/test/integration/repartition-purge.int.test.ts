// Repartition topics are created with Java's configs (retention.ms=-1: records stay until the application purged
// them) and purged after commits: DeleteRecords moves each partition's log start up to the committed offset.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import kafkajs, { type Admin } from 'kafkajs';
import { Consumed, Grouped, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const PARTITIONS = 2;
const RECORDS = 60;

function wordCounts(input: string) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with(strings))
    .selectKey((_key, word) => word)
    .groupByKey(Grouped.with({ name: 'by-word', ...strings }))
    .count();
  return builder.build();
}

describe('repartition topics', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('repartition-purge');
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

  it.each(['at_least_once', 'exactly_once'] as const)(
    "are created with Java's configs and purged up to the committed offsets after commits (%s)",
    async (processingGuarantee) => {
      const input = uniqueName('purge-in');
      const applicationId = uniqueName('purge-app');
      const repartition = `${applicationId}-by-word-repartition`;
      await createTopics(admin, [{ topic: input, partitions: PARTITIONS }]);
      await produce(
        client,
        input,
        Array.from({ length: RECORDS }, (_, i) => ({ key: `s${i}`, value: `word${i % 7}` })),
      );
      await harness.startRunning(wordCounts(input), applicationId, {
        processingGuarantee,
        repartitionPurgeIntervalMs: 0,
        stateDir: stateDirs.create(),
      });

      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: repartition }],
      });
      const config = Object.fromEntries(resources[0]!.configEntries.map((e) => [e.configName, e.configValue]));
      expect(config).toMatchObject({
        'cleanup.policy': 'delete',
        'retention.ms': '-1',
        'segment.bytes': String(50 * 1024 * 1024),
        'message.timestamp.type': 'CreateTime',
      });

      let last = '';
      await waitFor(
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [repartition] });
          const offsets = await admin.fetchTopicOffsets(repartition);
          const rows = offsets.map(({ partition, low, high }) => ({
            partition,
            low,
            high,
            committed: committed?.partitions.find((p) => p.partition === partition)?.offset,
          }));
          last = JSON.stringify(rows);
          const total = rows.reduce((sum, row) => sum + Number(row.low), 0);
          // Every repartition record processed and committed, and the log start moved up to each committed offset.
          return total >= RECORDS && rows.every((row) => row.low === row.committed);
        },
        60_000,
        () => `the repartition topic's log start to reach the committed offsets (last: ${last})`,
      );
    },
  );
});
