// The record cache: merged updates, flushes in the order keys were last written, old values from the store,
// eviction within the writing store's cache under the byte budget, and the TopologyTestDriver's per-record flush.
import { describe, expect, it } from '@jest/globals';
import { RecordCache, type DirtyEntry } from '../../../src/internal/state/record-cache.js';
import { TaskRecordCache, type RecordContextHost } from '../../../src/internal/state/task-record-cache.js';
import type { CachedUpdate } from '../../../src/internal/state/cache-flush-listener.js';
import { Materialized, Serdes, StreamsBuilder, Stores } from '../../../src/index.js';
import type { TypedKeyValueStore } from '../../../src/internal/state/typed-key-value-store.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const bytes = (text: string) => Buffer.from(text);
const context = (timestamp: number) => ({ timestamp, headers: [], origin: undefined, sizeBytes: 0 });
const texts = (entries: ReadonlyArray<DirtyEntry>) =>
  entries.map((e) => `${e.key.toString()}=${e.value?.toString() ?? 'null'}@${e.context.timestamp}`);

describe('NamedCache', () => {
  it('merges updates to a key and flushes the latest values in the order the keys were last written (Java)', () => {
    const flushed: string[][] = [];
    const cache = new RecordCache(1_000_000).namedCache('s', (entries) => flushed.push(texts(entries)));
    cache.put(bytes('b'), bytes('1'), context(1));
    cache.put(bytes('a'), bytes('1'), context(2));
    cache.put(bytes('c'), bytes('1'), context(3));
    cache.put(bytes('b'), bytes('2'), context(4));
    cache.put(bytes('a'), null, context(5));
    expect(flushed).toEqual([]);
    expect(cache.get(bytes('b'))?.value?.toString()).toBe('2');
    expect(cache.get(bytes('a'))).toEqual(expect.objectContaining({ value: null }));
    cache.flush();
    expect(flushed).toEqual([['c=1@3', 'b=2@4', 'a=null@5']]);
    cache.flush(); // nothing dirty: the listener is not called
    expect(flushed).toHaveLength(1);
    expect(cache.get(bytes('b'))?.value?.toString()).toBe('2'); // still cached, clean
    expect(cache.get(bytes('a'))).toBeUndefined(); // a delete is dropped once written: the store answers for it
  });

  it('over budget, evicts the least recently used entry of the cache written, flushing its dirty entries first', () => {
    const flushedA: string[][] = [];
    const flushedB: string[][] = [];
    // Each entry: 64 bytes of bookkeeping + 1 + 1: three fit in 200 bytes.
    const shared = new RecordCache(200);
    const a = shared.namedCache('a', (entries) => flushedA.push(texts(entries)));
    const b = shared.namedCache('b', (entries) => flushedB.push(texts(entries)));
    a.put(bytes('x'), bytes('1'), context(1));
    a.put(bytes('y'), bytes('1'), context(2));
    b.put(bytes('z'), bytes('1'), context(3));
    expect(shared.sizeBytes).toBe(3 * 66);
    a.get(bytes('x')); // x is now more recently used than y
    b.put(bytes('w'), bytes('1'), context(4)); // over budget: b evicts its own eldest (z), never a's entries
    expect(flushedA).toEqual([]);
    expect(flushedB).toEqual([['z=1@3', 'w=1@4']]);
    expect(b.get(bytes('z'))).toBeUndefined();
    expect(b.get(bytes('w'))?.value?.toString()).toBe('1');
    a.put(bytes('v'), bytes('1'), context(5)); // a evicts y, its least recently used, handed over first (Java)
    expect(flushedA).toEqual([['y=1@2', 'x=1@1', 'v=1@5']]);
    expect(a.get(bytes('y'))).toBeUndefined();
    expect(a.get(bytes('x'))?.value?.toString()).toBe('1');
    expect(shared.stats()).toEqual(expect.objectContaining({ evicted: 2 }));
  });

  it('frees its bytes when closed, dirty entries dropped unwritten', () => {
    const flushed: string[][] = [];
    const shared = new RecordCache(10_000);
    const cache = shared.namedCache('s', (entries) => flushed.push(texts(entries)));
    cache.put(bytes('k'), bytes('v'), context(1));
    cache.close();
    expect(shared.sizeBytes).toBe(0);
    expect(flushed).toEqual([]);
  });
});

/** A task that is always processing a record at `now`. */
function host(now: { ms: number }): RecordContextHost {
  return {
    captureRecordContext: () => context(now.ms),
    runInRecordContext: (_context, run) => run(),
  };
}

describe('a cached key-value store', () => {
  function cachedStore(cacheBytes = 1_000_000) {
    const taskCache = new TaskRecordCache(new RecordCache(cacheBytes), '0_0');
    const now = { ms: 0 };
    taskCache.bind(host(now));
    const logged: string[] = [];
    const built = Stores.keyValueStoreBuilder('s', Serdes.String(), Serdes.String(), { persistent: false })
      .withCachingEnabled()
      .build({
        taskDirectory: '',
        changelog: { send: (key, value) => logged.push(`${key.toString()}=${value?.toString() ?? 'null'}`) },
        recordCache: taskCache,
      });
    const store = built.store as TypedKeyValueStore<string, string>;
    const forwarded: string[] = [];
    const listen = (sendOldValues: boolean) =>
      store.setFlushListener(
        (u: CachedUpdate<string, string>) => forwarded.push(`${u.key}: ${u.oldValue} -> ${u.newValue} @${u.timestamp}`),
        () => sendOldValues,
      );
    return { store, taskCache, now, logged, forwarded, listen };
  }

  it('writes the store and its changelog at the flush, forwarding the value before the first update as old value', async () => {
    const { store, taskCache, now, logged, forwarded, listen } = cachedStore();
    await store.open();
    expect(listen(true)).toBe(true);
    now.ms = 5;
    store.put('a', '1');
    now.ms = 6;
    store.put('a', '2');
    taskCache.flush();
    now.ms = 7;
    store.put('a', '3');
    now.ms = 8;
    store.put('a', '4');
    store.put('gone', 'x');
    expect(store.approximateNumEntries()).toBe(2); // 'gone' waits in the cache, counted
    store.delete('gone'); // never reached the store: neither written nor forwarded
    expect(store.approximateNumEntries()).toBe(1);
    expect(store.get('a')).toBe('4');
    const all: string[] = [];
    for await (const { key, value } of store.all()) all.push(`${key}=${value}`);
    expect(all).toEqual(['a=4']);
    taskCache.flush();
    expect(forwarded).toEqual(['a: null -> 2 @6', 'a: 2 -> 4 @8']);
    expect(logged).toEqual(['a=2', 'a=4']);
  });

  it('is not cached with a budget of 0 bytes, as Java turns caching off then', () => {
    const { store } = cachedStore(0);
    expect(
      store.setFlushListener(
        () => undefined,
        () => false,
      ),
    ).toBe(false);
  });
});

describe('TopologyTestDriver with the cache', () => {
  function countTopology() {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .stream<string, string>('in')
      .flatMapValues((value) => value.split(' '))
      .groupBy((_key, word) => word)
      .count(Materialized.as<string, number>('counts'))
      .toStream()
      .mapValues((count) => String(count))
      .to('out');
    return builder.build();
  }

  it('forwards each count as Java does with a commit after every record, and queries read through the cache', () => {
    const driver = new TopologyTestDriver(countTopology());
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    const output = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
    input.pipeInput('s1', 'a b a');
    const counts = driver.getKeyValueStore<string, number>('counts')!;
    expect(counts.get('a')).toBe(2);
    expect(output.readKeyValuesToList()).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '1' },
      { key: 'a', value: '2' },
    ]);
    driver.close();
  });

  it('merges the updates one record makes to a key before its flush (a store written twice per record)', () => {
    const topology = () => {
      const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
      builder
        .stream<string, string>('in')
        .flatMapValues((value) => value.split(' '))
        .groupByKey()
        .count(Materialized.as<string, number>('per-key'))
        .toStream()
        .mapValues((count) => String(count))
        .to('out');
      return builder.build();
    };
    const run = (cacheMaxBytes: number) => {
      const driver = new TopologyTestDriver(topology(), { cacheMaxBytes });
      driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('k', 'x y z');
      const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValuesToList();
      const stored = driver.getKeyValueStore<string, number>('per-key')!.get('k');
      driver.close();
      return { out, stored };
    };
    expect(run(10 * 1024 * 1024)).toEqual({ out: [{ key: 'k', value: '3' }], stored: 3 });
    expect(run(0)).toEqual({
      out: [
        { key: 'k', value: '1' },
        { key: 'k', value: '2' },
        { key: 'k', value: '3' },
      ],
      stored: 3,
    });
  });
});
