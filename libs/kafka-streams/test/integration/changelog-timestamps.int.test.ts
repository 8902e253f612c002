// Changelog records carry the timestamp of the record whose processing wrote them (Java: the record context's),
// or a punctuation's time, never the wall clock when they were sent: a changelog of old data stays old.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import {
  Consumed,
  Materialized,
  type KeyValueStore,
  type ProcessorContext,
  Serdes,
  Stores,
  StreamsBuilder,
  Topology,
} from '../../src/index.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { readTimestamped } from './support/timestamped-reader.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(90_000);

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

describe('changelog record timestamps', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('changelog-timestamps');
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

  // Without the record cache every update is logged; with it (the default), the update a commit flushes, which
  // carries the timestamp of the record that made it (the keys in the order they were last written, as Java's cache
  // flushes them: b, then a).
  it.each([
    ['at_least_once', 'off'],
    ['exactly_once', 'off'],
    ['at_least_once', 'on'],
    ['exactly_once', 'on'],
  ] as const)(
    'an aggregation writes its updates to its changelog with the input record timestamp (%s, cache %s)',
    async (processingGuarantee, cache) => {
      const input = uniqueName('clts-in');
      const applicationId = uniqueName('clts-app');
      await createTopics(admin, [{ topic: input }]);
      const builder = new StreamsBuilder();
      const materialized = Materialized.as<string, number>('counts');
      builder
        .stream(input, Consumed.with(strings))
        .groupByKey()
        .count(cache === 'on' ? materialized : materialized.withCachingDisabled());
      const sent = [
        { key: 'a', value: '1', timestamp: 1_000 },
        { key: 'b', value: '1', timestamp: 2_000 },
        { key: 'a', value: '1', timestamp: 1_500 },
        { key: 'a', value: '1', timestamp: 9_000 },
      ];
      await produce(client, input, sent);
      await harness.startRunning(builder.build(), applicationId, { processingGuarantee, stateDir: stateDirs.create() });

      const logged =
        cache === 'on'
          ? [
              { key: 'b', timestamp: 2_000 },
              { key: 'a', timestamp: 9_000 },
            ]
          : sent.map(({ key, timestamp }) => ({ key, timestamp }));
      const changelog = await readTimestamped(client, `${applicationId}-counts-changelog`, {
        expected: logged.length,
      });
      expect(changelog.map(({ key, timestamp }) => ({ key, timestamp }))).toEqual(logged);
    },
  );

  it("a store write in a wall-clock punctuator carries the punctuation's time", async () => {
    const input = uniqueName('clts-punct-in');
    const applicationId = uniqueName('clts-punct-app');
    await createTopics(admin, [{ topic: input }]);
    const punctuatedAt: number[] = [];
    const topology = new Topology()
      .addSource('source', input, { keySerde: Serdes.String(), valueSerde: Serdes.String() })
      .addProcessor<string, string, never, never>(
        'ticker',
        () => {
          let store: KeyValueStore<string, string>;
          return {
            init: (context: ProcessorContext<never, never>) => {
              store = context.getStateStore<KeyValueStore<string, string>>('ticks');
              context.schedule(200, 'wall-clock-time', (timestamp) => {
                if (punctuatedAt.length > 0) return;
                punctuatedAt.push(timestamp);
                store.put('tick', String(timestamp));
              });
            },
            process: (record) => store.put(record.key, record.value),
          };
        },
        'source',
      )
      .addStateStore(Stores.keyValueStoreBuilder('ticks', Serdes.String(), Serdes.String()), 'ticker');
    await produce(client, input, [{ key: 'old', value: 'x', timestamp: 5_000 }]);
    await harness.startRunning(topology, applicationId, { stateDir: stateDirs.create() });
    await waitFor(() => punctuatedAt.length > 0, 20_000, 'the punctuator to fire');

    const changelog = await readTimestamped(client, `${applicationId}-ticks-changelog`, { expected: 2 });
    const byKey = new Map(changelog.map((record) => [record.key, record.timestamp]));
    expect(byKey.get('old')).toBe(5_000);
    expect(byKey.get('tick')).toBe(punctuatedAt[0]);
  });
});
