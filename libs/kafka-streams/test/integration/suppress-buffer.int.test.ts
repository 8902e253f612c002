// The suppress buffer on the real broker: durable (its own compacted changelog, restored by the next owner of the
// task, so updates buffered before a crash are emitted after it, once) and bounded (a full strict buffer fails).
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import {
  BufferConfig,
  Consumed,
  Materialized,
  Serdes,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
} from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { readTimestamped } from './support/timestamped-reader.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

function finalCounts(input: string, emitted: string[], bufferConfig = BufferConfig.unbounded()) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(10_000))
    // Every update reaches the buffer (three changelog records below): the count is not cached.
    .count(Materialized.as<string, number>('counts').withCachingDisabled())
    .suppress(Suppressed.untilWindowCloses(bufferConfig, 'final'))
    .toStream()
    .peek((windowed, count) => void emitted.push(`${windowed.key}@${windowed.window.startMs}=${count}`));
  return builder.build();
}

describe('the suppress buffer', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('suppress-buffer');
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
    'what was buffered before a crash is restored from its changelog and emitted after it, once (%s)',
    async (processingGuarantee) => {
      const input = uniqueName('suppress-in');
      const applicationId = uniqueName('suppress-app');
      const changelog = `${applicationId}-final-store-changelog`;
      await createTopics(admin, [{ topic: input }]);
      await produce(client, input, [
        { key: 'a', value: '1', timestamp: 1_000 },
        { key: 'b', value: '1', timestamp: 2_000 },
        { key: 'a', value: '1', timestamp: 3_000 },
      ]);
      const firstEmitted: string[] = [];
      const first = await harness.startRunning(finalCounts(input, firstEmitted), applicationId, {
        processingGuarantee,
        stateDir: stateDirs.create(),
      });
      await waitFor(
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
          return committed!.partitions[0]!.offset === '3';
        },
        30_000,
        'the three records to be committed',
      );
      const buffered = await readTimestamped(client, changelog, { expected: 3 });
      expect(buffered.map((r) => r.timestamp)).toEqual([1_000, 2_000, 3_000]);

      // A crash: the member leaves without closing its tasks (nothing flushed, nothing committed on the way out).
      const internals = first as unknown as {
        thread: { consumer: { disconnect(): Promise<void> } };
        stopping: boolean;
      };
      internals.stopping = true;
      await internals.thread.consumer.disconnect();
      expect(firstEmitted).toEqual([]);

      const secondEmitted: string[] = [];
      const second = await harness.startRunning(finalCounts(input, secondEmitted), applicationId, {
        processingGuarantee,
        stateDir: stateDirs.create(),
      });
      // The buffer is a store of the task, not one to query.
      expect(() => second.store('final-store')).toThrow('state store "final-store" is internal to its operator');
      await produce(client, input, [{ key: 'c', value: '1', timestamp: 15_000 }]); // closes [0, 10000)
      await waitFor(() => secondEmitted.length >= 2, 30_000, 'the restored windows to be emitted');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(secondEmitted).toEqual(['a@0=2', 'b@0=1']);
    },
  );

  it('a buffer bounded to one record, shut down when full, fails the application naming the buffer', async () => {
    const input = uniqueName('suppress-full-in');
    await createTopics(admin, [{ topic: input }]);
    const errors: string[] = [];
    const streams = harness.create(
      finalCounts(input, [], BufferConfig.maxRecords(1).shutDownWhenFull()),
      uniqueName('suppress-full-app'),
      {
        stateDir: stateDirs.create(),
        logger: {
          debug() {},
          info() {},
          warn() {},
          error: (_message, fields) => void errors.push(String(fields?.error ?? '')),
        },
      },
    );
    await harness.run(streams);
    await produce(client, input, [
      { key: 'a', value: '1', timestamp: 1_000 },
      { key: 'b', value: '1', timestamp: 2_000 },
    ]);
    await waitFor(
      () => streams.state === 'ERROR',
      30_000,
      () => `the application to fail (it is ${streams.state})`,
    );
    expect(errors.join('\n')).toContain(
      'Suppress buffer final-store exceeded its capacity (maxRecords 1, maxBytes Infinity; it holds 2 record(s)',
    );
  });
});
