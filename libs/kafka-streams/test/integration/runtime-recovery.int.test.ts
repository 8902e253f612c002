// Committed progress survives restarts, and instances of one application share and hand over partitions.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { type ProcessedEntry, upperCasePlan } from './support/fixture-plans.js';
import { produce, StreamsHarness } from './support/streams-harness.js';

const batch = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ key: `key-${(from + i) % 7}`, value: `record-${from + i}` }));

jest.setTimeout(90_000);

describe('KafkaStreams runtime: restarts and rebalances', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(() => admin.disconnect());

  it('resumes from the offsets committed on close: nothing lost, nothing processed twice', async () => {
    const input = uniqueName('restart-in');
    const output = uniqueName('restart-out');
    const applicationId = uniqueName('restart-app');
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 2 },
    ]);
    await produce(client, input, batch(0, 100));

    const firstLog: ProcessedEntry[] = [];
    const first = await harness.startRunning(upperCasePlan(input, output, firstLog), applicationId);
    await waitFor(() => firstLog.length === 100, 30_000, 'the first instance to process 100 records');
    expect(await first.close({ timeoutMs: 10_000 })).toBe(true);
    expect(first.state).toBe('NOT_RUNNING');

    const offsets = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
    const committed = offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(committed).toBe(100);

    await produce(client, input, batch(100, 50));
    const secondLog: ProcessedEntry[] = [];
    await harness.startRunning(upperCasePlan(input, output, secondLog), applicationId);
    await waitFor(() => secondLog.length >= 50, 30_000, 'the second instance to process the new records');

    expect(secondLog.map((e) => e.value).sort()).toEqual(
      batch(100, 50)
        .map((r) => r.value)
        .sort(),
    );
    const out = await readAll(client, output, { expected: 150, idleMs: 5_000 });
    expect(out.map((r) => r.value).sort()).toEqual(
      batch(0, 150)
        .map((r) => r.value.toUpperCase())
        .sort(),
    );
  });

  it('reprocesses only the uncommitted tail after a crash-like stop', async () => {
    const input = uniqueName('tail-in');
    const output = uniqueName('tail-out');
    const applicationId = uniqueName('tail-app');
    await createTopics(admin, [{ topic: input }, { topic: output }]);
    await produce(client, input, batch(0, 40));

    // A commit interval far longer than the test: only the close() commit could store progress.
    const firstLog: ProcessedEntry[] = [];
    const first = await harness.startRunning(upperCasePlan(input, output, firstLog), applicationId, {
      commitIntervalMs: 600_000,
    });
    await waitFor(() => firstLog.length === 40, 30_000, 'the first instance to process 40 records');
    // Simulates a crash: the consumer leaves without the final commit.
    const internals = first as unknown as { thread: { consumer: { disconnect(): Promise<void> } }; stopping: boolean };
    internals.stopping = true;
    await internals.thread.consumer.disconnect();

    const secondLog: ProcessedEntry[] = [];
    await harness.startRunning(upperCasePlan(input, output, secondLog), applicationId);
    await waitFor(() => secondLog.length >= 40, 30_000, 'the uncommitted records to be processed again');
    expect(secondLog.map((e) => e.value)).toEqual(batch(0, 40).map((r) => r.value));
  });

  it('shares partitions between two instances and hands them over when one closes, losing nothing', async () => {
    const input = uniqueName('share-in');
    const output = uniqueName('share-out');
    const applicationId = uniqueName('share-app');
    await createTopics(admin, [
      { topic: input, partitions: 4 },
      { topic: output, partitions: 4 },
    ]);
    const logA: ProcessedEntry[] = [];
    const logB: ProcessedEntry[] = [];
    const a = await harness.startRunning(upperCasePlan(input, output, logA), applicationId);
    const b = await harness.startRunning(upperCasePlan(input, output, logB), applicationId);
    await waitFor(
      () => a.state === 'RUNNING' && b.activeTasks().length === 2 && a.activeTasks().length === 2,
      30_000,
      'the two instances to split the four tasks',
    );
    expect([...a.activeTasks(), ...b.activeTasks()].sort()).toEqual(['0_0', '0_1', '0_2', '0_3']);

    await produce(client, input, batch(0, 200));
    await waitFor(() => new Set([...logA, ...logB].map((e) => e.value)).size === 200, 30_000, '200 records processed');
    expect(logA.length).toBeGreaterThan(0);
    expect(logB.length).toBeGreaterThan(0);

    expect(await a.close({ timeoutMs: 10_000 })).toBe(true);
    await waitFor(() => b.activeTasks().length === 4 && b.state === 'RUNNING', 30_000, 'b to take over every task');
    await produce(client, input, batch(200, 200));
    await waitFor(() => new Set([...logA, ...logB].map((e) => e.value)).size === 400, 30_000, '400 records processed');
    expect(logB.filter((e) => Number(e.value.slice('record-'.length)) >= 200)).toHaveLength(200);

    const out = await readAll(client, output, { expected: 400, idleMs: 5_000 });
    expect(new Set(out.map((r) => r.value))).toEqual(new Set(batch(0, 400).map((r) => r.value.toUpperCase())));
  });
});
