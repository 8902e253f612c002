// Stream-stream, stream-table and stream-globalTable joins. Java twins: Joins.java.
// Java emits the unpaired records of left/outer stream-stream joins at most once per second of wall-clock time; most
// join scenarios advance the wall clock by 1 s before each record so that throttle can never hold a result back
// (join-left-no-wall-clock shows that in the test driver it does not anyway).
import { Consumed, JoinWindows, Materialized, Produced, Serdes } from '@streamkit/kafka-streams';
import { advance, rec, scenarios, SS, type Step } from '../support/scenario.js';
import { joinClosedWindow } from './differences.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const show = (v: string | null) => v ?? 'null';
/** A wall-clock second before each record. */
const paced = (...steps: Step[]): Step[] => steps.flatMap((s) => [advance(1000), s]);

const pairs: Step[] = [
  rec('left', 'A', 'a1', 0),
  rec('right', 'A', 'x1', 5),
  rec('left', 'B', 'b1', 20),
  rec('right', 'B', 'y1', 35), // 15 after b1: outside 10
  rec('left', 'A', 'a2', 30), // out of order, window [20, 40] still open
  rec('right', 'A', 'x2', 27), // joins a2 only
  rec('left', 'C', 'c1', 40),
  rec('right', 'C', 'z1', 45),
  rec('left', 'D', 'd1', 60), // advances stream time: closes the windows of A, B and C
  rec('left', 'E', 'e1', 100),
];

export default scenarios(
  {
    id: 'join-inner',
    description:
      'stream-stream inner join, difference 10, grace 5: pairs by key and time, out-of-order and late records',
    build: (b) =>
      b
        .stream('left', strings)
        .join(b.stream('right', strings), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(10, 5))
        .to('out', toStrings),
    steps: paced(...pairs),
    outputs: { out: SS },
  },
  {
    id: 'join-left',
    description: 'stream-stream left join: unpaired left records come out with null once their window closed',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceAndGrace(10, 5))
        .to('out', toStrings),
    steps: paced(...pairs),
    outputs: { out: SS },
  },
  {
    id: 'join-outer',
    description: 'stream-stream outer join: unpaired records of both sides come out with null once their window closed',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(10, 5),
        )
        .to('out', toStrings),
    steps: paced(...pairs),
    outputs: { out: SS },
  },
  {
    id: 'join-inner-late',
    description:
      'stream-stream inner join: a right record arriving after its window closed, its partner still retained',
    build: (b) =>
      b
        .stream('left', strings)
        .join(b.stream('right', strings), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(10, 5))
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('right', 'B', 'y1', 35),
      rec('right', 'A', 'x1', 8),
      rec('left', 'A', 'a2', 3),
    ),
    outputs: { out: SS },
    knownDifference: joinClosedWindow,
  },
  {
    id: 'join-outer-late',
    description: 'stream-stream outer join, grace 5: a right record arriving after its window closed',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(10, 5),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('left', 'B', 'b1', 60),
      rec('right', 'A', 'x1', 12),
      rec('left', 'C', 'c1', 100),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-left-late',
    description: 'stream-stream left join, no grace: a left record arriving after its window closed',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceWithNoGrace(10))
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('right', 'B', 'y1', 50),
      rec('left', 'A', 'a2', 5),
      rec('left', 'C', 'c1', 100),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-left-no-wall-clock',
    description:
      'stream-stream left join with the wall clock standing still: unpaired records still come out as windows close',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceWithNoGrace(10))
        .to('out', toStrings),
    steps: [
      rec('left', 'A', 'a1', 0),
      rec('left', 'B', 'b1', 20),
      rec('left', 'C', 'c1', 40),
      rec('left', 'D', 'd1', 60),
    ],
    outputs: { out: SS },
  },
  {
    id: 'join-asymmetric',
    description: 'JoinWindows before 0 / after 10: a right record joins left records up to 10 before it only',
    build: (b) =>
      b
        .stream('left', strings)
        .join(
          b.stream('right', strings),
          (l, r) => `${l}+${r}`,
          JoinWindows.ofTimeDifferenceAndGrace(10, 100).before(0),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 10),
      rec('right', 'A', 'x1', 15), // 5 after a1: joins
      rec('right', 'A', 'x2', 5), // before a1: no
      rec('left', 'A', 'a2', 12), // x1 3 after: joins
      rec('right', 'A', 'x3', 21), // 11 after a1: no; 9 after a2: joins
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-null-keys',
    description: 'stream-stream inner and outer joins with null keys and null values',
    build: (b) => {
      const left = b.stream('left', strings);
      const right = b.stream('right', strings);
      left
        .join(right, (l, r) => `${show(l)}+${show(r)}`, JoinWindows.ofTimeDifferenceAndGrace(10, 0))
        .to('inner', toStrings);
      left
        .outerJoin(right, (l, r) => `${show(l)}+${show(r)}`, JoinWindows.ofTimeDifferenceAndGrace(10, 0))
        .to('outer', toStrings);
    },
    steps: paced(
      rec('left', null, 'n1', 0),
      rec('right', null, 'n2', 1),
      rec('left', 'A', null, 2),
      rec('right', 'A', 'x1', 3),
      rec('left', 'B', 'b1', 30),
    ),
    outputs: { inner: SS, outer: SS },
  },
  {
    id: 'stream-table-join',
    description: 'stream-table inner and left join: lookups of the table state at the time of each stream record',
    build: (b) => {
      const table = b.table('table', strings);
      const stream = b.stream('stream', strings);
      stream.join(table, (v, t) => `${v}@${t}`).to('inner', toStrings);
      stream.leftJoin(table, (v, t) => `${v}@${show(t)}`).to('left', toStrings);
    },
    steps: [
      rec('stream', 'A', 's1', 1),
      rec('table', 'A', 't1', 2),
      rec('stream', 'A', 's2', 3),
      rec('table', 'A', 't2', 10),
      rec('stream', 'A', 's3', 5), // older than the table update: still joins t2 (no versioned store)
      rec('table', 'A', null, 11),
      rec('stream', 'A', 's4', 12),
      rec('stream', 'B', null, 13),
    ],
    outputs: { inner: SS, left: SS },
  },
  {
    id: 'stream-table-null-key-inner',
    description: 'stream-table inner join: a stream record with a null key',
    build: (b) => {
      b.stream('stream', strings)
        .join(b.table('table', strings), (v, t) => `${v}@${t}`)
        .to('out', toStrings);
    },
    steps: [rec('table', 'A', 't1', 1), rec('stream', null, 's1', 2), rec('stream', 'A', 's2', 3)],
    outputs: { out: SS },
  },
  {
    id: 'stream-table-null-key-left',
    description: 'stream-table left join: a stream record with a null key',
    build: (b) => {
      b.stream('stream', strings)
        .leftJoin(b.table('table', strings), (v, t) => `${v}@${show(t)}`)
        .to('out', toStrings);
    },
    steps: [rec('table', 'A', 't1', 1), rec('stream', null, 's1', 2), rec('stream', 'A', 's2', 3)],
    outputs: { out: SS },
  },
  {
    id: 'stream-global-table-join',
    description: 'stream-globalTable join and left join through a key mapper; table updates never emit',
    build: (b) => {
      const customers = b.globalTable('customers', strings, Materialized.as('customers'));
      const orders = b.stream('orders', strings);
      orders
        .join(
          customers,
          (_k, v) => v,
          (v, c) => `${v}:${c}`,
        )
        .to('inner', toStrings);
      orders
        .leftJoin(
          customers,
          (_k, v) => v,
          (v, c) => `${v}:${show(c)}`,
        )
        .to('left', toStrings);
    },
    steps: [
      rec('customers', 'c1', 'Ann', 1),
      rec('orders', 'o1', 'c1', 2),
      rec('orders', 'o2', 'c2', 3),
      rec('customers', 'c2', 'Bob', 4),
      rec('orders', 'o3', 'c2', 5),
      rec('customers', 'c1', null, 6),
      rec('orders', 'o4', 'c1', 7),
      rec('orders', null, 'c2', 8),
    ],
    outputs: { inner: SS, left: SS },
  },
  {
    id: 'join-many-partners',
    description: 'stream-stream left join: a record with several partners, duplicates at the same timestamp',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceAndGrace(10, 0))
        .to('out', toStrings),
    steps: paced(
      rec('right', 'A', 'x1', 1),
      rec('right', 'A', 'x2', 5),
      rec('right', 'A', 'x3', 5),
      rec('left', 'A', 'a1', 6),
      rec('left', 'A', 'a2', 6),
      rec('right', 'A', 'x4', 14),
      rec('left', 'B', 'b1', 40),
    ),
    outputs: { out: SS },
  },
  {
    id: 'stream-table-join-aggregate',
    description: 'stream joined with a table produced by an aggregation of another stream',
    build: (b) => {
      const counts = b.stream('clicks', strings).groupByKey().count();
      b.stream('orders', strings)
        .leftJoin(counts, (order, n) => `${order}:${n ?? 0}`)
        .to('out', toStrings);
    },
    steps: [
      rec('orders', 'A', 'o1', 1),
      rec('clicks', 'A', 'c', 2),
      rec('clicks', 'A', 'c', 3),
      rec('orders', 'A', 'o2', 4),
      rec('orders', 'B', 'o3', 5),
    ],
    outputs: { out: SS },
  },
  {
    id: 'join-after-select-key',
    description: 'stream-stream join after selectKey on one side (repartitioned first)',
    build: (b) => {
      b.stream('left', strings)
        .selectKey((_k, v) => v.slice(0, 1))
        .join(b.stream('right', strings), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(10, 5))
        .to('out', toStrings);
    },
    steps: paced(
      rec('left', 'x', 'A1', 1),
      rec('right', 'A', 'r1', 3),
      rec('left', 'y', 'B1', 4),
      rec('right', 'B', 'r2', 30),
      rec('left', 'z', 'A2', 8),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-outer-unpaired-order',
    description:
      'stream-stream outer join, difference 10, grace 5: unpaired A@5 and A@3 (out of order), then A@17, A@19, A@21',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(10, 5),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a', 5),
      rec('left', 'A', 'b', 3),
      rec('left', 'A', 'e', 17),
      rec('left', 'A', 'f', 19),
      rec('left', 'A', 'g', 21),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-outer-unpaired-in-order',
    description: 'stream-stream outer join, difference 10, grace 5: unpaired left A@5, A@10, A@14, A@21, A@26 in order',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(10, 5),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a', 5),
      rec('left', 'A', 'b', 10),
      rec('left', 'A', 'c', 14),
      rec('left', 'A', 'd', 21),
      rec('left', 'A', 'e', 26),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-right-first',
    description: 'stream-stream inner join: right records first, several keys, left records joining back',
    build: (b) =>
      b
        .stream('left', strings)
        .join(b.stream('right', strings), (l, r) => `${l}+${r}`, JoinWindows.ofTimeDifferenceAndGrace(5, 5))
        .to('out', toStrings),
    steps: paced(
      rec('right', 'A', 'x1', 10),
      rec('right', 'B', 'y1', 11),
      rec('right', 'A', 'x2', 12),
      rec('left', 'B', 'b1', 14),
      rec('left', 'A', 'a1', 16),
      rec('left', 'A', 'a2', 8),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-left-partner-after-null',
    description:
      'stream-stream left join, grace 0: A@0 goes out with null once its window closed; a partner then arrives',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceWithNoGrace(10))
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('left', 'B', 'b1', 11),
      rec('right', 'A', 'x1', 10),
      rec('right', 'A', 'x2', 2),
    ),
    outputs: { out: SS },
    knownDifference: joinClosedWindow,
  },
  {
    id: 'join-outer-pairs-both-ways',
    description: 'stream-stream outer join: pairs formed from either side, several keys, in order',
    build: (b) =>
      b
        .stream('left', strings)
        .outerJoin(
          b.stream('right', strings),
          (l, r) => `${show(l)}+${show(r)}`,
          JoinWindows.ofTimeDifferenceAndGrace(5, 0),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 1),
      rec('right', 'B', 'y1', 2),
      rec('right', 'A', 'x1', 3),
      rec('left', 'B', 'b1', 4),
      rec('left', 'C', 'c1', 20),
      rec('right', 'C', 'z1', 22),
      rec('left', 'D', 'd1', 40),
    ),
    outputs: { out: SS },
  },
  {
    id: 'global-table-updates',
    description: 'stream-globalTable join: the global table changes between stream records',
    build: (b) => {
      const g = b.globalTable('g', strings);
      b.stream('in', strings)
        .join(
          g,
          (k) => k,
          (v, gv) => `${v}:${gv}`,
        )
        .to('out', toStrings);
    },
    steps: [
      rec('g', 'A', 'g1', 1),
      rec('in', 'A', 's1', 2),
      rec('g', 'A', 'g2', 3),
      rec('in', 'A', 's2', 4),
      rec('g', 'A', null, 5),
      rec('in', 'A', 's3', 6),
    ],
    outputs: { out: SS },
  },
  {
    id: 'filter-before-join',
    description:
      'a filter drops the right record B@100 before a left join: the join never sees it, so A@5 still pairs with A@0',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(
          b.stream('right', strings).filter((k) => k !== 'B'),
          (l, r) => `${l}+${show(r)}`,
          JoinWindows.ofTimeDifferenceWithNoGrace(10),
        )
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('right', 'B', 'y1', 100),
      rec('right', 'A', 'x1', 5),
      rec('left', 'C', 'c1', 30),
      rec('left', 'D', 'd1', 45),
    ),
    outputs: { out: SS },
  },
  {
    id: 'join-left-late-then-pair',
    description:
      'stream-stream left join, no grace: a late left record comes out with null at once, before a pair formed after it',
    build: (b) =>
      b
        .stream('left', strings)
        .leftJoin(b.stream('right', strings), (l, r) => `${l}+${show(r)}`, JoinWindows.ofTimeDifferenceWithNoGrace(10))
        .to('out', toStrings),
    steps: paced(
      rec('left', 'A', 'a1', 0),
      rec('right', 'B', 'y1', 50),
      rec('left', 'A', 'a2', 5), // its window ended at 15: emitted at once
      rec('right', 'C', 'z1', 45),
      rec('left', 'C', 'c1', 46), // pairs with z1
      rec('left', 'D', 'd1', 100),
    ),
    outputs: { out: SS },
  },
);
