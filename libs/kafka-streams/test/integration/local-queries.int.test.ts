// Local interactive queries on the real broker: a key-value `get` reads only the store of the task the key
// is partitioned to, so the instance that does not run that task answers undefined.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { partitionForKey } from '../../src/internal/engine/partitioner.js';
import { createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(60_000);

describe('local key-value queries', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-iq');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it("get answers only where the key's task runs", async () => {
    const topic = uniqueName('iq-latest');
    await createTopics(admin, [{ topic, partitions: 2 }]);
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    const partitionOf = (key: string) => partitionForKey(Buffer.from(key), 2);
    await produce(
      client,
      topic,
      keys.map((key) => ({ key, value: `value-of-${key}`, partition: partitionOf(key) })),
    );
    const builder = new StreamsBuilder();
    const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
    // A logged store: a task that moves to the other instance is restored there from the changelog.
    builder
      .stream(topic, strings)
      .groupByKey()
      .reduce((_previous, latest) => latest, Materialized.as('latest'));
    const topology = builder.build();
    const applicationId = uniqueName('iq-app');
    const [a, b] = await Promise.all([
      harness.startRunning(topology, applicationId, { stateDir: stateDirs.create() }),
      harness.startRunning(topology, applicationId, { stateDir: stateDirs.create() }),
    ]);
    const views = () => [a, b].map((streams) => streams.store<string, string>('latest'));
    await waitFor(
      () =>
        [a, b].every((s) => s.state === 'RUNNING' && s.activeTasks().length === 1) &&
        views().reduce((sum, view) => sum + view.approximateNumEntries(), 0) === keys.length,
      20_000,
      'each instance to run one task with its keys restored',
    );
    for (const key of keys) {
      const owner = a.activeTasks().includes(`0_${partitionOf(key)}`) ? 0 : 1;
      const answers = views().map((view) => view.get(key));
      expect(answers[owner]).toBe(`value-of-${key}`);
      expect(answers[1 - owner]).toBeUndefined();
    }
  });
});
