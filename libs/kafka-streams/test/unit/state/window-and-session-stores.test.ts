import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ClassicLevel } from 'classic-level';
import { StoreLockedError } from '../../../src/index.js';
import { MemorySegmentSpace } from '../../../src/internal/state/memory-segments.js';
import type { SegmentSpace } from '../../../src/internal/state/segment-table.js';
import { segmentIntervalMs } from '../../../src/internal/state/segments.js';
import { SqliteSegmentSpace } from '../../../src/internal/state/sqlite-segments.js';
import { BytesWindowStore, parseWindowEntryKey, windowEntryKey } from '../../../src/internal/state/window-store.js';
import { BytesSessionStore, parseSessionEntryKey, sessionEntryKey } from '../../../src/internal/state/session-store.js';
import { seededRandom } from '../../integration/support/sentences.js';

const b = (s: string): Buffer => Buffer.from(s);
const MINUTE = 60_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'window-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const spaces: ReadonlyArray<[string, (name: string) => SegmentSpace]> = [
  ['in memory', () => new MemorySegmentSpace()],
  ['on disk', (name) => new SqliteSegmentSpace(name, join(dir, name))],
];

describe('segment interval', () => {
  it('is half the retention, at least a minute (Kafka Streams)', () => {
    expect(segmentIntervalMs(10_000)).toBe(MINUTE);
    expect(segmentIntervalMs(24 * 3_600_000)).toBe(12 * 3_600_000);
  });
});

describe.each(spaces)('window store %s', (_kind, space) => {
  it('fetches one window, a key over a time range, and all keys', async () => {
    const store = new BytesWindowStore('w', 1_000_000, space('w'));
    await store.open();
    store.put(b('a'), 0, b('a0'));
    store.put(b('a'), 100, b('a100'));
    store.put(b('b'), 100, b('b100'));
    store.put(b('a'), 200, b('a200'));
    store.put(b('a'), 100, b('a100'));
    expect(store.fetch(b('a'), 100)?.toString()).toBe('a100');
    expect(store.fetchRange(b('a'), 50, 200).map((e) => [e.startMs, e.value.toString()])).toEqual([
      [100, 'a100'],
      [200, 'a200'],
    ]);
    expect(store.fetchAll(100, 100).map((e) => `${e.key}@${e.startMs}`)).toEqual(['a@100', 'b@100']);
    store.put(b('a'), 100, null);
    expect(store.fetch(b('a'), 100)).toBeUndefined();
    expect(store.approximateNumEntries()).toBe(3);
    await store.close();
  });

  it('orders scans across segments: by key then start, or by start then key', async () => {
    const store = new BytesWindowStore('w', 10 * MINUTE, space('w'));
    await store.open();
    // Three segments of 5 minutes, written out of order.
    for (const [key, start] of [
      ['b', 11 * MINUTE],
      ['a', 6 * MINUTE],
      ['b', 1 * MINUTE],
      ['a', 11 * MINUTE],
      ['c', 6 * MINUTE],
      ['a', 1 * MINUTE],
    ] as const) {
      store.put(b(key), start, b(`${key}${start / MINUTE}`));
    }
    const label = (e: { key: Buffer; startMs: number }): string => `${e.key}${e.startMs / MINUTE}`;
    expect(store.fetchAll().map(label)).toEqual(['a1', 'a6', 'a11', 'b1', 'b11', 'c6']);
    expect([...store.iterateByTime(0, 20 * MINUTE)].map(label)).toEqual(['a1', 'b1', 'a6', 'c6', 'a11', 'b11']);
    expect([...store.iterateByTime(5 * MINUTE, 7 * MINUTE)].map(label)).toEqual(['a6', 'c6']);
    expect(store.fetchRange(b('a'), 0, 20 * MINUTE).map(label)).toEqual(['a1', 'a6', 'a11']);
    await store.close();
  });

  it('lets a scan stop early and the store change while a scan is open', async () => {
    const store = new BytesWindowStore('w', 10 * MINUTE, space('w'));
    await store.open();
    for (let i = 0; i < 10; i++) store.put(b(`k${i}`), i * 1000, b(String(i)));
    const first = store.iterateByTime(0, 10_000);
    expect(first.next().value?.startMs).toBe(0);
    first.close();
    expect(first.next().done).toBe(true);
    const seen: number[] = [];
    for (const entry of store.iterateByTime(0, 10_000)) {
      seen.push(entry.startMs);
      store.put(entry.key, entry.startMs, null);
      expect(store.fetchRange(entry.key, 0, 10_000)).toEqual([]);
    }
    expect(seen).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(store.fetchAll()).toEqual([]);
    await store.close();
  });

  it('drops windows older than the retention period, and ignores late writes to them', async () => {
    const changes: string[] = [];
    const store = new BytesWindowStore('w', 100, space('w'), (k, v) =>
      changes.push(`${parseWindowEntryKey(k).startMs}=${v}`),
    );
    await store.open();
    store.put(b('k'), 0, b('x'));
    store.put(b('k'), 150, b('y'));
    expect(store.fetchAll().map((e) => e.startMs)).toEqual([150]);
    expect(store.fetch(b('k'), 0)).toBeUndefined();
    store.put(b('k'), 10, b('late'));
    expect(store.fetch(b('k'), 10)).toBeUndefined();
    expect(changes).toEqual(['0=x', '150=y']);
    await store.close();
  });
});

describe('window store on disk', () => {
  it('persists and reopens; restore does not log', async () => {
    const path = join(dir, 'w');
    const logged: Buffer[] = [];
    const first = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path), (k) => logged.push(k));
    await first.open();
    first.put(b('k'), 1_000, b('one'));
    first.restore(windowEntryKey(b('k'), 2_000), b('two'));
    await first.close();
    expect(logged).toHaveLength(1);

    const second = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path));
    await second.open();
    expect(second.fetchRange(b('k'), 0, 5_000).map((e) => e.value.toString())).toEqual(['one', 'two']);
    expect(second.approximateNumEntries()).toBe(2);
    await second.close();
  });

  it('drops a segment whole, file included, once all of it is past retention; reopening keeps retention', async () => {
    const path = join(dir, 'w');
    const store = new BytesWindowStore('w', 2 * MINUTE, new SqliteSegmentSpace('w', path));
    await store.open();
    store.put(b('k'), 0, b('old'));
    store.put(b('k'), 2 * MINUTE, b('next'));
    expect((await readdir(path)).filter((f) => f.endsWith('.db')).sort()).toEqual([
      'lock.db',
      'segment-0.db',
      'segment-2.db',
    ]);
    store.put(b('k'), 3 * MINUTE + 1, b('new'));
    await store.flush();
    expect((await readdir(path)).filter((f) => f.startsWith('segment-0'))).toEqual([]);
    await store.close();

    const reopened = new BytesWindowStore('w', 2 * MINUTE, new SqliteSegmentSpace('w', path));
    await reopened.open();
    reopened.put(b('k'), MINUTE - 1, b('late'));
    expect(reopened.fetchAll().map((e) => e.value.toString())).toEqual(['next', 'new']);
    await reopened.close();
  });

  it('imports the LevelDB mirror an older version left in its directory, once, and deletes it', async () => {
    const path = join(dir, 'w');
    const legacy = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await legacy.open();
    await legacy.batch([
      { type: 'put', key: windowEntryKey(b('k'), 1_000), value: b('one') },
      { type: 'put', key: windowEntryKey(b('j'), 2_000), value: b('two') },
    ]);
    await legacy.close();
    const store = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path));
    await store.open();
    expect(store.fetchAll().map((e) => `${e.key}@${e.startMs}=${e.value}`)).toEqual(['j@2000=two', 'k@1000=one']);
    expect((await readdir(path)).filter((f) => f === 'CURRENT' || f.endsWith('.ldb') || f.endsWith('.log'))).toEqual(
      [],
    );
    await store.close();
    const reopened = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path));
    await reopened.open();
    expect(reopened.approximateNumEntries()).toBe(2);
    await reopened.close();
  });

  it('bulk-loads a restore into old and new segments, then writes as before, everything kept', async () => {
    const path = join(dir, 'w');
    const store = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', path));
    await store.open();
    store.put(b('k'), MINUTE, b('before'));
    await store.flush();
    store.beginBulkLoad();
    store.restore(windowEntryKey(b('k'), MINUTE + 1), b('restored'));
    store.restore(windowEntryKey(b('j'), 6 * MINUTE), b('in a new segment'));
    await store.flush();
    await store.endBulkLoad();
    store.put(b('k'), 6 * MINUTE + 1, b('after'));
    await store.close();

    const reopened = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', path));
    await reopened.open();
    expect(reopened.fetchAll().map((e) => `${e.key}@${e.startMs}=${e.value}`)).toEqual([
      `j@${6 * MINUTE}=in a new segment`,
      `k@${MINUTE}=before`,
      `k@${MINUTE + 1}=restored`,
      `k@${6 * MINUTE + 1}=after`,
    ]);
    expect(reopened.approximateNumEntries()).toBe(4);
    await reopened.close();
  });

  it('bulk-loads without a WAL (the journal in memory) and writes through the WAL again once it ends', async () => {
    const path = join(dir, 'w');
    const wals = async (): Promise<string[]> => (await readdir(path)).filter((f) => f.endsWith('-wal')).sort();
    const store = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', path));
    await store.open();
    store.put(b('k'), MINUTE, b('before'));
    await store.flush();
    expect(await wals()).toEqual(['lock.db-wal', 'segment-0.db-wal']);
    store.beginBulkLoad();
    store.restore(windowEntryKey(b('k'), MINUTE + 1), b('restored'));
    store.restore(windowEntryKey(b('j'), 6 * MINUTE), b('in a new segment'));
    await store.flush();
    expect(await wals()).toEqual(['lock.db-wal']);
    await store.endBulkLoad();
    store.put(b('k'), 2 * MINUTE, b('after'));
    store.put(b('j'), 7 * MINUTE, b('after'));
    await store.flush();
    expect(await wals()).toEqual(['lock.db-wal', 'segment-0.db-wal', 'segment-1.db-wal']);
    await store.close();
  });

  it('restores random writes, deletes and expiring segments in bulk as the in-memory store applies them', async () => {
    const path = join(dir, 'w');
    const disk = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', path));
    const memory = new BytesWindowStore('w', 10 * MINUTE);
    await disk.open();
    await memory.open();
    disk.beginBulkLoad();
    const random = seededRandom(11);
    for (let i = 0; i < 3_000; i++) {
      const key = b(`k${random(50)}`);
      const start = i * 500 + random(60_000);
      const value = random(5) === 0 ? null : b(String(i));
      disk.restore(windowEntryKey(key, start), value);
      memory.restore(windowEntryKey(key, start), value);
      if (i % 500 === 499) await disk.flush();
    }
    await disk.endBulkLoad();
    const view = (e: { key: Buffer; startMs: number; value: Buffer }): string => `${e.key}@${e.startMs}=${e.value}`;
    const expected = memory.fetchAll().map(view);
    expect(expected.length).toBeGreaterThan(100);
    expect(disk.fetchAll().map(view)).toEqual(expected);
    expect(disk.approximateNumEntries()).toBe(memory.approximateNumEntries());
    await disk.close();
    const reopened = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', path));
    await reopened.open();
    expect(reopened.fetchAll().map(view)).toEqual(expected);
    expect(reopened.approximateNumEntries()).toBe(memory.approximateNumEntries());
    await reopened.close();
    await memory.close();
  });

  it('refuses a store another holder has open', async () => {
    const path = join(dir, 'w');
    const owner = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path));
    await owner.open();
    const intruder = new BytesWindowStore('w', 10_000, new SqliteSegmentSpace('w', path));
    await expect(intruder.open()).rejects.toThrow(StoreLockedError);
    await owner.close();
    await intruder.open();
    await intruder.close();
  });

  it('reads the same as the in-memory store after random writes across many segments', async () => {
    const disk = new BytesWindowStore('w', 10 * MINUTE, new SqliteSegmentSpace('w', join(dir, 'w')));
    const memory = new BytesWindowStore('w', 10 * MINUTE);
    await disk.open();
    await memory.open();
    const random = seededRandom(7);
    for (let i = 0; i < 3_000; i++) {
      const key = b(`k${random(50)}`);
      const start = i * 500 + random(60_000);
      const value = random(5) === 0 ? null : b(String(i));
      disk.put(key, start, value);
      memory.put(key, start, value);
    }
    const view = (e: { key: Buffer; startMs: number; value: Buffer }): string => `${e.key}@${e.startMs}=${e.value}`;
    expect(disk.fetchAll().map(view)).toEqual(memory.fetchAll().map(view));
    expect([...disk.iterateByTime(0, 2_000_000)].map(view)).toEqual([...memory.iterateByTime(0, 2_000_000)].map(view));
    expect(disk.fetchRange(b('k7'), 1_000_000, 1_400_000).map(view)).toEqual(
      memory.fetchRange(b('k7'), 1_000_000, 1_400_000).map(view),
    );
    expect(disk.approximateNumEntries()).toBe(memory.approximateNumEntries());
    await disk.close();
    await memory.close();
  });
});

describe.each(spaces)('session store %s', (_kind, space) => {
  it('finds sessions overlapping a time range and removes merged ones', async () => {
    const store = new BytesSessionStore('s', 1_000_000, space('s'));
    await store.open();
    store.put(b('u'), 0, 10, b('first'));
    store.put(b('u'), 100, 120, b('second'));
    store.put(b('v'), 5, 5, b('other'));
    expect(store.findSessions(b('u'), 5, 110).map((s) => s.value.toString())).toEqual(['first', 'second']);
    expect(store.findSessions(b('u'), 11, 99)).toEqual([]);
    store.remove(b('u'), 0, 10);
    expect(store.fetchAll().map((s) => `${s.key}:${s.startMs}-${s.endMs}`)).toEqual(['u:100-120', 'v:5-5']);
    expect([...store.iterateByEnd(0, 200)].map((s) => `${s.key}:${s.endMs}`)).toEqual(['v:5', 'u:120']);
    await store.close();
  });

  it('expires sessions by their end', async () => {
    const store = new BytesSessionStore('s', 100, space('s'));
    await store.open();
    store.put(b('u'), 0, 70, b('old'));
    store.put(b('u'), 120, 160, b('new'));
    expect(store.fetchAll().map((s) => s.value.toString())).toEqual(['old', 'new']);
    store.put(b('u'), 200, 200, b('newest'));
    expect(store.fetchAll().map((s) => s.value.toString())).toEqual(['new', 'newest']);
    await store.close();
  });
});

describe('session store', () => {
  it('encodes session keys as key, end, start', () => {
    const encoded = sessionEntryKey(b('k'), 1, 2);
    expect(encoded.toString('hex')).toBe('6b' + '0000000000000002' + '0000000000000001');
    expect(parseSessionEntryKey(encoded)).toEqual({ key: b('k'), startMs: 1, endMs: 2 });
  });

  it('persists and reopens', async () => {
    const path = join(dir, 's');
    const first = new BytesSessionStore('s', 10_000, new SqliteSegmentSpace('s', path));
    await first.open();
    first.put(b('u'), 10, 20, b('v'));
    await first.close();
    const second = new BytesSessionStore('s', 10_000, new SqliteSegmentSpace('s', path));
    await second.open();
    expect(second.findSessions(b('u'), 0, 100).map((s) => s.value.toString())).toEqual(['v']);
    await second.close();
  });
});
