import { describe, it, expect } from '@jest/globals';
import {
  Consumed,
  JoinWindows,
  Produced,
  Serdes,
  StreamJoined,
  StreamsBuilder,
  type KStream,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const stringsOut = Produced.with({ keySerde: str, valueSerde: str });

type JoinOf = (left: KStream<string, string>, right: KStream<string, string>) => KStream<string, string>;

const show = (value: string | null, other: string | null): string => `${value ?? '-'}+${other ?? '-'}`;
const inner =
  (windows: JoinWindows, joined?: StreamJoined<string, string, string>): JoinOf =>
  (left, right) =>
    left.join(right, (v, o) => show(v, o), windows, joined);
const leftJoin =
  (windows: JoinWindows, joined?: StreamJoined<string, string, string>): JoinOf =>
  (left, right) =>
    left.leftJoin(right, (v, o) => show(v, o), windows, joined);
const outerJoin =
  (windows: JoinWindows, joined?: StreamJoined<string, string, string>): JoinOf =>
  (left, right) =>
    left.outerJoin(right, (v, o) => show(v, o), windows, joined);

function joinDriver(join: JoinOf) {
  const b = new StreamsBuilder();
  join(b.stream('left', strings), b.stream('right', strings)).to('out', stringsOut);
  const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
  const left = driver.createInputTopic('left', str, str);
  const right = driver.createInputTopic('right', str, str);
  const out = driver.createOutputTopic('out', str, str);
  /** [key, value, timestamp] of each result since the last call. */
  const results = () => out.readRecordsToList().map((r) => [r.key, r.value, r.timestamp]);
  return { driver, left, right, results };
}

describe('KStream-KStream inner join', () => {
  it('pairs records of the same key by timestamp, in either arrival order; results take the later timestamp', () => {
    const { left, right, results } = joinDriver(inner(JoinWindows.ofTimeDifferenceWithNoGrace(10)));
    left.pipeInput('k', 'A', 100);
    expect(results()).toEqual([]);
    right.pipeInput('k', 'a', 105);
    right.pipeInput('other-key', 'z', 105);
    expect(results()).toEqual([['k', 'A+a', 105]]);
    right.pipeInput('k', 'b', 111); // 11 ms after A
    expect(results()).toEqual([]);
    left.pipeInput('k', 'B', 101); // arrives after a and b, its window [91, 111] reaches both
    expect(results()).toEqual([
      ['k', 'B+a', 105],
      ['k', 'B+b', 111],
    ]);
  });

  it('before/after bound the window on each side, ends included', () => {
    const windows = JoinWindows.ofTimeDifferenceAndGrace(10, 50).before(0);
    const { left, right, results } = joinDriver(inner(windows));
    left.pipeInput('k', 'L', 100);
    right.pipeInput('k', 'r95', 95); // before L: outside [100, 110]
    right.pipeInput('k', 'r100', 100);
    right.pipeInput('k', 'r110', 110);
    right.pipeInput('k', 'r111', 111);
    expect(results()).toEqual([
      ['k', 'L+r100', 100],
      ['k', 'L+r110', 110],
    ]);
    left.pipeInput('k', 'M', 101); // later left records see the buffered right records the same way
    expect(results()).toEqual([
      ['k', 'M+r110', 110],
      ['k', 'M+r111', 111],
    ]);
  });

  it('joins every record of a key and timestamp (duplicates are kept)', () => {
    const { left, right, results } = joinDriver(inner(JoinWindows.ofTimeDifferenceWithNoGrace(5)));
    left.pipeInput('k', 'A1', 100);
    left.pipeInput('k', 'A2', 100);
    right.pipeInput('k', 'x', 100);
    right.pipeInput('k', 'y', 103);
    expect(results().map(([, v]) => v)).toEqual(['A1+x', 'A2+x', 'A1+y', 'A2+y']);
  });

  it('drops and counts records whose window closed before they arrived; null keys and values do not join', () => {
    const { driver, left, right, results } = joinDriver(inner(JoinWindows.ofTimeDifferenceAndGrace(10, 20)));
    left.pipeInput('k', 'A', 100);
    right.pipeInput('k', 'now', 200); // stream time 200
    left.pipeInput('k', 'B', 170); // [160, 180] + 20 grace: closes after 200, still open
    right.pipeInput('k', 'x', 175);
    expect(results()).toEqual([['k', 'B+x', 175]]);
    left.pipeInput('k', 'C', 169); // 169 + 10 + 20 < 200: late
    right.pipeInput('k', 'y', 105); // late too: A's pair never forms
    expect(results()).toEqual([]);
    expect(driver.metrics().droppedLateRecords).toBe(2);
    expect(driver.logs.some((l) => l.level === 'debug' && /late record dropped/.test(l.message))).toBe(true);
    left.pipeInput(null as unknown as string, 'no key', 200);
    left.pipeInput('k', null as unknown as string, 200);
    expect(results()).toEqual([]);
  });

  it('never joins a record whose window has closed, even while it is still buffered', () => {
    // The left window of A is [90, 110]; with grace 5 it closes when stream time passes 115.
    const { left, right, results } = joinDriver(
      inner(JoinWindows.ofTimeDifferenceAndGrace(10, 5).before(10).after(10)),
    );
    left.pipeInput('k', 'A', 100);
    right.pipeInput('other', 'tick', 116);
    right.pipeInput('k', 'x', 106); // not late itself ([96, 116] + 5), but A's window has closed
    expect(results()).toEqual([]);
  });
});

describe('KStream-KStream left join', () => {
  const windows = JoinWindows.ofTimeDifferenceAndGrace(10, 5);

  it('emits a record without a partner only after its window closes (end + grace passed), in time order', () => {
    const { left, right, results } = joinDriver(leftJoin(windows));
    left.pipeInput('k1', 'A', 100);
    left.pipeInput('k2', 'B', 100);
    right.pipeInput('k1', 'x', 108);
    expect(results()).toEqual([['k1', 'A+x', 108]]);
    left.pipeInput('k3', 'C', 112);
    left.pipeInput('k4', 'D', 115); // stream time 115 = B's window end + grace: not closed yet
    expect(results()).toEqual([]);
    right.pipeInput('k1', 'y', 109); // out of order, while A's window is still open
    expect(results()).toEqual([['k1', 'A+y', 109]]);
    left.pipeInput('k5', 'E', 116);
    expect(results()).toEqual([['k2', 'B+-', 100]]); // A had partners: no A+- ever
    left.pipeInput('k9', 'Z', 200);
    expect(results()).toEqual([
      ['k3', 'C+-', 112],
      ['k4', 'D+-', 115],
      ['k5', 'E+-', 116],
    ]);
  });

  it('a partner arriving out of order within grace cancels the result with null', () => {
    const { left, right, results } = joinDriver(leftJoin(windows));
    left.pipeInput('k', 'A', 100);
    left.pipeInput('other', 'tick', 114); // stream time 114: A's window [90, 110] is in grace
    right.pipeInput('k', 'x', 109);
    left.pipeInput('other', 'tick', 300);
    expect(results()).toEqual([
      ['k', 'A+x', 109],
      ['other', 'tick+-', 114],
    ]);
  });

  it('after its result with null was emitted, a record is not joined again', () => {
    const { left, right, results } = joinDriver(leftJoin(windows));
    left.pipeInput('k', 'A', 100);
    left.pipeInput('other', 'tick', 116);
    expect(results()).toEqual([['k', 'A+-', 100]]);
    right.pipeInput('k', 'x', 106); // not late, but A's window has closed
    expect(results()).toEqual([]);
  });

  it('right records without a partner are never emitted; null-key left records are emitted at once', () => {
    const { left, right, results } = joinDriver(leftJoin(windows));
    right.pipeInput('k', 'x', 100);
    left.pipeInput(null as unknown as string, 'N', 100);
    left.pipeInput('other', 'tick', 500);
    expect(results()).toEqual([[null, 'N+-', 100]]);
  });
});

describe('KStream-KStream outer join', () => {
  it('emits records of either side without a partner after their windows close', () => {
    const { left, right, results } = joinDriver(outerJoin(JoinWindows.ofTimeDifferenceWithNoGrace(10).before(3)));
    left.pipeInput('k1', 'A', 100);
    right.pipeInput('k2', 'x', 103);
    right.pipeInput('k1', 'y', 105);
    expect(results()).toEqual([['k1', 'A+y', 105]]);
    // A right record at t waits for left records in [t - 10, t + 3]: x's window closes when stream time passes 106.
    // As Java, a left record looks for closed waiting records only once the oldest put (A@100) + 10 is behind
    // stream time, so B@106 and C@107 do not; z@200 does, and emits all three in time order.
    left.pipeInput('k3', 'B', 106);
    left.pipeInput('k3', 'C', 107);
    expect(results()).toEqual([]);
    right.pipeInput('k9', 'z', 200);
    expect(results()).toEqual([
      ['k2', '-+x', 103],
      ['k3', 'B+-', 106],
      ['k3', 'C+-', 107],
    ]);
  });
});

describe('stream-stream joins in the topology', () => {
  it('names nodes and logged stores like Kafka Streams; their changelogs are written', () => {
    const b = new StreamsBuilder();
    b.stream('left', strings)
      .leftJoin(b.stream('right', strings), (v, o) => show(v, o), JoinWindows.ofTimeDifferenceWithNoGrace(10))
      .to('out', stringsOut);
    const topology = b.build();
    const plan = topology.plan();
    expect(plan.subtopologies).toHaveLength(1);
    expect(plan.subtopologies[0]!.stores!.map((s) => [s.name, s.kind, s.loggingEnabled])).toEqual([
      ['KSTREAM-JOINTHIS-0000000004-store', 'window', true],
      ['KSTREAM-OUTEROTHER-0000000005-store', 'window', true],
      ['KSTREAM-OUTERSHARED-0000000004-store', 'window', true],
    ]);
    expect(plan.subtopologies[0]!.copartitionGroups.map((g) => g.map((t) => t.name).sort())).toEqual([
      ['left', 'right'],
    ]);
    expect(topology.describe().toString()).toBe(
      [
        'Topologies:',
        '   Sub-topology: 0',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [left])',
        '      --> KSTREAM-WINDOWED-0000000002',
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [right])',
        '      --> KSTREAM-WINDOWED-0000000003',
        '    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])',
        '      --> KSTREAM-JOINTHIS-0000000004',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])',
        '      --> KSTREAM-OUTEROTHER-0000000005',
        '      <-- KSTREAM-SOURCE-0000000001',
        '    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store])',
        '      --> KSTREAM-MERGE-0000000006',
        '      <-- KSTREAM-WINDOWED-0000000002',
        '    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store])',
        '      --> KSTREAM-MERGE-0000000006',
        '      <-- KSTREAM-WINDOWED-0000000003',
        '    Processor: KSTREAM-MERGE-0000000006 (stores: [])',
        '      --> KSTREAM-SINK-0000000007',
        '      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005',
        '    Sink: KSTREAM-SINK-0000000007 (topic: out)',
        '      <-- KSTREAM-MERGE-0000000006',
        '',
        '',
      ].join('\n'),
    );
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    driver.createInputTopic('left', str, str).pipeInput('k', 'A', 100);
    driver.createInputTopic('right', str, str).pipeInput('k', 'a', 101);
    expect(driver.producedTopicNames()).toEqual(
      expect.arrayContaining([
        'app-KSTREAM-JOINTHIS-0000000004-store-changelog',
        'app-KSTREAM-OUTEROTHER-0000000005-store-changelog',
        'app-KSTREAM-OUTERSHARED-0000000004-store-changelog',
      ]),
    );
  });

  it('StreamJoined names the nodes and stores; stores may be unlogged', () => {
    const b = new StreamsBuilder();
    b.stream('left', strings)
      .outerJoin(
        b.stream('right', strings),
        (v, o) => show(v, o),
        JoinWindows.ofTimeDifferenceWithNoGrace(10),
        StreamJoined.as('orders').withName('j').withLoggingDisabled(),
      )
      .to('out', stringsOut);
    const topology = b.build();
    expect(topology.plan().subtopologies[0]!.stores!.map((s) => [s.name, s.loggingEnabled])).toEqual([
      ['orders-outer-this-join-store', false],
      ['orders-outer-other-join-store', false],
      ['orders-outer-shared-join-store', false],
    ]);
    const description = topology.describe().toString();
    for (const node of ['j-this-windowed', 'j-other-windowed', 'j-outer-this-join', 'j-outer-other-join', 'j-merge']) {
      expect(description).toContain(node);
    }
  });

  it('repartitions a side whose key changed, then joins co-partitioned', () => {
    const b = new StreamsBuilder();
    const byUser = b.stream('clicks', strings).selectKey((_k, v) => v.split(':')[0]!);
    b.stream('users', strings)
      .join(byUser, (user, click) => `${user}/${click}`, JoinWindows.ofTimeDifferenceWithNoGrace(100))
      .to('out', stringsOut);
    const topology = b.build();
    const plan = topology.plan();
    expect(plan.internalTopics.map((t) => t.name)).toEqual(['KSTREAM-KEY-SELECT-0000000001-repartition']);
    const joining = plan.subtopologies.find((s) => (s.stores ?? []).length > 0)!;
    expect(joining.copartitionGroups.map((g) => g.map((t) => t.name).sort())).toEqual([
      ['KSTREAM-KEY-SELECT-0000000001-repartition', 'users'],
    ]);

    const named = new StreamsBuilder();
    const rekeyed = named.stream('clicks', strings).selectKey((_k, v) => v);
    named
      .stream('users', strings)
      .join(
        rekeyed,
        (u, c) => `${u}/${c}`,
        JoinWindows.ofTimeDifferenceWithNoGrace(100),
        StreamJoined.with(str, str, str).withName('uc'),
      )
      .to('out', stringsOut);
    expect(
      named
        .build()
        .plan()
        .internalTopics.map((t) => t.name),
    ).toEqual(['uc-right-repartition']);

    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    driver.createInputTopic('users', str, str).pipeInput('ann', 'Ann', 1000);
    driver.createInputTopic('clicks', str, str).pipeInput('c1', 'ann:home', 1050);
    expect(driver.createOutputTopic('out', str, str).readKeyValuesToList()).toEqual([
      { key: 'ann', value: 'Ann/ann:home' },
    ]);
  });

  it('refuses a stream-stream join without JoinWindows', () => {
    const b = new StreamsBuilder();
    const left = b.stream('left', strings);
    const join = left.join as unknown as (other: unknown, joiner: unknown) => unknown;
    expect(() => join.call(left, b.stream('right', strings), show)).toThrow(/needs JoinWindows/);
  });
});

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('stream-stream joins match their definition on shuffled input (seeded)', () => {
  interface Sent {
    readonly side: 'left' | 'right';
    readonly key: string;
    readonly value: string;
    readonly timestamp: number;
  }
  const before = 7;
  const after = 4;
  // Grace longer than the input's time range: nothing is late, every window closes at the final record.
  const windows = JoinWindows.ofTimeDifferenceAndGrace(after, 1000).before(before);

  function expected(records: ReadonlyArray<Sent>, kind: 'inner' | 'left' | 'outer'): string[] {
    const lefts = records.filter((r) => r.side === 'left');
    const rights = records.filter((r) => r.side === 'right');
    const pairs = (l: Sent) =>
      rights.filter(
        (r) => r.key === l.key && r.timestamp >= l.timestamp - before && r.timestamp <= l.timestamp + after,
      );
    const results = lefts.flatMap((l) => pairs(l).map((r) => `${l.key}:${l.value}+${r.value}`));
    // As Java: a record of an outer side that finds no partner on arrival while its window end (t + difference, not
    // counting grace) is already behind stream time goes out at once with null, even if a partner arrives later.
    const joinedRights = new Set(lefts.flatMap((l) => pairs(l)));
    const emittedAtOnce = new Set<Sent>();
    let streamTime = -1;
    records.forEach((record, arrival) => {
      streamTime = Math.max(streamTime, record.timestamp);
      const earlier = records.slice(0, arrival);
      const partnersSoFar =
        record.side === 'left'
          ? pairs(record).filter((r) => earlier.includes(r))
          : lefts.filter((l) => earlier.includes(l) && pairs(l).includes(record));
      const windowEnd = record.timestamp + (record.side === 'left' ? after : before);
      if (partnersSoFar.length === 0 && windowEnd < streamTime) emittedAtOnce.add(record);
    });
    const unpaired = (r: Sent) => (r.side === 'left' ? pairs(r).length === 0 : !joinedRights.has(r));
    const withNull = (r: Sent) => (r.side === 'left' ? `${r.key}:${r.value}+-` : `${r.key}:-+${r.value}`);
    const outerSides = kind === 'inner' ? [] : kind === 'left' ? lefts : records;
    for (const r of outerSides) {
      if (emittedAtOnce.has(r) || unpaired(r)) results.push(withNull(r));
    }
    return results.sort();
  }

  for (const kind of ['inner', 'left', 'outer'] as const) {
    it(`${kind} join`, () => {
      for (const seed of [3, 17, 2024]) {
        const next = random(seed);
        const join = kind === 'inner' ? inner(windows) : kind === 'left' ? leftJoin(windows) : outerJoin(windows);
        const { left, right, results } = joinDriver(join);
        const sent: Sent[] = Array.from({ length: 60 }, (_, i) => ({
          side: next() < 0.5 ? 'left' : 'right',
          key: `k${Math.floor(next() * 3)}`,
          value: `v${i}`,
          timestamp: Math.floor(next() * 80),
        }));
        for (const r of sent) (r.side === 'left' ? left : right).pipeInput(r.key, r.value, r.timestamp);
        left.pipeInput('flush', 'F', 5000); // closes every window
        const received = results()
          .filter(([key]) => key !== 'flush')
          .map(([key, value]) => `${key}:${value}`)
          .sort();
        expect({ seed, received }).toEqual({ seed, received: expected(sent, kind) });
      }
    });
  }
});
