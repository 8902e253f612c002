// Static group membership (KIP-345, `groupInstanceId`) on the platformatic client: an instance that restarts under
// its instance id within the session gets its tasks back while the other instances go on without a rebalance; an
// instance whose id another one took is fenced and fails instead of taking the id back; under exactly-once, an
// instance killed with a transaction open and restarted under its id aborts that transaction when it registers
// its producer, instead of leaving it to the transaction timeout.
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { describeTransactionsV0 } from '@platformatic/kafka';
import { ClusterConnection, FIND_COORDINATOR_TRANSACTION } from '../../src/internal/client/platformatic/connection.js';
import {
  Consumed,
  type KafkaStreamsState,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  type Topology,
} from '../../src/index.js';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess, waitRunning } from './fixtures/app-process.js';
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
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const cluster = ClusterConnection.create({
    clientId: 'static-membership-test',
    brokers: bootstrapServers(),
    logger: silent,
  });
  afterEach(async () => {
    AppProcess.killAll();
    await harness.closeAll();
  });
  afterAll(async () => {
    await cluster.close();
    stateDirs.removeAll();
  });

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
    await produce(
      client,
      input,
      keys.map((key) => ({ key, value: 'x' })),
    );
    await waitFor(async () => (await latestCounts(output)).size === keys.length, 30_000, 'every key counted once');

    const otherStates: KafkaStreamsState[] = [];
    other.onStateChange((state) => otherStates.push(state));
    await first.close({ timeoutMs: 10_000 });
    const restarted = await harness.startRunning(wordCount(input, output), applicationId, config('member-a', dirA));
    expect(restarted.activeTasks().sort()).toEqual(tasksOfFirst);

    await produce(
      client,
      input,
      keys.map((key) => ({ key, value: 'y' })),
    );
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

  it('under exactly-once, a restart under the same id aborts the transaction its killed predecessor left open', async () => {
    const { input, output } = await topics();
    const applicationId = uniqueName('static-eos-app');
    const app = {
      bootstrap: bootstrapServers().join(','),
      applicationId,
      input,
      output,
      stateDir: stateDirs.create(),
      processingGuarantee: 'exactly_once' as const,
      // No commit for a minute, not even once caught up: the transaction stays open, and its timeout becomes
      // 2 minutes, far longer than this test waits.
      commitIntervalMs: 60_000,
      commitWhenCaughtUp: false,
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
      client: 'platformatic' as const,
      groupInstanceId: 'static-0',
    };
    const transactionalId = `${applicationId}-static-0-1`;
    const first = new AppProcess(app);
    await waitRunning([first], 60_000, 'the first run to be RUNNING');
    await produce(
      client,
      input,
      keys.map((key) => ({ key, value: 'one two three' })),
    );
    await waitFor(async () => (await transactionState(transactionalId)) === 'Ongoing', 30_000, 'an open transaction');
    await first.crash();
    expect(await transactionState(transactionalId)).toBe('Ongoing');

    // Committing often now, so that the words pass the repartition topic and are counted while the test waits.
    const restarted = new AppProcess({ ...app, commitIntervalMs: 500, commitWhenCaughtUp: true });
    await waitFor(
      async () => (await transactionState(transactionalId)) !== 'Ongoing',
      30_000,
      'the open transaction to be aborted by the restarted instance',
    );
    await waitRunning([restarted], 60_000, 'the restarted run to be RUNNING');
    const counted = async () => {
      const all = await restarted.all();
      return all !== undefined && ['one', 'two', 'three'].every((word) => all[word] === keys.length);
    };
    await waitFor(counted, 30_000, 'the restarted run to count the input again');
    await restarted.stop();
    // What the killed instance had written was aborted: read_committed sees each word counted once per sentence.
    const records = await readAll(client, output, { idleMs: 2_000 });
    const counts = new Map(records.map((r) => [r.key, Number(r.value)]));
    expect(counts).toEqual(new Map(['one', 'two', 'three'].map((word) => [word, keys.length])));
  });

  /** The transaction coordinator's state of `transactionalId` (Ongoing, PrepareAbort, CompleteAbort, Empty...). */
  async function transactionState(transactionalId: string): Promise<string | undefined> {
    const { connection } = await cluster.coordinator(FIND_COORDINATOR_TRANSACTION, transactionalId);
    const response = await describeTransactionsV0.api.async(connection, [transactionalId]);
    return response.transactionStates[0]?.transactionState;
  }

  async function latestCounts(topic: string): Promise<Map<string, number>> {
    const records = await readAll(client, topic, { idleMs: 1_000 });
    return new Map(records.map((r) => [r.key ?? '', Number(r.value)]));
  }
});
