// Stream time survives a restart: each committed input offset carries its partition time in the offset metadata
// (Kafka Streams' format: base64 of version byte 2 and the time as a big-endian int64), read back when the task is
// assigned again, so a record that was late before the restart is still late after it.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Serdes, StreamsBuilder, TimeWindows } from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const WINDOW_MS = 10_000;

interface Observed {
  readonly key: string;
  readonly timestamp: number;
  readonly streamTime: number;
}

function windowedCounts(input: string, counts: string[], observed: Observed[]) {
  const builder = new StreamsBuilder();
  const stream = builder.stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
  stream.process(() => {
    let streamTime = () => -1;
    return {
      init: (context) => void (streamTime = () => context.currentStreamTimeMs()),
      process: (record) =>
        void observed.push({ key: record.key, timestamp: record.timestamp, streamTime: streamTime() }),
    };
  });
  stream
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW_MS))
    .count()
    .toStream()
    .peek((windowed, count) => void counts.push(`${windowed.key}@${windowed.window.startMs}=${count}`));
  return builder.build();
}

/** Java's reading of committed offset metadata (TopicPartitionMetadata.decode), written out independently. */
function javaPartitionTime(metadata: string | null): { version: number; partitionTime: bigint } {
  const bytes = Buffer.from(metadata ?? '', 'base64');
  return { version: bytes.readInt8(0), partitionTime: bytes.readBigInt64BE(1) };
}

describe('stream time across restarts', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('stream-time');
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
    'a record late before the restart is still dropped after it (%s)',
    async (processingGuarantee) => {
      const input = uniqueName('stream-time-in');
      const applicationId = uniqueName('stream-time-app');
      await createTopics(admin, [{ topic: input }]);
      const config = { processingGuarantee, stateDir: stateDirs.create() };

      const firstCounts: string[] = [];
      const firstObserved: Observed[] = [];
      await produce(client, input, [
        { key: 'a', value: '1', timestamp: 100_000 },
        { key: 'b', value: '1', timestamp: 200_000 }, // closes a's window [100000, 110000)
      ]);
      const first = await harness.startRunning(
        windowedCounts(input, firstCounts, firstObserved),
        applicationId,
        config,
      );
      await waitFor(() => firstObserved.length === 2, 30_000, 'the first instance to process both records');
      expect(await first.close({ timeoutMs: 10_000 })).toBe(true);
      expect(firstCounts).toEqual(['a@100000=1', 'b@200000=1']);

      const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
      const partition = committed!.partitions.find((p) => p.partition === 0)!;
      expect(partition.offset).toBe('2');
      expect(javaPartitionTime(partition.metadata)).toEqual({ version: 2, partitionTime: 200_000n });

      const secondCounts: string[] = [];
      const secondObserved: Observed[] = [];
      await produce(client, input, [
        { key: 'a', value: '1', timestamp: 105_000 }, // late: its window closed before the restart
        { key: 'c', value: '1', timestamp: 200_500 },
      ]);
      await harness.startRunning(windowedCounts(input, secondCounts, secondObserved), applicationId, config);
      await waitFor(() => secondObserved.length === 2, 30_000, 'the second instance to process both new records');
      await waitFor(() => secondCounts.length >= 1, 10_000, 'the count of c');

      expect(secondObserved).toEqual([
        { key: 'a', timestamp: 105_000, streamTime: 200_000 },
        { key: 'c', timestamp: 200_500, streamTime: 200_500 },
      ]);
      expect(secondCounts).toEqual(['c@200000=1']);
    },
  );

  it('a task handed over to another instance in a rebalance continues from the committed partition time', async () => {
    const input = uniqueName('stream-time-moved-in');
    const applicationId = uniqueName('stream-time-moved-app');
    await createTopics(admin, [{ topic: input, partitions: 2 }]);
    await produce(client, input, [
      { key: 'a', value: '1', timestamp: 100_000, partition: 0 },
      { key: 'b', value: '1', timestamp: 200_000, partition: 0 },
      { key: 'c', value: '1', timestamp: 100_000, partition: 1 },
      { key: 'd', value: '1', timestamp: 300_000, partition: 1 },
    ]);
    const firstObserved: Observed[] = [];
    const first = await harness.startRunning(windowedCounts(input, [], firstObserved), applicationId, {
      stateDir: stateDirs.create(),
    });
    await waitFor(async () => {
      const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
      return committed!.partitions.every((p) => p.offset === '2');
    }, 30_000);

    const secondCounts: string[] = [];
    const secondObserved: Observed[] = [];
    const second = await harness.startRunning(windowedCounts(input, secondCounts, secondObserved), applicationId, {
      stateDir: stateDirs.create(),
    });
    await waitFor(() => second.activeTasks().length === 1, 30_000, 'the second instance to take one task');
    expect(await first.close({ timeoutMs: 10_000 })).toBe(true);
    await waitFor(() => second.activeTasks().length === 2, 30_000, 'the second instance to take both tasks');

    await produce(client, input, [
      { key: 'a', value: '1', timestamp: 105_000, partition: 0 }, // late on partition 0 (its time: 200000)
      { key: 'c', value: '1', timestamp: 105_000, partition: 1 }, // late on partition 1 (its time: 300000)
    ]);
    await waitFor(() => secondObserved.length === 2, 30_000, 'the late records to be processed');
    expect(secondObserved.map(({ key, streamTime }) => ({ key, streamTime }))).toEqual(
      expect.arrayContaining([
        { key: 'a', streamTime: 200_000 },
        { key: 'c', streamTime: 300_000 },
      ]),
    );
    expect(secondCounts).toEqual([]);
  });
});
