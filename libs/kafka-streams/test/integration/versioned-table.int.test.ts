// A versioned table (KIP-889/914) on the real broker: its store logs every version with the version's timestamp,
// so an instance starting on an EMPTY state directory restores the history, not only the latest values, and
// stream records still join the price valid at their time; the history retention holds before and after.
import { afterAll, afterEach, describe, expect, it, jest } from '@jest/globals';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import {
  Consumed,
  Joined,
  Materialized,
  Produced,
  Serdes,
  Stores,
  StreamsBuilder,
  type KafkaStreams,
  type Topology,
} from '../../src/index.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
const HISTORY_RETENTION_MS = 5_000;

interface Topics {
  readonly prices: string;
  readonly orders: string;
  readonly priced: string;
}

/** Orders joined with the price of their product as of the order's time: `<order>x<price or none>`. */
function topology(topics: Topics): Topology {
  const builder = new StreamsBuilder();
  const prices = builder.table(
    topics.prices,
    Consumed.with(strings),
    Materialized.as(Stores.persistentVersionedKeyValueStore('prices', HISTORY_RETENTION_MS)),
  );
  builder
    .stream(topics.orders, Consumed.with(strings))
    .leftJoin(prices, (order, price) => `${order}x${price ?? 'none'}`)
    .to(topics.priced, Produced.with(strings));
  return builder.build();
}

/** The same join with a grace period: orders wait up to 10 s (of stream time) for late price updates. */
function graceTopology(topics: Topics): Topology {
  const builder = new StreamsBuilder();
  const prices = builder.table(
    topics.prices,
    Consumed.with(strings),
    Materialized.as(Stores.persistentVersionedKeyValueStore('prices', 60_000)),
  );
  builder
    .stream(topics.orders, Consumed.with(strings))
    .leftJoin(
      prices,
      (order, price) => `${order}x${price ?? 'none'}`,
      Joined.with(Serdes.String(), Serdes.String(), Serdes.String()).withGracePeriod(10_000),
    )
    .to(topics.priced, Produced.with(strings));
  return builder.build();
}

const priceAt = (streams: KafkaStreams, product: string, asOf: number): string | undefined =>
  streams.store<string, string, 'versioned'>('prices', 'versioned').get(product, asOf)?.value;

describe('versioned table', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('versioned-table');
  afterEach(() => harness.closeAll());
  afterAll(() => stateDirs.removeAll());

  it('restores its history from its changelog on an empty state directory; retention holds', async () => {
    // The prices topic is not compacted, so the table keeps a changelog of its own (as Java does by default).
    const topics = { prices: uniqueName('vprices'), orders: uniqueName('vorders'), priced: uniqueName('vpriced') };
    const admin = client.admin();
    await admin.connect();
    await createTopics(
      admin,
      Object.values(topics).map((topic) => ({ topic, partitions: 1 })),
    );
    await admin.disconnect();
    const applicationId = uniqueName('versioned-table-app');

    // p1: 10 from t=1000, 20 from t=2000, and 5 from t=500 arriving out of order; p2's update at t=6000 moves the
    // store's stream time to 6000, so versions before 1000 are past the retention and a put at 900 is refused.
    await produce(client, topics.prices, [
      { key: 'p1', value: '10', timestamp: 1_000 },
      { key: 'p1', value: '20', timestamp: 2_000 },
      { key: 'p1', value: '5', timestamp: 500 },
      { key: 'p2', value: '7', timestamp: 6_000 },
      { key: 'p1', value: '9', timestamp: 900 },
    ]);
    const first = await harness.startRunning(topology(topics), applicationId, { stateDir: stateDirs.create() });
    await waitFor(() => priceAt(first, 'p2', 6_000) === '7', 30_000, 'the first instance to hold every price');
    expect(priceAt(first, 'p1', 1_500)).toBe('10');
    expect(priceAt(first, 'p1', 2_500)).toBe('20');
    expect(priceAt(first, 'p1', 999)).toBeUndefined(); // older than the retention (6000 - 5000)

    await produce(client, topics.orders, [
      { key: 'p1', value: 'a', timestamp: 1_500 },
      { key: 'p1', value: 'b', timestamp: 2_500 },
      { key: 'p1', value: 'c', timestamp: 700 },
    ]);
    const firstOutput = await readAll(client, topics.priced, { expected: 3, idleMs: 30_000 });
    expect(new Map(firstOutput.map((r) => [r.value, r.key]))).toEqual(
      new Map([
        ['ax10', 'p1'],
        ['bx20', 'p1'],
        ['cxnone', 'p1'],
      ]),
    );
    await first.close({ timeoutMs: 10_000 });

    const restored: number[] = [];
    const second = await harness.startRunning(topology(topics), applicationId, {
      stateDir: stateDirs.create(),
      restoreListener: {
        onRestoreStart: () => undefined,
        onBatchRestored: () => undefined,
        onRestoreEnd: (store, _partition, total) => {
          if (store === 'prices') restored.push(total);
        },
      },
    });
    // Every accepted version was restored: p1 at 1000, 2000 and 500, p2 at 6000 (the refused put was not logged).
    expect(restored.reduce((a, b) => a + b, 0)).toBe(4);
    expect(priceAt(second, 'p1', 1_200)).toBe('10');
    expect(priceAt(second, 'p1', 999)).toBeUndefined();
    expect(second.store<string, string, 'versioned'>('prices', 'versioned').get('p1')?.value).toBe('20');

    await produce(client, topics.orders, [
      { key: 'p1', value: 'd', timestamp: 1_999 },
      { key: 'p1', value: 'e', timestamp: 800 },
      { key: 'p2', value: 'f', timestamp: 5_000 },
    ]);
    const output = await readAll(client, topics.priced, { expected: 6, idleMs: 30_000 });
    expect(output.slice(3).map((r) => r.value)).toEqual(expect.arrayContaining(['dx10', 'exnone', 'fxnone']));
    expect(output).toHaveLength(6);
  });

  it('keeps stream records waiting for their grace period across a restart (the buffer is restored)', async () => {
    const topics = { prices: uniqueName('gprices'), orders: uniqueName('gorders'), priced: uniqueName('gpriced') };
    const admin = client.admin();
    await admin.connect();
    await createTopics(
      admin,
      Object.values(topics).map((topic) => ({ topic, partitions: 1 })),
    );
    // Timestamps near now: the buffer's changelog is compact,delete with a retention of grace + 1 day (as Java's),
    // so records stamped in 1970 could be deleted by the broker's retention check before the restart reads them.
    const base = Date.now() - 60_000;
    const at = (offsetMs: number) => base + offsetMs;
    const applicationId = uniqueName('versioned-grace-app');
    await produce(client, topics.prices, [{ key: 'p1', value: '10', timestamp: at(1_000) }]);
    const first = await harness.startRunning(graceTopology(topics), applicationId, { stateDir: stateDirs.create() });
    await waitFor(() => priceAt(first, 'p1', at(1_000)) === '10', 30_000, 'the first price');
    // Two orders wait in the buffer (stream time 3000 - grace 10000 releases nothing); a price update at 2500
    // arrives after them, within their grace.
    await produce(client, topics.orders, [
      { key: 'p1', value: 'a', timestamp: at(2_000) },
      { key: 'p1', value: 'b', timestamp: at(3_000) },
    ]);
    await produce(client, topics.prices, [{ key: 'p1', value: '20', timestamp: at(2_500) }]);
    const committedOrders = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: applicationId, topics: [topics.orders] });
      return offsets?.partitions[0]?.offset ?? '-1';
    };
    await waitFor(async () => (await committedOrders()) === '2', 30_000, 'both orders to be processed and committed');
    await waitFor(() => priceAt(first, 'p1', at(2_600)) === '20', 30_000, 'the late price update');
    expect(await readAll(client, topics.priced, { idleMs: 1_000 })).toEqual([]);
    await first.close({ timeoutMs: 10_000 });
    await admin.disconnect();

    // A fresh instance restores the buffer (and the table's versions) from their changelogs; an order at 20000
    // moves stream time on, releasing the two waiting orders, each joined with the price as of its time.
    await harness.startRunning(graceTopology(topics), applicationId, { stateDir: stateDirs.create() });
    await produce(client, topics.orders, [{ key: 'p1', value: 'c', timestamp: at(20_000) }]);
    const output = await readAll(client, topics.priced, { expected: 2, idleMs: 30_000 });
    expect(output.map((r) => r.value)).toEqual(['ax10', 'bx20']);
  });
});
