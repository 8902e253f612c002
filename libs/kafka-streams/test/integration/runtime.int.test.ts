// The KafkaStreams runtime against a real broker: ordering, repartitioning, fail-fast checks, config errors.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { KafkaStreams, MissingSourceTopicError, StreamsConfigError } from '../../src/index.js';
import { partitionForKey } from '../../src/internal/engine/partitioner.js';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { rekeyPlan, upperCasePlan } from './support/fixture-plans.js';
import { produce, StreamsHarness } from './support/streams-harness.js';

jest.setTimeout(90_000);

describe('KafkaStreams runtime', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(() => admin.disconnect());

  it('keeps per-partition order of a multi-partition input and partitions the output like Java', async () => {
    const input = uniqueName('order-in');
    const output = uniqueName('order-out');
    await createTopics(admin, [
      { topic: input, partitions: 3 },
      { topic: output, partitions: 3 },
    ]);
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const records = Array.from({ length: 40 }, (_, i) =>
      keys.map((key, k) => ({ key, value: `${key}:${i}`, partition: k % 3 })),
    ).flat();
    await produce(client, input, records);

    const streams = await harness.startRunning(upperCasePlan(input, output), uniqueName('order-app'));
    expect(streams.activeTasks().sort()).toEqual(['0_0', '0_1', '0_2']);

    const out = await readAll(client, output, { expected: records.length, idleMs: 10_000 });
    expect(out).toHaveLength(records.length);
    for (const key of keys) {
      const ofKey = out.filter((r) => r.key === key);
      expect(ofKey.map((r) => r.value)).toEqual(Array.from({ length: 40 }, (_, i) => `${key}:${i}`.toUpperCase()));
      expect(new Set(ofKey.map((r) => r.partition))).toEqual(new Set([partitionForKey(Buffer.from(key), 3)]));
    }
  });

  it('routes a re-keyed stream through its repartition topic, sized like the source', async () => {
    const input = uniqueName('rekey-in');
    const output = uniqueName('rekey-out');
    const applicationId = uniqueName('rekey-app');
    await createTopics(admin, [
      { topic: input, partitions: 4 },
      { topic: output, partitions: 2 },
    ]);
    const records = Array.from({ length: 60 }, (_, i) => ({ key: `orig-${i}`, value: `user${i % 5}:click${i}` }));
    await produce(client, input, records);

    const streams = await harness.startRunning(rekeyPlan(input, output), applicationId);

    const repartition = `${applicationId}-rekey-repartition`;
    const { topics } = await admin.fetchTopicMetadata({ topics: [repartition] });
    expect(topics[0]?.partitions).toHaveLength(4);
    expect(streams.activeTasks().sort()).toEqual(['0_0', '0_1', '0_2', '0_3', '1_0', '1_1', '1_2', '1_3']);

    const viaRepartition = await readAll(client, repartition, { expected: records.length, idleMs: 10_000 });
    for (const record of viaRepartition) {
      expect(record.partition).toBe(partitionForKey(Buffer.from(record.key!), 4));
    }
    const out = await readAll(client, output, { expected: records.length, idleMs: 10_000 });
    expect(out.map((r) => r.value).sort()).toEqual(records.map((r) => r.value.toUpperCase()).sort());
    for (const record of out) {
      expect(record.key).toBe(record.value!.split(':')[0]!.toLowerCase());
      expect(record.partition).toBe(partitionForKey(Buffer.from(record.key!), 2));
    }
  });

  it('fires wall-clock punctuators without input, and commits as soon as a task requests it', async () => {
    const input = uniqueName('punct-in');
    const output = uniqueName('punct-out');
    const applicationId = uniqueName('punct-app');
    await createTopics(admin, [{ topic: input }, { topic: output }]);
    const ticked = new Set<string>();
    const plan = upperCasePlan(input, output, [], {
      requestCommitAfterEachRecord: true,
      onPunctuate: (taskId, wallClockMs, collector) => {
        if (ticked.has(taskId)) return;
        ticked.add(taskId);
        collector.send({
          topic: output,
          key: null,
          value: Buffer.from(`tick ${taskId}`),
          timestamp: wallClockMs,
          headers: [],
        });
      },
    });
    // The interval alone would never commit during this test.
    await harness.startRunning(plan, applicationId, { commitIntervalMs: 600_000 });

    const ticks = await readAll(client, output, { expected: 1, idleMs: 10_000 });
    expect(ticks.map((r) => r.value)).toEqual(['tick 0_0']);

    await produce(client, input, [
      { key: 'k', value: 'one' },
      { key: 'k', value: 'two' },
    ]);
    await waitFor(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
        return offsets?.partitions[0]?.offset === '2';
      },
      20_000,
      'the requested commit of offset 2',
    );
  });

  it('fails start with an error naming a missing source topic, and ends in ERROR', async () => {
    const missing = uniqueName('does-not-exist');
    const output = uniqueName('missing-out');
    await createTopics(admin, [{ topic: output }]);
    const streams = harness.create(upperCasePlan(missing, output), uniqueName('missing-app'));
    const states: string[] = [];
    streams.onStateChange((state) => states.push(state));

    const failure = streams.start();
    await expect(failure).rejects.toThrow(MissingSourceTopicError);
    await expect(failure).rejects.toThrow(missing);
    expect(streams.state).toBe('ERROR');
    expect(states).toEqual(['REBALANCING', 'PENDING_ERROR', 'ERROR']);
  });

  it('names the invalid fields when the config does not validate', () => {
    const plan = upperCasePlan('in', 'out');
    const attempt = (config: Record<string, unknown>) => () =>
      new KafkaStreams(plan, { applicationId: 'app', bootstrapServers: 'localhost:9092', ...config } as never);

    expect(attempt({ applicationId: 'has spaces' })).toThrow(/applicationId/);
    expect(attempt({ bootstrapServers: 'no-port' })).toThrow(/bootstrapServers/);
    expect(attempt({ commitIntervalMs: -5 })).toThrow(/commitIntervalMs/);
    expect(attempt({ sasl: { mechanism: 'plain', username: 'u', password: 'p' } })).toThrow(/sasl\.mechanism/);
    expect(attempt({ applicationServer: 'nohostport' })).toThrow(/applicationServer/);
    expect(attempt({ ssl: { caFile: '/nonexistent/ca.crt' } })).toThrow(/ssl\.caFile/);
    expect(attempt({ comitIntervalMs: 100 })).toThrow(/comitIntervalMs/);
    try {
      attempt({ applicationId: '', commitIntervalMs: 'soon' })();
      throw new Error('expected a StreamsConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(StreamsConfigError);
      expect((error as StreamsConfigError).fields).toEqual(
        expect.arrayContaining(['applicationId', 'commitIntervalMs']),
      );
    }
  });
});
