// The leader's placement of active, standby and warm-up tasks: a pure function, so every property is checked
// here on hand-made situations (restart, failover, scale out and in) and on seeded random ones.
import { describe, expect, it } from '@jest/globals';
import {
  type Placement,
  type PlacementClient,
  type PlacementConfig,
  type PlacementTask,
  placeTasks,
} from '../../../src/internal/assignment/task-placement.js';

/** Sub-topology 0: 4 stateless tasks; sub-topology 1: 4 stateful tasks (the word count's shape). */
const WORD_COUNT: PlacementTask[] = [
  ...[0, 1, 2, 3].map((p) => ({ id: `0_${p}`, subtopology: 0, stateful: false })),
  ...[0, 1, 2, 3].map((p) => ({ id: `1_${p}`, subtopology: 1, stateful: true })),
];
const STATEFUL = WORD_COUNT.filter((t) => t.stateful).map((t) => t.id);
const FULL = 50_000; // a changelog partition's size: more than the acceptable lag
const CONFIG: PlacementConfig = { numStandbyReplicas: 0, acceptableRecoveryLag: 10_000, maxWarmupReplicas: 2 };

/** A client: tasks it ran, and lags of its copies; every stateful task it has no copy of lags FULL. */
function client(id: string, active: string[] = [], copies: Record<string, number> = {}): PlacementClient {
  const lags = new Map<string, number>(STATEFUL.map((t) => [t, FULL]));
  for (const [task, lag] of Object.entries(copies)) lags.set(task, lag);
  for (const task of active) if (lags.has(task)) lags.set(task, 0);
  return { id, previousActive: new Set(active), lags };
}

const actives = (placement: Placement, id: string) => placement.clients.get(id)!.active;
const standbys = (placement: Placement, id: string) => placement.clients.get(id)!.standby;
const warmups = (placement: Placement, id: string) => placement.clients.get(id)!.warmup;
const statefulOf = (tasks: ReadonlyArray<string>) => tasks.filter((t) => t.startsWith('1_'));
const counts = (placement: Placement) => [...placement.clients.values()].map((c) => c.active.length);
const spread = (values: number[]) => Math.max(...values) - Math.min(...values);

function ownerOf(placement: Placement, task: string): string[] {
  return [...placement.clients].filter(([, c]) => c.active.includes(task)).map(([id]) => id);
}

describe('placeTasks', () => {
  it('spreads tasks of a group without state evenly, each task exactly once, each sub-topology across clients', () => {
    const small = WORD_COUNT.map((t) => t.id);
    const clients = ['c', 'a', 'b'].map((id) => client(id, [], Object.fromEntries(STATEFUL.map((t) => [t, 100]))));
    const placement = placeTasks(WORD_COUNT, clients, CONFIG);
    for (const task of small) expect(ownerOf(placement, task)).toHaveLength(1);
    expect(counts(placement).sort()).toEqual([2, 3, 3]);
    for (const id of ['a', 'b', 'c']) expect(statefulOf(actives(placement, id)).length).toBeGreaterThanOrEqual(1);
    expect(placement.followupRebalance).toBe(false);
  });

  it('is deterministic: the order of clients and tasks in the input does not matter', () => {
    const clients = [
      client('m-2', ['0_0', '1_1']),
      client('m-1', ['1_0'], { '1_2': 30 }),
      client('m-3', [], { '1_3': 5 }),
    ];
    const config = { ...CONFIG, numStandbyReplicas: 1 };
    const first = placeTasks(WORD_COUNT, clients, config);
    const second = placeTasks([...WORD_COUNT].reverse(), [...clients].reverse(), config);
    expect([...second.clients].sort()).toEqual([...first.clients].sort());
  });

  it('keeps an assignment that is already balanced exactly as it is (sticky)', () => {
    const a = ['0_0', '0_2', '1_0', '1_2'];
    const b = ['0_1', '0_3', '1_1', '1_3'];
    const placement = placeTasks(WORD_COUNT, [client('b', b), client('a', a)], CONFIG);
    expect(actives(placement, 'a').sort()).toEqual(a);
    expect(actives(placement, 'b').sort()).toEqual(b);
  });

  it('gives an instance that comes back with its state directory the stateful tasks it holds state for', () => {
    // "a" left cleanly (checkpoints lag 0-20 behind), "b" ran everything meanwhile; "a" rejoins.
    const placement = placeTasks(
      WORD_COUNT,
      [
        client('a', [], { '1_0': 20, '1_2': 0 }),
        client(
          'b',
          WORD_COUNT.map((t) => t.id),
        ),
      ],
      CONFIG,
    );
    expect(statefulOf(actives(placement, 'a')).sort()).toEqual(['1_0', '1_2']);
    expect(statefulOf(actives(placement, 'b')).sort()).toEqual(['1_1', '1_3']);
    expect(counts(placement)).toEqual([4, 4]);
    expect(placement.followupRebalance).toBe(false);
  });

  it('moves the tasks of a failed instance to the standby copies that are caught up', () => {
    // "a" ran 1_0 and 1_2 and died; "b" kept 1_0 warm, "c" kept 1_2 warm.
    const clients = [
      client('b', ['0_1', '1_1'], { '1_0': 3 }),
      client('c', ['0_3', '1_3'], { '1_2': 0 }),
      client('d', ['0_0', '0_2']),
    ];
    const placement = placeTasks(WORD_COUNT, clients, { ...CONFIG, numStandbyReplicas: 1 });
    expect(ownerOf(placement, '1_0')).toEqual(['b']);
    expect(ownerOf(placement, '1_2')).toEqual(['c']);
    expect(spread(counts(placement))).toBeLessThanOrEqual(1);
    // The replicas that became active get new standbys elsewhere; "d", which holds no stateful task, starts
    // warming one up to balance the stateful load later.
    for (const task of STATEFUL) {
      const holders = [...placement.clients]
        .filter(([, c]) => c.standby.includes(task) && !c.warmup.includes(task))
        .map(([id]) => id);
      expect(holders).toHaveLength(1);
      expect(holders).not.toContain(ownerOf(placement, task)[0]);
    }
    expect(warmups(placement, 'd')).toHaveLength(1);
    expect(placement.followupRebalance).toBe(true);
  });

  it('gives a joining instance tasks right away when the state it lacks is within the acceptable lag', () => {
    const a = ['0_0', '0_2', '1_0', '1_2'];
    const b = ['0_1', '0_3', '1_1', '1_3'];
    const small = Object.fromEntries(STATEFUL.map((t) => [t, 500]));
    const placement = placeTasks(
      WORD_COUNT,
      [client('a', a, small), client('b', b, small), client('c', [], small)],
      CONFIG,
    );
    expect(counts(placement).sort()).toEqual([2, 3, 3]);
    expect(spread(['a', 'b', 'c'].map((id) => statefulOf(actives(placement, id)).length))).toBeLessThanOrEqual(1);
    // The others only give tasks up.
    for (const [id, previous] of [
      ['a', a],
      ['b', b],
    ] as const) {
      for (const task of actives(placement, id)) expect(previous).toContain(task);
    }
    expect(placement.followupRebalance).toBe(false);
  });

  it('warms a joining instance up before it takes stateful tasks far behind, then moves them once caught up', () => {
    const a = ['0_0', '0_2', '1_0', '1_2'];
    const b = ['0_1', '0_3', '1_1', '1_3'];
    const first = placeTasks(WORD_COUNT, [client('a', a), client('b', b), client('c')], CONFIG);
    // No stateful task moves to "c" yet: it warms up a copy of its share (one of four) instead, and stateless
    // tasks keep it busy.
    expect(statefulOf(actives(first, 'c'))).toEqual([]);
    expect(warmups(first, 'c')).toHaveLength(1);
    expect(standbys(first, 'c')).toEqual(warmups(first, 'c'));
    expect(actives(first, 'c').length).toBeGreaterThan(0);
    expect(spread(counts(first))).toBeLessThanOrEqual(1);
    expect(first.followupRebalance).toBe(true);
    for (const task of warmups(first, 'c')) expect(ownerOf(first, task)).not.toContain('c');

    // The probing rebalance: the warm-ups caught up, so those tasks move to "c".
    const caughtUp = Object.fromEntries(warmups(first, 'c').map((t) => [t, 40]));
    const second = placeTasks(
      WORD_COUNT,
      [client('a', actives(first, 'a')), client('b', actives(first, 'b')), client('c', actives(first, 'c'), caughtUp)],
      CONFIG,
    );
    expect(statefulOf(actives(second, 'c')).sort()).toEqual(Object.keys(caughtUp).sort());
    expect(second.followupRebalance).toBe(false);
    expect(spread(counts(second))).toBeLessThanOrEqual(1);
  });

  it('creates at most maxWarmupReplicas warm-ups per rebalance', () => {
    const all = WORD_COUNT.map((t) => t.id);
    const placement = placeTasks(WORD_COUNT, [client('a', all), client('b'), client('c')], {
      ...CONFIG,
      maxWarmupReplicas: 1,
    });
    const created = ['b', 'c'].flatMap((id) => warmups(placement, id));
    expect(created).toHaveLength(1);
    expect(statefulOf(actives(placement, 'a')).sort()).toEqual(STATEFUL);
    expect(placement.followupRebalance).toBe(true);
  });

  it('restores at the balanced place, without warm-ups, when nobody holds a caught-up copy', () => {
    const placement = placeTasks(WORD_COUNT, [client('a'), client('b')], CONFIG);
    expect(counts(placement)).toEqual([4, 4]);
    expect(statefulOf(actives(placement, 'a'))).toHaveLength(2);
    expect([...placement.clients.values()].flatMap((c) => c.warmup)).toEqual([]);
    expect(placement.followupRebalance).toBe(false);
  });

  it('hands the tasks of a leaving instance to the others, which keep their own', () => {
    const b = ['0_1', '1_1', '1_4'];
    const c = ['0_2', '1_2'];
    const tasks = [...WORD_COUNT, { id: '1_4', subtopology: 1, stateful: true }];
    const placement = placeTasks(tasks, [client('b', b), client('c', c)], CONFIG);
    for (const task of b) expect(actives(placement, 'b')).toContain(task);
    for (const task of c) expect(actives(placement, 'c')).toContain(task);
    expect(counts(placement).sort()).toEqual([4, 5]);
  });

  it('puts standbys on other clients only, sticky to the copies that exist, spread evenly', () => {
    const a = ['0_0', '0_2', '1_0', '1_2'];
    const b = ['0_1', '0_3', '1_1', '1_3'];
    const nearby = Object.fromEntries(STATEFUL.map((t) => [t, 5_000])); // within the acceptable lag: no warm-up
    const placement = placeTasks(
      WORD_COUNT,
      [client('a', a, { '1_1': 0, '1_3': 2 }), client('b', b, { '1_0': 1, '1_2': 0 }), client('c', [], nearby)],
      { ...CONFIG, numStandbyReplicas: 1 },
    );
    expect(statefulOf(actives(placement, 'c'))).toHaveLength(1);
    for (const task of STATEFUL) {
      const owner = ownerOf(placement, task)[0]!;
      const holders = [...placement.clients].filter(([, x]) => x.standby.includes(task)).map(([id]) => id);
      expect(holders).toHaveLength(1);
      expect(holders[0]).not.toBe(owner);
    }
    // The copies still needed stay where they are.
    expect(standbys(placement, 'a')).toContain('1_1');
    expect(standbys(placement, 'b')).toContain('1_2');
    expect(spread(['a', 'b', 'c'].map((id) => standbys(placement, id).length))).toBeLessThanOrEqual(1);
    expect(placement.followupRebalance).toBe(false);
  });

  it('gives each stateful task as many standbys as there are other clients, at most numStandbyReplicas', () => {
    const placement = placeTasks(WORD_COUNT, [client('a'), client('b')], { ...CONFIG, numStandbyReplicas: 3 });
    for (const task of STATEFUL) {
      expect([...placement.clients.values()].filter((c) => c.standby.includes(task))).toHaveLength(1);
    }
    for (const task of WORD_COUNT.filter((t) => !t.stateful)) {
      expect([...placement.clients.values()].filter((c) => c.standby.includes(task.id))).toHaveLength(0);
    }
  });

  it('places nothing without clients, and everything on a single client', () => {
    expect(placeTasks(WORD_COUNT, [], CONFIG).clients.size).toBe(0);
    const alone = placeTasks(WORD_COUNT, [client('a')], { ...CONFIG, numStandbyReplicas: 2 });
    expect(actives(alone, 'a')).toHaveLength(8);
    expect(standbys(alone, 'a')).toEqual([]);
  });

  it('holds its invariants on random situations', () => {
    const random = mulberry32(20_260_815);
    for (let round = 0; round < 300; round++) {
      const subtopologies = 1 + Math.floor(random() * 3);
      const tasks: PlacementTask[] = [];
      for (let s = 0; s < subtopologies; s++) {
        const partitions = 1 + Math.floor(random() * 8);
        const stateful = random() < 0.6;
        for (let p = 0; p < partitions; p++) tasks.push({ id: `${s}_${p}`, subtopology: s, stateful });
      }
      const clientCount = 1 + Math.floor(random() * 5);
      const clients: PlacementClient[] = Array.from({ length: clientCount }, (_, i) => {
        const previousActive = new Set(tasks.filter(() => random() < 1 / clientCount).map((t) => t.id));
        const lags = new Map(
          tasks
            .filter((t) => t.stateful)
            .map((t) => [t.id, previousActive.has(t.id) ? 0 : Math.floor(random() * 30_000)] as const),
        );
        return { id: `m-${i}`, previousActive, lags };
      });
      const config: PlacementConfig = {
        numStandbyReplicas: Math.floor(random() * 3),
        acceptableRecoveryLag: random() < 0.5 ? 10_000 : Number.MAX_SAFE_INTEGER,
        maxWarmupReplicas: 1 + Math.floor(random() * 3),
      };
      const placement = placeTasks(tasks, clients, config);
      const again = placeTasks([...tasks].reverse(), [...clients].reverse(), config);
      expect([...again.clients].sort()).toEqual([...placement.clients].sort());
      for (const task of tasks) expect(ownerOf(placement, task.id)).toHaveLength(1);
      const warmupCount = [...placement.clients.values()].reduce((n, c) => n + c.warmup.length, 0);
      expect(warmupCount).toBeLessThanOrEqual(config.maxWarmupReplicas);
      for (const task of tasks) {
        const owner = ownerOf(placement, task.id)[0]!;
        const holders = [...placement.clients].filter(([, c]) => c.standby.includes(task.id)).map(([id]) => id);
        expect(holders).not.toContain(owner);
        expect(new Set(holders).size).toBe(holders.length);
        const warm = [...placement.clients.values()].filter((c) => c.warmup.includes(task.id)).length;
        const expected = task.stateful ? Math.min(config.numStandbyReplicas, clientCount - 1 - warm) + warm : 0;
        expect(holders).toHaveLength(expected);
      }
      // Everyone holds a caught-up copy of everything: no warm-up, and the counts differ by at most one.
      if (config.acceptableRecoveryLag === Number.MAX_SAFE_INTEGER) {
        expect(placement.followupRebalance).toBe(false);
        expect(spread(counts(placement))).toBeLessThanOrEqual(1);
      }
    }
  });
});

/** A small seeded generator, so a failing round can be replayed. */
function mulberry32(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
