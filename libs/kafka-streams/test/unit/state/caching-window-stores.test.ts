// The record cache in front of window and session stores (Java: CachingWindowStore, CachingSessionStore): updates
// merged until a flush, old values from the store, reads merging cache and store in the store's order, windows and
// sessions answered from the cache after the store expired them, a dirty close dropping the cache, and windowed
// aggregations of the TopologyTestDriver merging what one record does to a window or session.
import { describe, expect, it } from '@jest/globals';
import { RecordCache } from '../../../src/internal/state/record-cache.js';
import { TaskRecordCache, type RecordContextHost } from '../../../src/internal/state/task-record-cache.js';
import type { CachedUpdate } from '../../../src/internal/state/cache-flush-listener.js';
import type { TypedSessionStore, TypedWindowStore } from '../../../src/internal/state/typed-window-stores.js';
import { Materialized, Serdes, SessionWindows, StreamsBuilder, Stores, TimeWindows } from '../../../src/index.js';
import type { Windowed } from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const context = (timestamp: number) => ({ timestamp, headers: [], origin: undefined, sizeBytes: 0 });

function host(now: { ms: number }): RecordContextHost {
  return { captureRecordContext: () => context(now.ms), runInRecordContext: (_context, run) => run() };
}

const show = (w: Windowed<string>) => `${w.key}[${w.window.startMs},${w.window.endMs}]`;

function cachedStores(cacheBytes = 1_000_000) {
  const taskCache = new TaskRecordCache(new RecordCache(cacheBytes), '0_0');
  const now = { ms: 0 };
  taskCache.bind(host(now));
  const logged: string[] = [];
  const storeContext = {
    taskDirectory: '',
    changelog: { send: (key: Buffer, value: Buffer | null) => logged.push(`${key.length}:${value?.toString()}`) },
    recordCache: taskCache,
  };
  const windows = Stores.windowStoreBuilder('w', Serdes.String(), Serdes.String(), {
    windowSizeMs: 10,
    retentionMs: 20,
    persistent: false,
  })
    .withCachingEnabled()
    .build(storeContext).store as TypedWindowStore<string, string>;
  const sessions = Stores.sessionStoreBuilder('s', Serdes.String(), Serdes.String(), {
    retentionMs: 20,
    persistent: false,
  })
    .withCachingEnabled()
    .build(storeContext).store as TypedSessionStore<string, string>;
  const forwarded: string[] = [];
  const listener = (u: CachedUpdate<Windowed<string>, string>) =>
    forwarded.push(`${show(u.key)}: ${u.oldValue} -> ${u.newValue} @${u.timestamp}`);
  expect(windows.setFlushListener(listener, () => true)).toBe(true);
  expect(sessions.setFlushListener(listener, () => true)).toBe(true);
  return { windows, sessions, taskCache, now, logged, forwarded };
}

describe('a cached window store', () => {
  it('merges the updates to a window until the flush, forwarding the value in the store before as old value', async () => {
    const { windows, taskCache, now, logged, forwarded } = cachedStores();
    await windows.open();
    now.ms = 1;
    windows.put('a', '1', 0);
    now.ms = 2;
    windows.put('b', '1', 0);
    now.ms = 3;
    windows.put('a', '2', 0);
    expect(windows.fetch('a', 0)).toBe('2');
    expect(logged).toEqual([]);
    taskCache.flush();
    // In the order the windows were last written: b (@2) before a (@3).
    expect(forwarded).toEqual(['b[0,10]: null -> 1 @2', 'a[0,10]: null -> 2 @3']);
    expect(logged).toEqual(['9:1', '9:2']);
    now.ms = 4;
    windows.put('a', '3', 0);
    windows.put('gone', 'x', 0);
    windows.put('gone', null, 0); // never reached the store: neither written nor forwarded
    taskCache.flush();
    expect(forwarded.slice(2)).toEqual(['a[0,10]: 2 -> 3 @4']);
    expect(logged.slice(2)).toEqual(['9:3']);
  });

  it('reads the cached windows merged into the store ones, in the store order, a cached delete hiding one', async () => {
    const { windows, taskCache } = cachedStores();
    await windows.open();
    windows.put('a', 'a0', 0);
    windows.put('a', 'a10', 10);
    windows.put('b', 'b5', 5);
    taskCache.flush();
    windows.put('a', 'a5', 5); // cached only
    windows.put('a', 'a10+', 10); // cached over the stored one
    windows.put('b', null, 5); // a cached delete of a stored window
    expect(windows.fetchRange('a', 0, 10)).toEqual([
      { windowStartMs: 0, value: 'a0' },
      { windowStartMs: 5, value: 'a5' },
      { windowStartMs: 10, value: 'a10+' },
    ]);
    expect(windows.fetchAll(0, 10).map((e) => `${show(e.key)}=${e.value}`)).toEqual([
      'a[0,10]=a0',
      'a[5,15]=a5',
      'a[10,20]=a10+',
    ]);
    const byTime = windows.iterateByTime(0, 10);
    expect([...byTime].map((e) => `${show(e.key)}=${e.value}`)).toEqual(['a[0,10]=a0', 'a[5,15]=a5', 'a[10,20]=a10+']);
    expect(windows.fetch('b', 5)).toBeUndefined();
  });

  it('answers for windows the store has expired while the cache holds them, and cuts the store part only', async () => {
    const { windows, taskCache } = cachedStores();
    await windows.open();
    windows.put('a', 'old', 0);
    taskCache.flush();
    windows.put('a', 'new', 100); // the store's retention (20) now ends before 80: [0, 10) is gone from it
    taskCache.flush();
    expect(windows.fetch('a', 0)).toBe('old');
    expect(windows.all().map((e) => `${show(e.key)}=${e.value}`)).toEqual(['a[0,10]=old', 'a[100,110]=new']);
    // storeFromMs bounds what the store answers with, not the cache.
    expect(windows.fetchRange('a', 0, 100, 90)).toEqual([
      { windowStartMs: 0, value: 'old' },
      { windowStartMs: 100, value: 'new' },
    ]);
  });

  it('drops its unflushed windows when closed without a commit', async () => {
    const { windows, now, logged, forwarded } = cachedStores();
    await windows.open();
    now.ms = 1;
    windows.put('a', '1', 0);
    await windows.close();
    expect(logged).toEqual([]);
    expect(forwarded).toEqual([]);
  });
});

describe('a cached session store', () => {
  it('merges a removal and a put of the same session, and never sends a session created and removed between flushes', async () => {
    const { sessions, taskCache, now, forwarded, logged } = cachedStores();
    await sessions.open();
    now.ms = 5;
    sessions.put({ key: 'a', window: { startMs: 0, endMs: 5 } }, '1');
    taskCache.flush();
    now.ms = 7;
    sessions.remove({ key: 'a', window: { startMs: 0, endMs: 5 } });
    sessions.put({ key: 'a', window: { startMs: 7, endMs: 7 } }, 'short-lived');
    sessions.remove({ key: 'a', window: { startMs: 7, endMs: 7 } });
    sessions.put({ key: 'a', window: { startMs: 0, endMs: 9 } }, '3');
    expect(sessions.findSessions('a', 0, 20).map((s) => `${show(s.key)}=${s.value}`)).toEqual(['a[0,9]=3']);
    taskCache.flush();
    expect(forwarded).toEqual(['a[0,5]: null -> 1 @5', 'a[0,5]: 1 -> null @7', 'a[0,9]: null -> 3 @7']);
    expect(logged).toEqual(['17:1', '17:undefined', '17:3']);
  });

  it('finds the cached sessions whatever the store answers with, and merges them in order', async () => {
    const { sessions, taskCache } = cachedStores();
    await sessions.open();
    sessions.put({ key: 'a', window: { startMs: 0, endMs: 2 } }, 'first');
    sessions.put({ key: 'a', window: { startMs: 20, endMs: 25 } }, 'stored');
    taskCache.flush();
    sessions.put({ key: 'a', window: { startMs: 10, endMs: 12 } }, 'cached');
    sessions.put({ key: 'b', window: { startMs: 10, endMs: 12 } }, 'other key');
    // The store part answers from end 20 on; the cached sessions whatever their end.
    expect(sessions.findSessions('a', 0, 30, 20).map((s) => `${show(s.key)}=${s.value}`)).toEqual([
      'a[0,2]=first',
      'a[10,12]=cached',
      'a[20,25]=stored',
    ]);
    expect([...sessions.iterateByEnd(0, 30)].map((s) => `${show(s.key)}=${s.value}`)).toEqual([
      'a[0,2]=first',
      'a[10,12]=cached',
      'b[10,12]=other key',
      'a[20,25]=stored',
    ]);
  });
});

describe('windowed aggregations of the TopologyTestDriver with the cache', () => {
  const run = (cacheMaxBytes: number, materialized: Materialized<string, number> | undefined) => {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .stream<string, string>('in')
      .flatMapValues((value) => value.split(' '))
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(10))
      .count(materialized)
      .toStream()
      .map((key, count) => ({ key: `${show(key)}`, value: String(count) }))
      .to('out');
    const driver = new TopologyTestDriver(builder.build(), { cacheMaxBytes });
    const input = driver.createInputTopic('in', Serdes.String(), Serdes.String());
    input.pipeInput('a', 'x', 0);
    input.pipeInput('a', 'y z', 5); // y merges [0,0] into [0,5], z updates [0,5]
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValuesToList();
    driver.close();
    return out.map(({ key, value }) => `${key}=${value}`);
  };

  it('sends one update per session a record changes, as Java does with a commit after every record', () => {
    expect(run(10 * 1024 * 1024, undefined)).toEqual(['a[0,0]=1', 'a[0,0]=null', 'a[0,5]=3']);
  });

  it('sends every update with Materialized.withCachingDisabled() or a cache of 0 bytes', () => {
    const everyUpdate = ['a[0,0]=1', 'a[0,0]=null', 'a[0,5]=2', 'a[0,5]=null', 'a[0,5]=3'];
    expect(run(10 * 1024 * 1024, Materialized.as<string, number>('sessions').withCachingDisabled())).toEqual(
      everyUpdate,
    );
    expect(run(0, undefined)).toEqual(everyUpdate);
  });

  it('caches time-window stores too: one update per window a record changes', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    builder
      .stream<string, string>('in')
      .flatMapValues((value) => value.split(' '))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))
      .count(Materialized.as('windowed'))
      .toStream()
      .map((key, count) => ({ key: show(key), value: String(count) }))
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    driver.createInputTopic('in', Serdes.String(), Serdes.String()).pipeInput('a', 'x y z', 7);
    const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String()).readKeyValuesToList();
    expect(out.map(({ key, value }) => `${key}=${value}`)).toEqual(['a[0,10]=3', 'a[5,15]=3']);
    expect(driver.getWindowStore<string, number>('windowed')?.fetch('a', 5)).toBe(3);
    driver.close();
  });
});
