// A custom timestamp extractor returning a negative timestamp, on KafkaStreams against a real broker: as in
// Java, the record is skipped (counted in the task's `skipped` metric, logged) and the task goes on processing.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

describe('a negative extracted timestamp on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('negative-timestamp');
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

  it('skips the record and keeps processing the ones after it', async () => {
    const input = uniqueName('negative-ts-in');
    const output = uniqueName('negative-ts-out');
    const applicationId = uniqueName('negative-ts-app');
    await createTopics(admin, [
      { topic: input, partitions: 1 },
      { topic: output, partitions: 1 },
    ]);
    const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
    const builder = new StreamsBuilder();
    builder
      .stream(
        input,
        Consumed.with({ ...strings, timestampExtractor: (r) => (r.value === 'undated' ? -1 : r.timestamp) }),
      )
      .to(output, Produced.with(strings));
    const now = Date.now();
    await produce(client, input, [
      { key: 'a', value: 'before', timestamp: now },
      { key: 'b', value: 'undated', timestamp: now + 1 },
      { key: 'c', value: 'after', timestamp: now + 2 },
    ]);

    const streams = await harness.startRunning(builder.build(), applicationId, { stateDir: stateDirs.create() });
    const records = await readAll(client, output, { expected: 2, idleMs: 3_000 });
    expect(records.map((r) => r.value)).toEqual(['before', 'after']);
    const tasks = Object.values(streams.metrics().tasks);
    expect(tasks.reduce((n, t) => n + t.skipped, 0)).toBe(1);
    expect(tasks.reduce((n, t) => n + t.deserializationErrors, 0)).toBe(0);
    expect(streams.state).toBe('RUNNING');
  });
});
