// Versioned key-value stores (KIP-889) and versioned tables in the DSL (KIP-914): puts in and out of order,
// tombstones, history retention, as-of lookups of stream-table joins, the grace-period buffer, table-table joins
// and groupBy dropping out-of-order updates, the store's put return codes. Java twins: Versioned.java.
import {
  Consumed,
  Grouped,
  Joined,
  Materialized,
  Produced,
  Serdes,
  Stores,
  longAsNumberSerde,
  type Processor,
  type ProcessorContext,
  type StreamsBuilder,
  type VersionedKeyValueStore,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SL, SS } from '../support/scenario.js';
import { derivedVersionedLookup } from './differences.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toLongs = Produced.with({ keySerde: Serdes.String(), valueSerde: longAsNumberSerde() });
const versioned = (name: string, historyRetentionMs: number) =>
  Materialized.as<string, string>(Stores.persistentVersionedKeyValueStore(name, historyRetentionMs));
const joinedWithGrace = (graceMs: number) =>
  Joined.with(Serdes.String(), Serdes.String(), Serdes.String()).withGracePeriod(graceMs);
const show = (v: string | null) => v ?? 'null';

/** A versioned table `t` (store `vt`, history retention `retentionMs`) sent on as a stream. */
const tableToOut = (retentionMs: number) => ({
  build: (b: StreamsBuilder<string, string>) => {
    b.table('t', strings, versioned('vt', retentionMs)).toStream().to('out', toStrings);
  },
  outputs: { out: SS },
});

/** Stream `s` joined with the versioned table `t` (store `vt`, retention 100): `<stream value>+<table value>`. */
const streamJoin = (left: boolean, graceMs?: number) => ({
  build: (b: StreamsBuilder<string, string>) => {
    const table = b.table('t', strings, versioned('vt', 100));
    const stream = b.stream('s', strings);
    const joiner = (v: string, tv: string | null) => `${v}+${show(tv)}`;
    const options = graceMs === undefined ? undefined : joinedWithGrace(graceMs);
    (left ? stream.leftJoin(table, joiner, options) : stream.join(table, joiner, options)).to('out', toStrings);
  },
  outputs: { out: SS },
});

/** A processor writing every record to the versioned store `ps` (retention 20) and reporting what the store said. */
const storeWriter = (): Processor<string, string, string, string> => {
  let context: ProcessorContext<string, string>;
  let store: VersionedKeyValueStore<string, string>;
  return {
    init(c) {
      context = c;
      store = c.getStateStore<VersionedKeyValueStore<string, string>>('ps');
    },
    process(record) {
      if (record.value === 'DEL') {
        const deleted = store.delete(record.key, record.timestamp);
        const said = deleted === undefined ? 'none' : `${deleted.value}@${deleted.timestamp}/${deleted.validTo ?? '-'}`;
        context.forward({ ...record, value: `deleted:${said}` });
        return;
      }
      const code = store.put(record.key, record.value === 'NULL' ? null : record.value, record.timestamp);
      const said = code === Number.MIN_SAFE_INTEGER ? 'NOT_PUT' : String(code);
      context.forward({ ...record, value: `put:${said}` });
    },
  };
};

export default scenarios(
  {
    id: 'versioned-table-in-order',
    description: 'versioned table: puts in order and a tombstone; the store read latest and as of many times',
    ...tableToOut(100),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'B', 'b1', 20),
      rec('t', 'A', 'a2', 30),
      rec('t', 'A', null, 40),
      rec('t', 'A', 'a3', 50),
    ],
    stores: [{ name: 'vt', kind: 'versioned', keys: ['A', 'B', 'C'], asOf: [5, 10, 29, 30, 39, 40, 45, 50, 100] }],
  },
  {
    id: 'versioned-table-out-of-order',
    description: 'versioned table: out-of-order updates are forwarded (not latest) and land in the history',
    ...tableToOut(100),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'a3', 30),
      rec('t', 'A', 'a2', 20),
      rec('t', 'B', 'b1', 5),
      rec('t', 'A', 'a0', 5),
      rec('t', 'A', 'a2x', 20),
      rec('t', 'A', 'a3x', 30),
    ],
    stores: [{ name: 'vt', kind: 'versioned', keys: ['A', 'B'], asOf: [4, 5, 9, 10, 19, 20, 29, 30] }],
  },
  {
    id: 'versioned-table-retention',
    description:
      'history retention 10: puts older than stream time - 10 are dropped, reads before it see only the latest',
    ...tableToOut(10),
    steps: [
      rec('t', 'A', 'a1', 0),
      rec('t', 'A', 'a2', 10),
      rec('t', 'B', 'b1', 30),
      rec('t', 'A', 'late', 19),
      rec('t', 'A', 'edge', 20),
      rec('t', 'B', 'b0', 19),
      rec('t', 'C', 'c1', 25),
      rec('t', 'C', 'c0', 21),
    ],
    stores: [{ name: 'vt', kind: 'versioned', keys: ['A', 'B', 'C'], asOf: [0, 10, 19, 20, 21, 25, 30] }],
  },
  {
    id: 'versioned-table-tombstones',
    description: 'versioned table: tombstones in and out of order, after a latest tombstone, and for a key never seen',
    ...tableToOut(100),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'a3', 30),
      rec('t', 'A', null, 20),
      rec('t', 'A', null, 40),
      rec('t', 'A', 'a35', 35),
      rec('t', 'C', null, 5),
      rec('t', 'A', 'a5', 50),
      rec('t', 'A', 'a45', 45),
    ],
    stores: [{ name: 'vt', kind: 'versioned', keys: ['A', 'C'], asOf: [5, 10, 20, 25, 30, 35, 40, 44, 45, 50] }],
  },
  {
    id: 'versioned-table-delete-same-time',
    description:
      "a tombstone at the latest version's own time leaves no trace: an older put becomes the latest (as Java)",
    ...tableToOut(20),
    steps: [
      rec('t', 'C', 'c5', 5),
      rec('t', 'C', null, 5),
      rec('t', 'C', 'c0', 0),
      rec('t', 'A', 'a0', 0),
      rec('t', 'A', 'a5', 5),
      rec('t', 'A', null, 5),
      rec('t', 'A', 'a3', 3),
      rec('t', 'B', null, 8),
      rec('t', 'B', 'b2', 2),
    ],
    stores: [{ name: 'vt', kind: 'versioned', keys: ['A', 'B', 'C'], asOf: [0, 2, 3, 4, 5, 8, 10] }],
  },
  {
    id: 'versioned-stream-join-as-of',
    description: 'stream-table inner join against a versioned table: the table version as of each stream record',
    ...streamJoin(false),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'a2', 30),
      rec('s', 'A', 'x', 20),
      rec('s', 'A', 'y', 35),
      rec('s', 'A', 'z', 5),
      rec('t', 'A', 'a0', 0),
      rec('s', 'A', 'w', 5),
      rec('t', 'A', null, 40),
      rec('s', 'A', 'v', 45),
      rec('s', 'A', 'u', 39),
      rec('s', 'B', 'q', 50),
    ],
  },
  {
    id: 'versioned-stream-left-join-as-of',
    description: 'stream-table left join against a versioned table: null before the first version and after a delete',
    ...streamJoin(true),
    steps: [
      rec('s', 'A', 'early', 1),
      rec('t', 'A', 'a1', 10),
      rec('s', 'A', 'x', 9),
      rec('s', 'A', 'y', 10),
      rec('t', 'A', null, 20),
      rec('s', 'A', 'z', 25),
      rec('s', 'A', 'back', 15),
      rec('s', 'B', 'none', 30),
    ],
  },
  {
    id: 'versioned-stream-join-retention',
    description: 'stream-table join: a stream record older than the table history (retention 100) sees only the latest',
    ...streamJoin(true),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'a2', 20),
      rec('t', 'B', 'b1', 200),
      rec('s', 'A', 'old', 15),
      rec('s', 'A', 'older', 5),
      rec('s', 'A', 'new', 150),
      rec('s', 'A', 'edge', 100),
      rec('s', 'A', 'before', 99),
    ],
  },
  {
    id: 'versioned-stream-join-grace',
    description: 'Joined.withGracePeriod(10): stream records wait for late table updates, then join as of their time',
    ...streamJoin(false, 10),
    steps: [
      rec('s', 'A', 'x', 10),
      rec('t', 'A', 'a1', 5),
      rec('s', 'A', 'y', 15),
      rec('s', 'B', 'z', 21),
      rec('t', 'A', 'a2', 14),
      rec('t', 'B', 'b1', 20),
      rec('s', 'A', 'w', 30),
      rec('s', 'A', 'late', 5),
      rec('s', 'B', 'edge', 20),
      rec('s', 'B', 'last', 45),
    ],
  },
  {
    id: 'versioned-stream-left-join-grace-order',
    description: 'left join with grace 5: buffered records leave in timestamp order, then by key, then arrival',
    ...streamJoin(true, 5),
    steps: [
      rec('s', 'B', 'b10', 10),
      rec('s', 'A', 'a10', 10),
      rec('s', 'C', 'c8', 8),
      rec('s', 'A', 'a10bis', 10),
      rec('t', 'A', 'ta', 9),
      rec('s', 'AB', 'ab10', 10),
      rec('s', 'A', 'a12', 12),
      rec('s', 'D', 'd16', 16),
      rec('s', 'D', 'd30', 30),
    ],
  },
  {
    id: 'versioned-stream-join-grace-zero',
    description: 'grace period 0: every record leaves the buffer at once, joined as of its time',
    ...streamJoin(false, 0),
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('s', 'A', 'x', 12),
      rec('t', 'A', 'a0', 5),
      rec('s', 'A', 'y', 7),
      rec('s', 'A', 'z', 3),
    ],
  },
  {
    id: 'versioned-table-table-join',
    description: 'table-table join of two versioned tables: out-of-order updates change no row and send nothing',
    build: (b) => {
      const left = b.table('t', strings, versioned('vt', 100));
      const right = b.table('u', strings, versioned('vu', 100));
      left
        .leftJoin(right, (l, r) => `${l}+${show(r)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'a2', 20),
      rec('u', 'A', 'x2', 25),
      rec('t', 'A', 'a1', 10),
      rec('u', 'A', 'x1', 15),
      rec('t', 'A', 'a3', 30),
      rec('u', 'A', null, 35),
      rec('u', 'A', 'x0', 5),
      rec('t', 'B', 'b1', 40),
    ],
    outputs: { out: SS },
  },
  {
    id: 'versioned-table-filter-join',
    description:
      'a filter (no store) of a versioned table inherits its semantics: the join downstream drops out-of-order updates',
    build: (b) => {
      const left = b.table('t', strings, versioned('vt', 100)).filter((_k, v) => !v.startsWith('x'));
      const right = b.table('u', strings);
      left
        .join(right, (l, r) => `${l}+${r}`)
        .toStream()
        .to('out', toStrings);
      left.toStream().to('filtered', toStrings);
    },
    steps: [
      rec('u', 'A', 'r1', 1),
      rec('t', 'A', 'a2', 20),
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'x1', 15),
      rec('t', 'A', 'x3', 30),
      rec('t', 'A', 'a4', 40),
    ],
    outputs: { out: SS, filtered: SS },
  },
  {
    id: 'versioned-table-group-by',
    description:
      'groupBy of a versioned table: out-of-order updates are not regrouped (counts stay as the latest rows)',
    build: (b) => {
      b.table('t', strings, versioned('vt', 100))
        .groupBy(
          (user, city) => ({ key: city, value: user }),
          Grouped.with({ name: 'by-city', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [
      rec('t', 'ann', 'paris', 10),
      rec('t', 'bob', 'paris', 20),
      rec('t', 'ann', 'rome', 5),
      rec('t', 'ann', 'oslo', 30),
      rec('t', 'bob', null, 15),
      rec('t', 'bob', null, 35),
    ],
    outputs: { out: SL },
  },
  {
    id: 'versioned-processor-store',
    description:
      "a processor's versioned store (retention 20): put return codes, NOT_PUT, deletes and what they return",
    build: (b) => {
      b.addStateStore(
        Stores.versionedKeyValueStoreBuilder(
          Stores.persistentVersionedKeyValueStore('ps', 20),
          Serdes.String(),
          Serdes.String(),
        ),
      );
      b.stream('in', strings).process(storeWriter, 'ps').to('out', toStrings);
    },
    steps: [
      rec('in', 'A', 'a10', 10),
      rec('in', 'A', 'a30', 30),
      rec('in', 'A', 'a20', 20),
      rec('in', 'A', 'a20x', 20),
      rec('in', 'A', 'a15', 15),
      rec('in', 'A', 'a5', 5),
      rec('in', 'A', 'NULL', 25),
      rec('in', 'A', 'DEL', 27),
      rec('in', 'A', 'DEL', 12),
      rec('in', 'B', 'DEL', 40),
      rec('in', 'A', 'a9', 9),
      rec('in', 'A', 'DEL', 11),
      rec('in', 'A', 'a50', 50),
      rec('in', 'A', 'DEL', 29),
      rec('in', 'A', 'a31', 31),
    ],
    outputs: { out: SS },
    stores: [{ name: 'ps', kind: 'versioned', keys: ['A', 'B'], asOf: [10, 20, 29, 30, 31, 40, 50] }],
  },
  {
    id: 'versioned-filter-materialized',
    description:
      'a filter of a plain table kept in a versioned store: older updates become history, a stream joins as of',
    build: (b) => {
      const kept = b.table('t', strings).filter((_k, v) => !v.startsWith('x'), versioned('vf', 100));
      kept.toStream().to('filtered', toStrings);
      b.stream('s', strings)
        .join(kept, (v, tv) => `${v}+${tv}`)
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('t', 'A', 'a3', 30),
      rec('t', 'A', 'a2', 20),
      rec('t', 'A', 'xdrop', 25),
      rec('s', 'A', 'q', 22),
      rec('s', 'A', 'r', 26),
      rec('s', 'A', 'w', 35),
      rec('t', 'B', 'b1', 200),
      rec('t', 'A', 'old', 50),
      rec('s', 'A', 'v', 60),
    ],
    outputs: { out: SS, filtered: SS },
    stores: [{ name: 'vf', kind: 'versioned', keys: ['A', 'B'], asOf: [10, 20, 25, 30, 100, 150] }],
  },
  {
    id: 'versioned-map-values-group-by',
    description: 'mapValues kept in a versioned store: its out-of-order results are not regrouped by groupBy',
    build: (b) => {
      b.table('t', strings)
        .mapValues((v) => v.toUpperCase(), versioned('vm', 100))
        .groupBy(
          (user, city) => ({ key: city, value: user }),
          Grouped.with({ name: 'by-city', keySerde: Serdes.String(), valueSerde: Serdes.String() }),
        )
        .count()
        .toStream()
        .to('out', toLongs);
    },
    steps: [
      rec('t', 'ann', 'paris', 10),
      rec('t', 'bob', 'paris', 20),
      rec('t', 'ann', 'rome', 5),
      rec('t', 'ann', 'oslo', 30),
      rec('t', 'bob', null, 15),
    ],
    outputs: { out: SL },
    stores: [{ name: 'vm', kind: 'versioned', keys: ['ann', 'bob'], asOf: [5, 10, 15, 20, 30] }],
  },
  {
    id: 'versioned-join-result-materialized',
    description: 'a table-table join result kept in a versioned store, looked up as of by a stream',
    build: (b) => {
      const joined = b.table('t', strings).join(b.table('u', strings), (l, r) => `${l}+${r}`, versioned('vj', 100));
      b.stream('s', strings)
        .leftJoin(joined, (v, jv) => `${v}:${show(jv)}`)
        .to('out', toStrings);
    },
    steps: [
      rec('t', 'A', 'a1', 10),
      rec('u', 'A', 'x1', 20),
      rec('t', 'A', 'a2', 30),
      rec('u', 'A', 'x0', 5),
      rec('s', 'A', 'p', 25),
      rec('s', 'A', 'q', 35),
      rec('s', 'A', 'r', 15),
    ],
    outputs: { out: SS },
    stores: [{ name: 'vj', kind: 'versioned', keys: ['A'], asOf: [10, 20, 25, 30] }],
  },
  {
    id: 'versioned-derived-table-join-as-of',
    description: 'a stream joined with mapValues of a versioned table (no store of its own): the version as of?',
    build: (b) => {
      const upper = b.table('t', strings, versioned('vt', 100)).mapValues((v) => v.toUpperCase());
      b.stream('s', strings)
        .leftJoin(upper, (v, tv) => `${v}+${show(tv)}`)
        .to('out', toStrings);
    },
    steps: [rec('t', 'A', 'a1', 10), rec('t', 'A', 'a2', 30), rec('s', 'A', 'x', 20), rec('s', 'A', 'y', 35)],
    outputs: { out: SS },
    knownDifference: derivedVersionedLookup,
  },
);
