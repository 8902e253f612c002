// Compile-time tests of global tables, global stores and the stream-global join (checked by `npm run typecheck`).
import { expectTypeOf } from 'expect-type';
import {
  Consumed,
  KafkaStreams,
  Materialized,
  Serdes,
  Stores,
  StreamsBuilder,
  timeWindowedSerde,
  type GlobalKTable,
  type GlobalStoreUpdate,
  type KStream,
  type Windowed,
  type WindowStore,
} from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const builder = new StreamsBuilder();
const str = Serdes.String();
const int = Serdes.Int32();

// A global table takes its types from the serdes (or the builder's defaults).
const rates = builder.globalTable('rates', Consumed.with({ keySerde: str, valueSerde: int }));
expectTypeOf(rates).toEqualTypeOf<GlobalKTable<string, number>>();
expectTypeOf(new StreamsBuilder({ defaultKeySerde: int, defaultValueSerde: str }).globalTable('g')).toEqualTypeOf<
  GlobalKTable<number, string>
>();
builder.globalTable(
  'named',
  Consumed.with({ keySerde: str, valueSerde: int }),
  Materialized.as('named').withInMemory(),
);
// @ts-expect-error Materialized serdes must fit the table's types
builder.globalTable('bad', Consumed.with({ keySerde: str, valueSerde: int }), Materialized.with(str, str));

// The join's key mapper sees the stream's record and must return the table's key type.
const payments = builder.stream(
  'payments',
  Consumed.with({ keySerde: str, valueSerde: Serdes.Json<{ currency: string; cents: number }>() }),
);
const converted = payments.join(
  rates,
  (_id, payment) => payment.currency,
  (payment, rate) => payment.cents * rate,
);
expectTypeOf(converted).toEqualTypeOf<KStream<string, number>>();
payments.leftJoin(
  rates,
  (_id, payment) => payment.currency,
  (payment, rate) => {
    expectTypeOf(rate).toEqualTypeOf<number | null>();
    return payment.cents;
  },
);
type Payment = { currency: string; cents: number };
const byCents = (_id: string, payment: Payment) => payment.cents;
const byCurrency = (_id: string, payment: Payment) => payment.currency;
// @ts-expect-error the mapped key must be the table's key type
payments.join(rates, byCents, (payment) => payment);
// @ts-expect-error the joiner gets the table's value type
payments.join(rates, byCurrency, (_payment, rate: string) => rate);
// @ts-expect-error a left join's joiner must accept null
payments.leftJoin(rates, byCurrency, (_payment, rate: number) => rate);

// addGlobalStore: the processor is typed by the consumed serdes and may write any store kind.
const windows = Stores.windowStoreBuilder('per-minute', str, int, { windowSizeMs: 60_000, retentionMs: 600_000 });
builder.addGlobalStore(
  windows.withLoggingDisabled(),
  'per-minute-counts',
  Consumed.with({ keySerde: timeWindowedSerde(str, 60_000), valueSerde: int }),
  () => {
    let store: WindowStore<string, number>;
    return {
      init: (context) => void (store = context.getStateStore(windows.name)),
      process: (record) => {
        expectTypeOf(record.key).toEqualTypeOf<Windowed<string>>();
        expectTypeOf(record.value).toEqualTypeOf<number>();
        store.put(record.key.key, record.value, record.key.window.startMs);
      },
    };
  },
);

// Update listeners are typed by the caller, as interactive queries are.
const topology = builder.build();
new TopologyTestDriver(topology).onGlobalStoreUpdate<string, number>(rates.storeName, (update) => {
  expectTypeOf(update).toEqualTypeOf<GlobalStoreUpdate<string, number>>();
  expectTypeOf(update.value).toEqualTypeOf<number | null>();
});
const streams = new KafkaStreams(topology, { applicationId: 'types', bootstrapServers: 'localhost:9092' });
streams.onGlobalStoreUpdate<string, number>(rates.storeName, (update) => expectTypeOf(update.key).toBeString());
