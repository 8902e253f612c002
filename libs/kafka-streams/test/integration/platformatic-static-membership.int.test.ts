// Static group membership (KIP-345, `groupInstanceId`) on the platformatic client: an instance that restarts under
// its instance id within the session gets its tasks back while the other instances go on without a rebalance; an
// instance whose id another one took is fenced and fails instead of taking the id back.
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  Consumed,
  type KafkaStreamsState,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  type Topology,
} from '../../src/index.js';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const PARTITIONS = 4;
/** Long enough for a restart: a static member is removed only when its session expires. */
const SESSION_TIMEOUT_MS = 30_000;

function wordCount(input: string, output: string): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
    .groupByKey()
    .count(Materialized.as<string, number>('counts').withCachingDisabled())
    .toStream()
    .mapValues((count) => String(count))
    .to(output, Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }));
  return builder.build();
}

const keys = Array.from({ length: 40 }, (_, i) => `key-${i}`);

describe('static membership on the platformatic client', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('static-membership');
  afterEach(() => harness.closeAll());
  afterAll(() => stateDirs.removeAll());

  async function topics(): Promise<{ input: string; output: string }> {
    const names = { input: uniqueName('static-in'), output: uniqueName('static-out') };
    const admin = client.admin();
    await admin.connect();
    await createTopics(admin, [
      { topic: names.input, partitions: PARTITIONS },
      { topic: names.output, partitions: PARTITIONS },
    ]);
    await admin.disconnect();
    return names;
  }

  const config = (groupInstanceId: string, stateDir: string) => ({
    client: 'platformatic' as const,
    groupInstanceId,
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    stateDir,
  });

  it('gives a restarted instance its tasks back without rebalancing the other one', async () => {
    const { input, output } = await topics();
    const applicationId = uniqueName('static-app');
    const [dirA, dirB] = [stateDirs.create(), stateDirs.create()];
    const first = await harness.startRunning(wordCount(input, output), applicationId, config('member-a', dirA));
    const other = await harness.startRunning(wordCount(input, output), applicationId, config('member-b', dirB));
    await waitFor(
      () =>
        first.state === 'RUNNING' &&
        first.activeTasks().length > 0 &&
        other.activeTasks().length > 0 &&
        first.activeTasks().length + other.activeTasks().length === PARTITIONS,
      60_000,
      () => `the tasks spread over both (${first.activeTasks()} / ${other.activeTasks()})`,
    );
    const tasksOfFirst = first.activeTasks().sort();
    await produce(client, input, keys.map((key) => ({ key, value: 'x' })));
    await waitFor(async () => (await latestCounts(output)).size === keys.length, 30_000, 'every key counted once');

    const otherStates: KafkaStreamsState[] = [];
    other.onStateChange((state) => otherStates.push(state));
    await first.close({ timeoutMs: 10_000 });
    const restarted = await harness.startRunning(wordCount(input, output), applicationId, config('member-a', dirA));
    expect(restarted.activeTasks().sort()).toEqual(tasksOfFirst);

    await produce(client, input, keys.map((key) => ({ key, value: 'y' })));
    await waitFor(
      async () => [...(await latestCounts(output)).values()].every((count) => count === 2),
      30_000,
      'every key counted twice',
    );
    expect(otherStates).toEqual([]);
  });

  it('fences an instance whose group instance id another instance took: it fails, the other one runs', async () => {
    const { input, output } = await topics();
    const applicationId = uniqueName('static-fenced-app');
    const original = await harness.startRunning(wordCount(input, output), applicationId, {
      ...config('shared', stateDirs.create()),
    });
    const states: KafkaStreamsState[] = [];
    original.onStateChange((state) => states.push(state));
    const usurper = await harness.startRunning(wordCount(input, output), applicationId, {
      ...config('shared', stateDirs.create()),
    });
    await waitFor(
      () => original.state === 'ERROR',
      SESSION_TIMEOUT_MS,
      () => `the original to fail (it is ${original.state})`,
    );
    expect(original.error?.message).toMatch(/another member joined with this member's group instance id "shared"/);
    // It does not join again under the id (that would fence the other one in turn).
    expect(states).not.toContain('RUNNING');
    expect(states.slice(-2)).toEqual(['PENDING_ERROR', 'ERROR']);
    expect(usurper.state).toBe('RUNNING');
    expect(usurper.activeTasks()).toHaveLength(PARTITIONS);
  });

  async function latestCounts(topic: string): Promise<Map<string, number>> {
    const records = await readAll(client, topic, { idleMs: 1_000 });
    return new Map(records.map((r) => [r.key ?? '', Number(r.value)]));
  }
});
