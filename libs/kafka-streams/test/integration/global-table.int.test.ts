// Global tables and global stores on the real broker: bootstrapped from every partition before RUNNING,
// kept current while running (store, update listeners, stream-global join), checkpointed restarts that
// restore only the tail, full restores without the state directory, and every instance holding everything.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { rmSync } from 'node:fs';
import type { Admin } from 'kafkajs';
import {
  Consumed,
  Materialized,
  Serdes,
  Stores,
  StreamsBuilder,
  type GlobalStoreUpdate,
  type KafkaStreams,
  type StateRestoreListener,
  timeWindowedSerde,
  type WindowStore,
} from '../../src/index.js';
import { createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(60_000);

const str = Serdes.String();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const STORE = 'customers';

/** Orders (keyed by order id, valued by customer id) joined with the customers global table. */
function receiptsTopology(customers: string, orders: string, receipts: string, inMemory = false) {
  const builder = new StreamsBuilder();
  const materialized = Materialized.as<string, string>(STORE);
  const table = builder.globalTable(customers, strings, inMemory ? materialized.withInMemory() : materialized);
  builder
    .stream(orders, strings)
    .join(
      table,
      (_orderId, customerId) => customerId,
      (customerId, name) => `${customerId}:${name}`,
    )
    .to(receipts, { keySerde: str, valueSerde: str });
  return builder.build();
}

/** Counts what the restore listener was told, per partition. */
class RestoreLog implements StateRestoreListener {
  readonly events: string[] = [];
  readonly ranges: Array<{ partition: number; start: bigint; end: bigint }> = [];
  restored = 0;

  onRestoreStart(store: string, partition: number, start: bigint, end: bigint): void {
    this.ranges.push({ partition, start, end });
    this.events.push(`start ${store} ${partition}`);
  }
  onBatchRestored(_store: string, _partition: number, _end: bigint, count: number): void {
    this.restored += count;
  }
  onRestoreEnd(store: string, partition: number): void {
    this.events.push(`end ${store} ${partition}`);
  }
}

const customerRecords = (from: number, count: number, version = 'v1') =>
  Array.from({ length: count }, (_, i) => ({
    key: `c${from + i}`,
    value: `name-${from + i}-${version}`,
    partition: (from + i) % 3,
  }));

describe('global tables on a real broker', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('streamkit-global');
  let admin: Admin;

  async function topics() {
    const names = {
      customers: uniqueName('gt-customers'),
      orders: uniqueName('gt-orders'),
      receipts: uniqueName('gt-receipts'),
    };
    await createTopics(admin, [
      { topic: names.customers, partitions: 3 },
      { topic: names.orders, partitions: 2 },
      { topic: names.receipts },
    ]);
    return names;
  }

  const entries = (streams: KafkaStreams) => streams.store<string, string>(STORE).approximateNumEntries();

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(() => harness.closeAll());
  afterAll(async () => {
    await admin.disconnect();
    stateDirs.removeAll();
  });

  it('is bootstrapped from every partition before RUNNING, then follows live updates into the store, listeners and joins', async () => {
    const { customers, orders, receipts } = await topics();
    await produce(client, customers, [
      ...customerRecords(0, 90),
      ...customerRecords(0, 30, 'v2'),
      { key: 'c89', value: null, partition: 89 % 3 },
    ]);
    const restores = new RestoreLog();
    const streams = harness.create(receiptsTopology(customers, orders, receipts), uniqueName('gt-app'), {
      stateDir: stateDirs.create(),
      restoreListener: restores,
    });
    let entriesWhenRunning: number | undefined;
    streams.onStateChange((state) => {
      if (state !== 'RUNNING' || entriesWhenRunning !== undefined) return;
      restores.events.push('RUNNING');
      entriesWhenRunning = entries(streams);
    });
    await harness.run(streams);

    expect(entriesWhenRunning).toBe(89);
    expect(restores.restored).toBe(121);
    expect(restores.events.indexOf('RUNNING')).toBe(6);
    expect(restores.events.slice(0, 6).sort()).toEqual(
      [0, 1, 2].flatMap((p) => [`end ${STORE} ${p}`, `start ${STORE} ${p}`]).sort(),
    );
    expect(streams.metrics().globalStores[STORE]).toEqual({ bootstrapped: true, recordsApplied: 0, lag: 0 });
    expect(streams.metrics().restore[STORE]).toMatchObject({ recordsRestored: 121, restoresCompleted: 3 });

    const updates: Array<GlobalStoreUpdate<string, string>> = [];
    streams.onGlobalStoreUpdate<string, string>(STORE, (update) => updates.push(update));
    await produce(client, customers, [
      { key: 'c1', value: 'Ann', partition: 1 },
      { key: 'c2', value: null, partition: 2 },
      { key: 'c200', value: 'Zoe', partition: 0 },
    ]);
    const store = streams.store<string, string>(STORE);
    await waitFor(() => store.get('c200') === 'Zoe', 10_000, 'the live update');
    expect(store.get('c1')).toBe('Ann');
    expect(store.get('c2')).toBeUndefined();
    expect(store.get('c3')).toBe('name-3-v2');
    expect(updates.map((u) => [u.key, u.value]).sort()).toEqual([
      ['c1', 'Ann'],
      ['c2', null],
      ['c200', 'Zoe'],
    ]);
    expect(streams.metrics().globalStores[STORE]?.recordsApplied).toBe(3);

    await produce(client, orders, [
      { key: 'o1', value: 'c1', partition: 0 },
      { key: 'o2', value: 'c2', partition: 1 },
      { key: 'o3', value: 'c200', partition: 1 },
      { key: 'o4', value: 'c40', partition: 0 },
    ]);
    const out = await readAll(client, receipts, { expected: 3, idleMs: 5_000 });
    expect(out.map((r) => `${r.key}=${r.value}`).sort()).toEqual(['o1=c1:Ann', 'o3=c200:Zoe', 'o4=c40:name-40-v1']);
  });

  it('restores only the tail after a clean restart, and everything once the state directory is gone', async () => {
    const { customers, orders, receipts } = await topics();
    await produce(client, customers, customerRecords(0, 60));
    const applicationId = uniqueName('gt-restart');
    const stateDir = stateDirs.create();
    const start = async () => {
      const restores = new RestoreLog();
      const streams = await harness.startRunning(receiptsTopology(customers, orders, receipts), applicationId, {
        stateDir,
        restoreListener: restores,
      });
      return { streams, restores };
    };

    const first = await start();
    expect(first.restores.restored).toBe(60);
    await first.streams.close();

    await produce(client, customers, [...customerRecords(60, 9), ...customerRecords(0, 3, 'v2')]);
    const second = await start();
    expect(second.restores.restored).toBe(12);
    expect(second.restores.ranges.reduce((sum, r) => sum + Number(r.end - r.start), 0)).toBe(12);
    expect(entries(second.streams)).toBe(69);
    expect(second.streams.store<string, string>(STORE).get('c0')).toBe('name-0-v2');
    await second.streams.close();

    rmSync(stateDir, { recursive: true, force: true });
    const third = await start();
    expect(third.restores.restored).toBe(72);
    expect(entries(third.streams)).toBe(69);
  });

  it('restores an in-memory global table in full on every start', async () => {
    const { customers, orders, receipts } = await topics();
    await produce(client, customers, customerRecords(0, 30));
    const applicationId = uniqueName('gt-memory');
    const stateDir = stateDirs.create();
    for (let run = 0; run < 2; run++) {
      const restores = new RestoreLog();
      const streams = await harness.startRunning(receiptsTopology(customers, orders, receipts, true), applicationId, {
        stateDir,
        restoreListener: restores,
      });
      expect(restores.restored).toBe(30);
      expect(entries(streams)).toBe(30);
      await streams.close();
    }
  });

  it('is held whole by every instance of the application, while the stream tasks are split', async () => {
    const { customers, orders, receipts } = await topics();
    await produce(client, customers, customerRecords(0, 45));
    const applicationId = uniqueName('gt-two');
    const topology = receiptsTopology(customers, orders, receipts);
    const [a, b] = await Promise.all([
      harness.startRunning(topology, applicationId, { stateDir: stateDirs.create() }),
      harness.startRunning(topology, applicationId, { stateDir: stateDirs.create() }),
    ]);
    await waitFor(
      () =>
        a.state === 'RUNNING' && b.state === 'RUNNING' && a.activeTasks().length === 1 && b.activeTasks().length === 1,
      20_000,
      'each instance to run one of the two stream tasks',
    );
    expect([...a.activeTasks(), ...b.activeTasks()].sort()).toEqual(['1_0', '1_1']);
    expect(entries(a)).toBe(45);
    expect(entries(b)).toBe(45);
    await produce(client, customers, [{ key: 'c7', value: 'Gus', partition: 1 }]);
    await waitFor(
      () => a.store<string, string>(STORE).get('c7') === 'Gus' && b.store<string, string>(STORE).get('c7') === 'Gus',
      10_000,
      'both instances to see the update',
    );
  });

  it('runs a topology of global stores only: a windowed topic materialized into a window store', async () => {
    const windowed = uniqueName('gt-windowed');
    await createTopics(admin, [{ topic: windowed, partitions: 2 }]);
    const minute = 60_000;
    const key = (word: string, start: number) => {
      const bytes = Buffer.alloc(word.length + 8);
      bytes.write(word);
      bytes.writeBigInt64BE(BigInt(start), word.length);
      return bytes;
    };
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: windowed,
      messages: [
        { key: key('hello', 0), value: '1', partition: 0 },
        { key: key('hello', minute), value: '2', partition: 1 },
      ],
    });

    const builder = new StreamsBuilder();
    const store = Stores.windowStoreBuilder('counts', str, Serdes.String(), {
      windowSizeMs: minute,
      retentionMs: 60 * minute,
    }).withLoggingDisabled();
    builder.addGlobalStore(
      store,
      windowed,
      Consumed.with({ keySerde: timeWindowedSerde(str, minute), valueSerde: str }),
      () => {
        let windows: WindowStore<string, string>;
        return {
          init: (context) => void (windows = context.getStateStore(store.name)),
          process: ({ key: { key: word, window }, value }) => windows.put(word, value, window.startMs),
        };
      },
    );
    const streams = await harness.startRunning(builder.build(), uniqueName('gt-only'), {
      stateDir: stateDirs.create(),
    });
    const view = streams.store<string, string, 'window'>('counts', 'window');
    expect(view.fetchRange('hello', 0, minute)).toEqual([
      { windowStartMs: 0, value: '1' },
      { windowStartMs: minute, value: '2' },
    ]);
    await producer.send({ topic: windowed, messages: [{ key: key('hello', 0), value: '3', partition: 0 }] });
    await producer.disconnect();
    await waitFor(() => view.fetch('hello', 0) === '3', 10_000, 'the live update of the window store');
  });
});
