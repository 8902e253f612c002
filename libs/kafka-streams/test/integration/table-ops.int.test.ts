// KTable operators on KafkaStreams with a real broker, over 3-partition topics: a KTable-KTable join
// (co-partitioned sources, materialized and queryable result) and a KTable.groupBy(...).count() whose
// rows move between groups through the repartition topic. Outputs are checked against a reference
// computed here from the same updates.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { Consumed, Grouped, Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { partitionForKey } from '../../src/internal/engine/partitioner.js';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import {
  collectTopic,
  finalTable,
  reachReference,
  type TableUpdate as Update,
} from '../../../../test/support/output-tables.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const PARTITIONS = 3;
const USERS = Array.from({ length: 60 }, (_, i) => `user-${i}`);
const CITIES = ['paris', 'rome', 'oslo', 'lima', 'kyiv'];

/** Table updates in two phases: initial rows; then moves between cities, new scores, deletes. */
function updates(): { first: { users: Update[]; scores: Update[] }; then: { users: Update[]; scores: Update[] } } {
  const first = { users: [] as Update[], scores: [] as Update[] };
  const then = { users: [] as Update[], scores: [] as Update[] };
  USERS.forEach((user, i) => {
    first.users.push({ key: user, value: CITIES[i % 5]! });
    first.scores.push({ key: user, value: String(i) });
  });
  USERS.forEach((user, i) => {
    if (i % 5 === 4)
      then.users.push({ key: user, value: 'paris' }); // everyone leaves kyiv: its count goes to 0
    else if (i % 3 === 0) then.users.push({ key: user, value: CITIES[(i + 1) % 4]! });
    if (i % 4 === 0) then.scores.push({ key: user, value: String(i * 10) });
  });
  USERS.forEach((user, i) => {
    if (i % 7 === 0) then.users.push({ key: user, value: null });
    if (i % 6 === 0) then.scores.push({ key: user, value: null });
  });
  then.users.push({ key: 'user-0', value: 'rome' }); // back after its delete
  return { first, then };
}

/**
 * Both tables come from toTable(), which keeps no store: the join materializes each in a logged store, and the
 * groupBy logs what it sent. So an instance on an empty state directory restores every store it needs from
 * changelogs, as after a rebalance to another machine.
 */
function topology(topics: { users: string; scores: string; joined: string; counts: string }) {
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  const builder = new StreamsBuilder();
  const users = builder.stream(topics.users, Consumed.with(strings)).toTable();
  const scores = builder.stream(topics.scores, Consumed.with(strings)).toTable();
  users
    .join(scores, (city, score) => `${city}:${score}`, Materialized.as('user-scores').withValueSerde(Serdes.String()))
    .toStream()
    .to(topics.joined, Produced.with(strings));
  users
    .groupBy((user, city) => ({ key: city, value: user }), Grouped.with({ name: 'by-city', ...strings }))
    // Every update, so that the steps below show each move (with the record cache, a commit's moves merge).
    .count(Materialized.as<string, number>('users-per-city').withCachingDisabled())
    .toStream()
    .mapValues((count) => String(count))
    .to(topics.counts, Produced.with(strings));
  return builder.build();
}

/** The join of the final tables, and the number of users per city (0 for a city everyone left). */
function reference(users: ReadonlyArray<Update>, scores: ReadonlyArray<Update>) {
  const finalUsers = finalTable(users);
  const finalScores = finalTable(scores);
  const join = new Map<string, string>();
  for (const [user, city] of finalUsers) {
    const score = finalScores.get(user);
    if (score !== undefined) join.set(user, `${city}:${score}`);
  }
  const counts = new Map(CITIES.map((city) => [city, '0']));
  for (const city of finalUsers.values()) counts.set(city, String(Number(counts.get(city)) + 1));
  return { join, counts };
}

describe('KTable joins and KGroupedTable on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('table-ops');
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

  async function send(
    topics: { users: string; scores: string },
    batch: { users: ReadonlyArray<Update>; scores: ReadonlyArray<Update> },
  ): Promise<void> {
    await produce(client, topics.users, batch.users);
    await produce(client, topics.scores, batch.scores);
  }

  it('joins two co-partitioned tables and counts rows per group as rows move, across a restart, exactly as the reference', async () => {
    const topics = {
      users: uniqueName('tables-users'),
      scores: uniqueName('tables-scores'),
      joined: uniqueName('tables-joined'),
      counts: uniqueName('tables-counts'),
    };
    const applicationId = uniqueName('table-ops-app');
    await createTopics(
      admin,
      Object.values(topics).map((topic) => ({ topic, partitions: PARTITIONS })),
    );
    const { first, then } = updates();
    const joined = await collectTopic(client, topics.joined);
    const counts = await collectTopic(client, topics.counts);
    const reachesReference = async (users: ReadonlyArray<Update>, scores: ReadonlyArray<Update>) => {
      const expected = reference(users, scores);
      await reachReference([
        { name: 'join', records: joined.records, expected: expected.join },
        { name: 'counts', records: counts.records, expected: expected.counts },
      ]);
      return expected;
    };
    try {
      await send(topics, first);
      const before = await harness.startRunning(topology(topics), applicationId, { stateDir: stateDirs.create() });
      await reachesReference(first.users, first.scores);
      await before.close({ timeoutMs: 10_000 });

      // A fresh state directory: the restarted instance restores the tables' stores and the groupBy's record of
      // what it sent from their changelogs, so the updates below join with and subtract from the right rows.
      await send(topics, then);
      const streams = await harness.startRunning(topology(topics), applicationId, { stateDir: stateDirs.create() });
      const expected = await reachesReference([...first.users, ...then.users], [...first.scores, ...then.scores]);
      expect(expected.counts.get('kyiv')).toBe('0');

      // Every count update moves by at most one (a subtract, an add, or both at once for a row updated within its
      // group, as in Java), and keys stay on their partition.
      const steps = new Map<string, number[]>();
      for (const { key, value, partition } of counts.records) {
        expect(partition).toBe(partitionForKey(Buffer.from(key), PARTITIONS));
        steps.set(key, [...(steps.get(key) ?? [0]), Number(value)]);
      }
      for (const [city, values] of steps) {
        const jumps = values.slice(1).filter((n, i) => Math.abs(n - values[i]!) > 1);
        expect({ city, jumps }).toEqual({ city, jumps: [] });
      }
      for (const { key, partition } of joined.records) {
        expect(partition).toBe(partitionForKey(Buffer.from(key), PARTITIONS));
      }

      // The materialized stores answer interactive queries with the same state.
      const userScores = streams.store<string, string>('user-scores');
      for (const user of USERS) expect([user, userScores.get(user)]).toEqual([user, expected.join.get(user)]);
      const perCity = streams.store<string, number>('users-per-city');
      for (const [city, count] of expected.counts) {
        expect([city, perCity.get(city)]).toEqual([city, Number(count)]);
      }

      const internal = (await admin.listTopics()).filter((t) => t.startsWith(`${applicationId}-`)).sort();
      expect(internal.map((t) => t.slice(applicationId.length + 1))).toEqual([
        'KTABLE-MATERIALIZE-STATE-STORE-0000000004-changelog',
        'KTABLE-MATERIALIZE-STATE-STORE-0000000006-changelog',
        'KTABLE-MERGE-0000000008-timestamps-changelog',
        'by-city-repartition',
        'by-city-store-changelog',
        'user-scores-changelog',
        'users-per-city-changelog',
        'users-per-city-timestamps-changelog',
      ]);
      const metadata = await admin.fetchTopicMetadata({ topics: internal });
      expect(metadata.topics.map((t) => t.partitions.length)).toEqual(internal.map(() => PARTITIONS));
    } finally {
      await joined.stop();
      await counts.stop();
    }
  });
});
