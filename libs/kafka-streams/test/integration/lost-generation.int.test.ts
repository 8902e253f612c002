// An instance whose group member the coordinator forgot (its session expired: cut off from the broker, as in the
// network-partition e2e scenario) may have had its tasks run elsewhere meanwhile: another owner wrote their
// changelogs and committed their input. When it gets such a task back it must start it afresh, restored from the
// changelog, not keep the copy it had, whose store is stale. On kafkajs the runtime kept it (kafkajs rejoins under a
// new member id without telling anyone), and the stale store answered interactive queries with old counts for as
// long as nothing new reached the task (#16). Runs on both clients (integration and integration-platformatic).
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { leaveGroupV5 } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../src/index.js';
import { InvalidStateStoreError } from '../../src/errors/exceptions.js';
import { ClusterConnection, FIND_COORDINATOR_GROUP } from '../../src/internal/client/platformatic/connection.js';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(90_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('a task given back after a lost generation', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-lost');
  const cluster = ClusterConnection.create({ clientId: 'lost-task-test', brokers: bootstrapServers(), logger: silent });
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(async () => {
    await cluster.close();
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it('is restored from its changelog, with what another owner wrote there, instead of keeping its stale store', async () => {
    const input = uniqueName('lost-task-in');
    const applicationId = uniqueName('lost-task-app');
    const changelog = `${applicationId}-latest-changelog`;
    await createTopics(admin, [{ topic: input, partitions: 1 }]);
    await produce(client, input, [
      { key: 'k', value: 'first', partition: 0 },
      { key: 'j', value: 'second', partition: 0 },
    ]);
    const builder = new StreamsBuilder();
    builder
      .stream(input, Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() }))
      .groupByKey()
      .reduce((_previous, latest) => latest, Materialized.as('latest'));
    const streams = await harness.startRunning(builder.build(), applicationId, { stateDir: stateDirs.create() });
    const latest = (key: string): string | undefined => {
      try {
        return streams.store<string, string>('latest').get(key);
      } catch (error) {
        if (error instanceof InvalidStateStoreError) return undefined; // restoring: not queryable
        throw error;
      }
    };
    await waitFor(() => latest('k') === 'first' && latest('j') === 'second', 30_000, 'both keys in the store');
    await waitFor(
      async () => (await committedOffset(admin, applicationId, input)) === 2,
      30_000,
      'the input offsets committed',
    );

    // Another owner of the task, while this member was away, changed k and committed its input (here: nothing new
    // to read): its changelog record is the store's own encoding of "second", copied from j's.
    const written = await readChangelog(changelog, 2);
    const secondBytes = written.find((record) => record.key.toString() === 'j')!.value;
    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({ topic: changelog, messages: [{ key: 'k', value: secondBytes, partition: 0 }] });
    await producer.disconnect();

    // The coordinator forgets the member, as when its session expires; the member rejoins and gets the task back.
    const [group] = (await admin.describeGroups([applicationId])).groups;
    const memberId = group!.members[0]!.memberId;
    const { connection } = await cluster.coordinator(FIND_COORDINATOR_GROUP, applicationId);
    await leaveGroupV5.api.async(connection, applicationId, [{ memberId, reason: 'session expired' }]);

    await waitFor(
      async () => {
        const members = (await admin.describeGroups([applicationId])).groups[0]?.members ?? [];
        return members.length === 1 && members[0]!.memberId !== memberId && streams.state === 'RUNNING';
      },
      30_000,
      'the instance back in the group under a new member id, RUNNING',
    );
    await waitFor(
      () => latest('k') === 'second',
      30_000,
      () => `the task restored with the other owner's change of k (k is ${latest('k')})`,
    );
    expect(latest('j')).toBe('second');
    expect(streams.state).toBe('RUNNING');
  });
});

async function committedOffset(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return Number(offsets?.partitions[0]?.offset ?? -1);
}

/** The first `expected` records of a topic, raw. */
async function readChangelog(topic: string, expected: number): Promise<Array<{ key: Buffer; value: Buffer }>> {
  const consumer = kafka().consumer({ groupId: uniqueName('changelog-reader'), maxWaitTimeInMs: 100 });
  const records: Array<{ key: Buffer; value: Buffer }> = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key && message.value) records.push({ key: message.key, value: message.value });
      },
    });
    await waitFor(() => records.length >= expected, 30_000, `${expected} records on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
