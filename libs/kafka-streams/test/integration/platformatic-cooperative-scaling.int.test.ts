// Scaling out and back in (1 -> 2 -> 1 instances) with cooperative rebalancing, under at-least-once and exactly-once:
// the moved tasks are committed before they are revoked and handed over in the follow-up rebalance, the tasks that
// stay on the first instance are never closed, restarted or restored again, and every record is counted exactly once
// (a clean scale-out and scale-in leaves nothing to process twice, also under at-least-once).
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { RecordingLogger } from '../../src/testing/recording-logger.js';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(180_000);

const PARTITIONS = 4;
const KEYS = 20;
const STEP = 400;

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

function counts(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with(strings))
    .groupByKey()
    .count()
    .toStream()
    .mapValues((count) => String(count))
    .to(output, Produced.with(strings));
  return builder.build();
}

const batch = (from: number) =>
  Array.from({ length: STEP }, (_, i) => ({ key: `k${(from + i) % KEYS}`, value: `v${from + i}` }));

describe.each(['at_least_once', 'exactly_once'] as const)('cooperative scaling 1 -> 2 -> 1 (%s)', (guarantee) => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('cooperative-scaling');
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

  it('counts every record exactly once and never stops the tasks that stay', async () => {
    const input = uniqueName('coop-scale-in');
    const output = uniqueName('coop-scale-out');
    const applicationId = uniqueName('coop-scale-app');
    await createTopics(admin, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
    ]);
    const config = {
      client: 'platformatic',
      rebalanceProtocol: 'cooperative',
      processingGuarantee: guarantee,
      cacheMaxBytes: 0, // every update of a count is an output record
    } as const;
    const firstLog = new RecordingLogger();
    const first = await harness.startRunning(counts(input, output), applicationId, {
      ...config,
      stateDir: stateDirs.create(),
      logger: firstLog,
    });
    await produce(client, input, batch(0));

    // Scale out while the first instance processes.
    const second = harness.create(counts(input, output), applicationId, { ...config, stateDir: stateDirs.create() });
    const producing = produce(client, input, batch(STEP));
    await harness.run(second, 'the second instance');
    await producing;
    await waitFor(
      () =>
        first.activeTasks().length === 2 &&
        second.activeTasks().length === 2 &&
        first.state === 'RUNNING' &&
        second.state === 'RUNNING',
      60_000,
      () => `the two instances to share the tasks (${first.activeTasks()} / ${second.activeTasks()})`,
    );
    const kept = first.activeTasks();
    await produce(client, input, batch(2 * STEP));

    // Scale back in: the second instance closes cleanly and the first takes its tasks back.
    expect(await second.close({ timeoutMs: 20_000 })).toBe(true);
    await produce(client, input, batch(3 * STEP));
    await waitFor(
      () => first.activeTasks().length === PARTITIONS && first.state === 'RUNNING',
      60_000,
      () => `the first instance to run every task again (${first.activeTasks()})`,
    );

    const total = 4 * STEP;
    const records = await readAll(client, output, { expected: total, idleMs: 15_000, timeoutMs: 120_000 });
    const byKey = new Map<string, Array<{ offset: bigint; count: number }>>();
    for (const r of records) {
      byKey.set(r.key!, [...(byKey.get(r.key!) ?? []), { offset: BigInt(r.offset), count: Number(r.value) }]);
    }
    const wrong = [...byKey].filter(([, list]) => {
      const ordered = list.sort((a, b) => (a.offset < b.offset ? -1 : 1)).map((v) => v.count);
      return ordered.some((count, i) => count !== i + 1) || ordered.length !== total / KEYS;
    });
    expect(wrong.map(([key]) => key)).toEqual([]);
    expect(byKey.size).toBe(KEYS);
    expect(records).toHaveLength(total);

    // The tasks that stayed on the first instance were never closed, restarted or restored again.
    const about = (message: string) =>
      firstLog.entries.filter((e) => e.message === message).map((e) => String(e.fields['taskId']));
    try {
      expect(about('task closed').filter((taskId) => kept.includes(taskId))).toEqual([]);
      expect(about('task restarting')).toEqual([]);
      expect(
        about('task restored')
          .filter((taskId) => kept.includes(taskId))
          .sort(),
      ).toEqual([...kept].sort());
      // What moved was revoked once, when the second instance joined.
      expect(about('task closed').sort()).toEqual(
        ['0_0', '0_1', '0_2', '0_3'].filter((taskId) => !kept.includes(taskId)),
      );
    } catch (error) {
      const interesting = firstLog.entries.filter((e) => e.level !== 'debug' || e.message === 'task closed');
      for (const e of interesting)
        process.stderr.write(`[first] ${e.level} ${e.message} ${JSON.stringify(e.fields)}\n`);
      throw error;
    }
  });
});
