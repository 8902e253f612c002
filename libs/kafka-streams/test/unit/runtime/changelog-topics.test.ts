// The topics the group leader measures a task's state against: a logged store's own changelog, and the source
// topic of a builder.table() store (its changelog). A task whose only store is such a table must be placed by the
// lag of each member's copy, as any stateful task.
import { describe, expect, it } from '@jest/globals';
import type { GroupMember, OffsetRange } from '../../../src/internal/client/types.js';
import type { TopicPartition } from '../../../src/runtime/topic-partition.js';
import { Consumed, Materialized, Serdes, StreamsBuilder } from '../../../src/index.js';
import { decodeAssignmentInfo, encodeSubscriptionInfo } from '../../../src/internal/assignment/assignment-info.js';
import { changelogTopics } from '../../../src/internal/assignment/changelog-topics.js';
import { TaskAssignor } from '../../../src/internal/assignment/task-assignor.js';
import type { TopologyPlan } from '../../../src/internal/topology/plan.js';

const APP = 'shop';
const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });

/** Sub-topology 0: orders joined with the prices table; its only store is the table's, restored from `prices`. */
function pricedOrders(): TopologyPlan {
  const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
  const prices = builder.table('prices', strings, Materialized.as('prices-store'));
  builder
    .stream('orders', strings)
    .join(prices, (quantity, price) => `${quantity}x${price}`)
    .to('priced');
  return builder.build().plan();
}

describe('changelogTopics', () => {
  it('lists the source topic of a builder.table() store as its changelog', () => {
    const plan = pricedOrders();
    expect(plan.subtopologies.map((s) => s.id)).toEqual([0]);
    expect(changelogTopics(plan, APP, 0)).toEqual(['prices']);
  });

  it('lists the own changelog of a logged store, and nothing for a store logged nowhere', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    const words = builder.stream('words', strings).groupByKey();
    words.count(Materialized.as('counts'));
    words.reduce((a, b) => a + b, Materialized.as<string, string>('latest').withLoggingDisabled());
    const plan = builder.build().plan();
    const [subtopology] = plan.subtopologies;
    expect(subtopology!.stores!.map((s) => s.name).sort()).toEqual(['counts', 'latest']);
    expect(changelogTopics(plan, APP, subtopology!.id)).toEqual([`${APP}-counts-changelog`]);
  });

  it('lists a table source and the changelog of another store of the same sub-topology, for an unknown one none', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .table('prices', strings, Materialized.as('prices-store'))
      .mapValues((price) => `${price} EUR`, Materialized.as('labelled'));
    const plan = builder.build().plan();
    expect(changelogTopics(plan, APP, 0).sort()).toEqual(['prices', `${APP}-labelled-changelog`]);
    expect(changelogTopics(plan, APP, 7)).toEqual([]);
  });
});

describe('TaskAssignor with a task whose only store is a builder.table() store', () => {
  const plan = pricedOrders();
  const subtopologies = plan.subtopologies.map((s) => ({ id: s.id, sourceTopics: s.sourceTopics.map((t) => t.name) }));
  const partitionsPerTopic = new Map([
    ['prices', 2],
    ['orders', 2],
  ]);

  /** A fake admin's offsetRange: each partition of `prices` holds 1000 records; records what the leader asked for. */
  function fakeAdmin() {
    const asked: string[] = [];
    const offsetRange = async (partitions: ReadonlyArray<TopicPartition>): Promise<Map<string, OffsetRange>> => {
      asked.push(...partitions.map((p) => `${p.topic}:${p.partition}`));
      return new Map(partitions.map((p) => [`${p.topic}:${p.partition}`, { earliest: 0n, end: 1000n }]));
    };
    return { asked, offsetRange };
  }

  /** A member that restarted (runs nothing) with checkpoints of the table store: task id → checkpointed offset. */
  const restarted = (memberId: string, checkpoints: Record<string, bigint>): GroupMember => ({
    memberId,
    topics: ['prices', 'orders'],
    userData: encodeSubscriptionInfo({
      activeTasks: [],
      taskOffsets: new Map(
        Object.entries(checkpoints).map(([task, offset]) => [task, new Map([[`prices:${task.slice(2)}`, offset]])]),
      ),
    }),
  });

  const assignor = (acceptableRecoveryLag: number, admin = fakeAdmin()) =>
    new TaskAssignor(() => subtopologies, {
      changelogTopics: (subtopology) => changelogTopics(plan, APP, subtopology),
      offsetRanges: admin.offsetRange,
      acceptableRecoveryLag,
      probingRebalanceIntervalMs: 60_000,
    });
  const tasksOf = (partitions: ReadonlyArray<TopicPartition> | undefined) =>
    [...new Set((partitions ?? []).map((p) => `0_${p.partition}`))].sort();

  it('measures the copies against the end of the source topic, and gives each task back to its copy', async () => {
    const admin = fakeAdmin();
    // Placed as stateless (ids in order), 0_0 would go to m-a and 0_1 to m-b: the other way round from the copies.
    const assignments = await assignor(100, admin).assign({
      members: [restarted('m-a', { '0_1': 1000n }), restarted('m-b', { '0_0': 990n })],
      partitionsPerTopic,
    });
    expect(admin.asked.sort()).toEqual(['prices:0', 'prices:1']);
    expect(tasksOf(assignments.get('m-a')!.partitions)).toEqual(['0_1']);
    expect(tasksOf(assignments.get('m-b')!.partitions)).toEqual(['0_0']);
    expect(assignments.get('m-a')!.partitions).toEqual(
      expect.arrayContaining([
        { topic: 'prices', partition: 1 },
        { topic: 'orders', partition: 1 },
      ]),
    );
  });

  it('a copy 900 records behind the source topic is warmed up first with an acceptable lag of 100, taken at once with 1000', async () => {
    // m-b holds both tasks caught up; m-a's copy of 0_0 lags 1000 - 100 = 900 records.
    const members = [restarted('m-a', { '0_0': 100n }), restarted('m-b', { '0_0': 1000n, '0_1': 1000n })];

    const strict = await assignor(100).assign({ members, partitionsPerTopic });
    expect(tasksOf(strict.get('m-b')!.partitions)).toEqual(['0_0', '0_1']);
    const ofA = decodeAssignmentInfo(strict.get('m-a')!.userData!);
    expect(ofA.warmupTasks).toEqual(['0_0']);
    expect(ofA.followupRebalanceMs).toBe(60_000);

    const lenient = await assignor(1000).assign({ members, partitionsPerTopic });
    expect(tasksOf(lenient.get('m-a')!.partitions)).toEqual(['0_0']);
    expect(tasksOf(lenient.get('m-b')!.partitions)).toEqual(['0_1']);
    expect(decodeAssignmentInfo(lenient.get('m-a')!.userData!).warmupTasks ?? []).toEqual([]);
  });
});
