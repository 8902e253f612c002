// Compile-time tests of the DSL's types, checked by `npm run typecheck` (never executed).
import { expectTypeOf } from 'expect-type';
import { z } from 'zod';
import {
  Branched,
  Consumed,
  Named,
  Produced,
  Repartitioned,
  Serdes,
  StreamsBuilder,
  type KStream,
  type KTable,
  type Serde,
} from '../../src/index.js';

const builder = new StreamsBuilder();
const str = Serdes.String();
const int = Serdes.Int32();

// Sources take their types from the serdes.
const counts = builder.stream('counts', Consumed.with({ keySerde: str, valueSerde: int }));
expectTypeOf(counts).toEqualTypeOf<KStream<string, number>>();

// Schemas give JSON serdes their type.
const order = z.object({ id: z.string(), amount: z.number() });
expectTypeOf(Serdes.Json(order)).toEqualTypeOf<Serde<{ id: string; amount: number }>>();
const orders = builder.stream('orders', Consumed.with({ keySerde: str, valueSerde: Serdes.Json(order) }));
expectTypeOf(orders).toEqualTypeOf<KStream<string, { id: string; amount: number }>>();

// Builder defaults fill in missing serdes; without any, the type is unknown.
const defaults = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: Serdes.Int64() });
expectTypeOf(defaults.stream('x')).toEqualTypeOf<KStream<string, bigint>>();
expectTypeOf(defaults.stream('x', Consumed.with({ valueSerde: int }))).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(builder.stream('x')).toEqualTypeOf<KStream<unknown, unknown>>();
expectTypeOf(builder.table('t', Consumed.with({ keySerde: str, valueSerde: int }))).toEqualTypeOf<
  KTable<string, number>
>();

// Types flow through every operator.
expectTypeOf(counts.filter((k, v) => k.length > v)).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(counts.filterNot((_k, v) => v > 0)).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(counts.mapValues((v) => v > 1)).toEqualTypeOf<KStream<string, boolean>>();
expectTypeOf(counts.mapValues((v, k) => `${k}${v}`)).toEqualTypeOf<KStream<string, string>>();
expectTypeOf(counts.map((k, v) => ({ key: v, value: k }))).toEqualTypeOf<KStream<number, string>>();
expectTypeOf(counts.flatMap((k, v) => [{ key: v, value: k.length }])).toEqualTypeOf<KStream<number, number>>();
expectTypeOf(counts.flatMapValues((v) => [String(v)])).toEqualTypeOf<KStream<string, string>>();
expectTypeOf(counts.selectKey((_k, v) => v * 2)).toEqualTypeOf<KStream<number, number>>();
expectTypeOf(counts.peek(() => undefined)).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(counts.merge(counts)).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(counts.repartition(Repartitioned.with({ name: 'r', numberOfPartitions: 3 }))).toEqualTypeOf<
  KStream<string, number>
>();
expectTypeOf(counts.toTable()).toEqualTypeOf<KTable<string, number>>();
expectTypeOf(counts.process<number, string>(() => ({ process: () => undefined }))).toEqualTypeOf<
  KStream<number, string>
>();
expectTypeOf(counts.processValues<boolean>(() => ({ process: () => undefined }))).toEqualTypeOf<
  KStream<string, boolean>
>();
expectTypeOf(counts.foreach(() => undefined)).toEqualTypeOf<void>();

// Branches: a typed map keyed by the split prefix and branch names.
const branches = counts
  .split(Named.as('split-'))
  .branch((_k, v) => v > 10, Branched.as('big'))
  .branch(
    (_k, v) => v < 0,
    Branched.withFunction((s: KStream<string, number>) => s.mapValues(String), 'negative'),
  )
  .branch(
    (_k, v) => v === 0,
    Branched.withConsumer((s: KStream<string, number>) => s.to('zero')),
  )
  .defaultBranch();
expectTypeOf(branches['split-big']).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(branches['split-negative']).toEqualTypeOf<KStream<string, string>>();
expectTypeOf(branches['split-0']).toEqualTypeOf<KStream<string, number>>();
// @ts-expect-error a consumed branch is not in the map
void branches['split-zero'];
const unnamed = counts
  .split(Named.as('p-'))
  .branch(() => true)
  .noDefaultBranch();
// Index-keyed entries are an index signature: possibly undefined under noUncheckedIndexedAccess.
expectTypeOf(unnamed['p-1']).toEqualTypeOf<KStream<string, number> | undefined>();
const generated = counts
  .split()
  .branch(() => true)
  .noDefaultBranch();
expectTypeOf(generated['KSTREAM-BRANCH-00000000011']).toEqualTypeOf<KStream<string, number> | undefined>();

// Serdes must match the stream's types.
counts.to('out', Produced.with({ keySerde: str, valueSerde: int }));
counts.to('out', { keySerde: str, valueSerde: int, partitioner: (_t, key, value, n) => (key.length + value) % n });
// @ts-expect-error a String serde cannot write a number value
counts.to('out', Produced.with({ keySerde: str, valueSerde: str }));
// @ts-expect-error an Int32 key serde cannot write string keys
counts.to('out', Produced.with({ keySerde: int }));
// @ts-expect-error Int64 is bigint, the values are numbers
counts.repartition(Repartitioned.with({ valueSerde: Serdes.Int64() }));
counts.repartition(Repartitioned.with({ keySerde: str }));
// @ts-expect-error the value is a number: no .length
counts.filter((_k, v) => v.length > 0);
// @ts-expect-error a topic name extractor must return a string
counts.to((_k, v) => v);
// @ts-expect-error merge needs a stream of the same types
counts.merge(orders);
// @ts-expect-error the timestamp extractor sees the consumed value type (number)
builder.stream('t', Consumed.with({ keySerde: str, valueSerde: int, timestampExtractor: (r) => r.value.length }));
// @ts-expect-error a mapper's result type is checked downstream
expectTypeOf(counts.mapValues((v) => v + 1)).toEqualTypeOf<KStream<string, string>>();
