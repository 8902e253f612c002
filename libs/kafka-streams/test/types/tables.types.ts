// Compile-time tests of KTable joins and KGroupedTable, checked by `npm run typecheck` (never executed).
import { expectTypeOf } from 'expect-type';
import {
  Consumed,
  Grouped,
  Materialized,
  Named,
  Serdes,
  StreamsBuilder,
  TableJoined,
  longAsNumberSerde,
  type KGroupedTable,
  type KTable,
} from '../../src/index.js';

const builder = new StreamsBuilder();
const str = Serdes.String();
const int = Serdes.Int32();

const users = builder.table('users', Consumed.with({ keySerde: str, valueSerde: str }));
const scores = builder.table('scores', Consumed.with({ keySerde: str, valueSerde: int }));
expectTypeOf(users).toEqualTypeOf<KTable<string, string>>();

// Joiners see each side's value type; left joins a nullable right side, outer joins both sides nullable.
const inner = users.join(scores, (name, score) => {
  expectTypeOf(name).toEqualTypeOf<string>();
  expectTypeOf(score).toEqualTypeOf<number>();
  return { name, score };
});
expectTypeOf(inner).toEqualTypeOf<KTable<string, { name: string; score: number }>>();
users.leftJoin(scores, (name, score) => {
  expectTypeOf(name).toEqualTypeOf<string>();
  expectTypeOf(score).toEqualTypeOf<number | null>();
  return name;
});
users.outerJoin(scores, (name, score) => {
  expectTypeOf(name).toEqualTypeOf<string | null>();
  expectTypeOf(score).toEqualTypeOf<number | null>();
  return 0;
});
expectTypeOf(users.leftJoin(scores, (_n, s) => s ?? -1)).toEqualTypeOf<KTable<string, number>>();
expectTypeOf(users.outerJoin(scores, (n, s) => `${n}${s}`, Named.as('o'))).toEqualTypeOf<KTable<string, string>>();

// A Materialized for the result: its name alone fits any result; its serdes must fit the result type.
expectTypeOf(users.join(scores, (n, s) => n.length + s, Materialized.as('sums'))).toEqualTypeOf<
  KTable<string, number>
>();
users.join(scores, (n, s) => n.length + s, Named.as('j'), Materialized.with(str, int));
// @ts-expect-error the joiner returns a number, the Materialized stores strings
users.join(scores, (n, s) => n.length + s, Materialized.with(str, str));
// @ts-expect-error the key serde must fit the tables' string keys
users.leftJoin(scores, (n) => n, Materialized.with(int, str));
// @ts-expect-error only tables with the same key type join
users.join(builder.table('by-id', Consumed.with({ keySerde: int, valueSerde: str })), (a, b) => a + b);
// @ts-expect-error an inner join's right side is never null: a joiner cannot require null
users.join(scores, (_n, s: null) => s);

// filter and mapValues take a Materialized too; mapValues' serde must fit the mapped type.
expectTypeOf(users.filter((_k, v) => v.length > 0, Materialized.as('kept'))).toEqualTypeOf<KTable<string, string>>();
expectTypeOf(users.mapValues((v) => v.length, Named.as('len'), Materialized.with(str, int))).toEqualTypeOf<
  KTable<string, number>
>();
// @ts-expect-error the mapper returns numbers, the serde writes strings
users.mapValues((v) => v.length, Materialized.with(str, str));

// groupBy selects a new key and value; aggregations keep them typed.
const byScore = users.groupBy((user, name) => ({ key: name.length, value: user }), Grouped.with({ keySerde: int }));
expectTypeOf(byScore).toEqualTypeOf<KGroupedTable<number, string>>();
expectTypeOf(byScore.count()).toEqualTypeOf<KTable<number, number>>();
expectTypeOf(byScore.count(Materialized.as('c'))).toEqualTypeOf<KTable<number, number>>();
expectTypeOf(
  byScore.reduce(
    (a, v) => a + v,
    (a, v) => a.replace(v, ''),
  ),
).toEqualTypeOf<KTable<number, string>>();
const sets = byScore.aggregate(
  () => [] as string[],
  (key, user, agg) => {
    expectTypeOf(key).toEqualTypeOf<number>();
    expectTypeOf(user).toEqualTypeOf<string>();
    return [...agg, user];
  },
  (_key, user, agg) => agg.filter((u) => u !== user),
);
expectTypeOf(sets).toEqualTypeOf<KTable<number, string[]>>();
byScore.count(Materialized.with(int, longAsNumberSerde()));
// @ts-expect-error Grouped serdes must fit the selected key (a number)
users.groupBy((user, name) => ({ key: name.length, value: user }), Grouped.with({ keySerde: str }));
// @ts-expect-error a count is a number: a String serde cannot store it
byScore.count(Materialized.with(int, str));
const numberSubtractor = (a: number, v: number) => a - v;
// @ts-expect-error reduce's subtractor works on the grouped value type (string)
byScore.reduce((a, v) => a + v, numberSubtractor);
// @ts-expect-error the selector returns a key-value pair
users.groupBy((user) => user);

// Aggregated tables join like any other table.
expectTypeOf(
  byScore
    .count()
    .join(builder.table('labels', Consumed.with({ keySerde: int, valueSerde: str })), (c, l) => `${l}=${c}`),
).toEqualTypeOf<KTable<number, string>>();

// Foreign-key joins with TableJoined: the partitioners see this table's key and the foreign key, never a value.
const byLength = builder.table('lengths', Consumed.with({ keySerde: int, valueSerde: str }));
const named = users.join(
  byLength,
  (name) => name.length,
  (name, label) => `${name}:${label}`,
  TableJoined.as('by-length'),
);
expectTypeOf(named).toEqualTypeOf<KTable<string, string>>();
const partitioned = users.leftJoin(
  byLength,
  (name, user) => (user === '' ? null : name.length),
  (name, label) => `${name}:${label ?? '-'}`,
  TableJoined.with<string, number>(
    (_topic, user) => user.length % 2,
    (_topic, length, value, partitions) => {
      expectTypeOf(value).toEqualTypeOf<null>();
      // A left join's deleted rows subscribe with a null foreign key.
      expectTypeOf(length).toEqualTypeOf<number | null>();
      return (length ?? 0) % partitions;
    },
  ),
  Materialized.as('labelled'),
);
expectTypeOf(partitioned).toEqualTypeOf<KTable<string, string>>();
// @ts-expect-error otherPartitioner keys are the foreign keys (numbers here)
users.join(
  byLength,
  (name) => name.length,
  (n, l) => n + l,
  TableJoined.with<string, string>(undefined, () => 0),
);
