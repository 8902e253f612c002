// Compile-time tests of sliding-window aggregations and stream-stream joins, checked by `npm run typecheck`
// (never executed).
import { expectTypeOf } from 'expect-type';
import {
  Consumed,
  EmitStrategy,
  JoinWindows,
  Materialized,
  Serdes,
  SessionWindows,
  SlidingWindows,
  StreamJoined,
  StreamsBuilder,
  Suppressed,
  type KStream,
  type KTable,
  type SlidingWindowedKStream,
  TimeWindows,
  type TimeWindowedKStream,
  type Windowed,
} from '../../src/index.js';

const builder = new StreamsBuilder();
const str = Serdes.String();
const int = Serdes.Int32();

const orders = builder.stream('orders', Consumed.with({ keySerde: str, valueSerde: int }));
const payments = builder.stream('payments', Consumed.with({ keySerde: str, valueSerde: Serdes.Double() }));
const windows = JoinWindows.ofTimeDifferenceAndGrace(60_000, 5_000);

// ---- sliding windows ----

const sliding = orders.groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(1_000));
expectTypeOf(sliding).toEqualTypeOf<SlidingWindowedKStream<string, number>>();
expectTypeOf(sliding.count()).toEqualTypeOf<KTable<Windowed<string>, number>>();
expectTypeOf(sliding.reduce((a, b) => a + b)).toEqualTypeOf<KTable<Windowed<string>, number>>();
expectTypeOf(
  sliding.aggregate(
    () => [] as string[],
    (key, value, list) => [...list, `${key}=${value}`],
    Materialized.as('lists'),
  ),
).toEqualTypeOf<KTable<Windowed<string>, string[]>>();
expectTypeOf(sliding.count().suppress(Suppressed.untilWindowCloses()).toStream()).toEqualTypeOf<
  KStream<Windowed<string>, number>
>();
// @ts-expect-error the reducer works on the stream's values
sliding.reduce((a: string, b: string) => a + b);
// @ts-expect-error a store of another value type does not fit
sliding.count(Materialized.with(str, str));

// ---- stream-stream joins ----

expectTypeOf(orders.join(payments, (order, paid) => ({ order, paid }), windows)).toEqualTypeOf<
  KStream<string, { order: number; paid: number }>
>();
orders.join(
  payments,
  (order, paid, key) => {
    expectTypeOf(order).toEqualTypeOf<number>();
    expectTypeOf(paid).toEqualTypeOf<number>();
    expectTypeOf(key).toEqualTypeOf<string>();
    return key;
  },
  windows,
);
orders.leftJoin(
  payments,
  (order, paid) => {
    expectTypeOf(order).toEqualTypeOf<number>();
    expectTypeOf(paid).toEqualTypeOf<number | null>();
    return paid ?? order;
  },
  windows,
);
expectTypeOf(orders.leftJoin(payments, (order, paid) => `${order}:${paid ?? '-'}`, windows)).toEqualTypeOf<
  KStream<string, string>
>();
expectTypeOf(
  orders.outerJoin(
    payments,
    (order, paid) => {
      expectTypeOf(order).toEqualTypeOf<number | null>();
      expectTypeOf(paid).toEqualTypeOf<number | null>();
      return order !== null && paid !== null;
    },
    windows,
  ),
).toEqualTypeOf<KStream<string, boolean>>();

// StreamJoined's serdes must fit the streams; an unnamed or store-named StreamJoined fits any join.
orders.join(payments, (o, p) => o + p, windows, StreamJoined.with(str, int, Serdes.Double()));
orders.join(payments, (o, p) => o + p, windows, StreamJoined.as('order-payments').withName('op'));
// @ts-expect-error the other stream's values are numbers, not strings
orders.join(payments, (o, p) => o + p, windows, StreamJoined.with(str, int, str));
// @ts-expect-error the key serde must fit the key type
orders.join(payments, (o, p) => o + p, windows, StreamJoined.with(int));

// Keys must match.
const byNumber = builder.stream('by-number', Consumed.with({ keySerde: int, valueSerde: int }));
// @ts-expect-error a stream keyed by numbers cannot join a stream keyed by strings
orders.join(byNumber, (a, b) => a + b, windows);
// @ts-expect-error a stream-stream join needs JoinWindows
orders.join(payments, (a, b) => a + b);

// The table overloads still apply to tables.
const prices = builder.table('prices', Consumed.with({ keySerde: str, valueSerde: Serdes.Double() }));
expectTypeOf(orders.join(prices, (quantity, price) => quantity * price)).toEqualTypeOf<KStream<string, number>>();
expectTypeOf(orders.leftJoin(prices, (quantity, price) => quantity * (price ?? 0))).toEqualTypeOf<
  KStream<string, number>
>();

// ---- emit strategy (KIP-825) and session reduce ----

const onClose = EmitStrategy.onWindowClose();
expectTypeOf(orders.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).emitStrategy(onClose)).toEqualTypeOf<
  TimeWindowedKStream<string, number>
>();
expectTypeOf(sliding.emitStrategy(onClose).count()).toEqualTypeOf<KTable<Windowed<string>, number>>();
const sessions = orders.groupByKey().windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10));
expectTypeOf(sessions.reduce((a, b) => a + b)).toEqualTypeOf<KTable<Windowed<string>, number>>();
// @ts-expect-error the reducer combines values of the stream's value type
sessions.reduce((a: string, b: string) => a + b);
expectTypeOf(sessions.emitStrategy(onClose).count()).toEqualTypeOf<KTable<Windowed<string>, number>>();
