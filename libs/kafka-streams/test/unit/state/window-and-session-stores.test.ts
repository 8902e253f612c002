import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LevelDbMirror } from '../../../src/internal/state/persistent-index.js';
import { BytesWindowStore, parseWindowEntryKey, windowEntryKey } from '../../../src/internal/state/window-store.js';
import { BytesSessionStore, parseSessionEntryKey, sessionEntryKey } from '../../../src/internal/state/session-store.js';

const b = (s: string): Buffer => Buffer.from(s);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'window-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('window store', () => {
  it('fetches one window, a key over a time range, and all keys', async () => {
    const store = new BytesWindowStore('w', 1_000_000);
    await store.open();
    store.put(b('a'), 0, b('a0'));
    store.put(b('a'), 100, b('a100'));
    store.put(b('b'), 100, b('b100'));
    store.put(b('a'), 200, b('a200'));
    expect(store.fetch(b('a'), 100)?.toString()).toBe('a100');
    expect(store.fetchRange(b('a'), 50, 200).map((e) => [e.startMs, e.value.toString()])).toEqual([
      [100, 'a100'],
      [200, 'a200'],
    ]);
    expect(store.fetchAll(100, 100).map((e) => `${e.key}@${e.startMs}`)).toEqual(['a@100', 'b@100']);
    store.put(b('a'), 100, null);
    expect(store.fetch(b('a'), 100)).toBeUndefined();
    expect(store.approximateNumEntries()).toBe(3);
  });

  it('drops windows older than the retention period, and ignores late writes to them', async () => {
    const changes: string[] = [];
    const store = new BytesWindowStore('w', 100, undefined, (k, v) =>
      changes.push(`${parseWindowEntryKey(k).startMs}=${v}`),
    );
    await store.open();
    store.put(b('k'), 0, b('x'));
    store.put(b('k'), 150, b('y'));
    expect(store.fetchAll().map((e) => e.startMs)).toEqual([150]);
    store.put(b('k'), 10, b('late'));
    expect(store.fetch(b('k'), 10)).toBeUndefined();
    expect(changes).toEqual(['0=x', '150=y']);
  });

  it('persists to LevelDB and reloads on open; restore does not log', async () => {
    const path = join(dir, 'w');
    const logged: Buffer[] = [];
    const first = new BytesWindowStore('w', 10_000, new LevelDbMirror('w', path), (k) => logged.push(k));
    await first.open();
    first.put(b('k'), 1_000, b('one'));
    first.restore(windowEntryKey(b('k'), 2_000), b('two'));
    await first.close();
    expect(logged).toHaveLength(1);

    const second = new BytesWindowStore('w', 10_000, new LevelDbMirror('w', path));
    await second.open();
    expect(second.fetchRange(b('k'), 0, 5_000).map((e) => e.value.toString())).toEqual(['one', 'two']);
    await second.close();
  });
});

describe('session store', () => {
  it('finds sessions overlapping a time range and removes merged ones', async () => {
    const store = new BytesSessionStore('s', 1_000_000);
    await store.open();
    store.put(b('u'), 0, 10, b('first'));
    store.put(b('u'), 100, 120, b('second'));
    store.put(b('v'), 5, 5, b('other'));
    expect(store.findSessions(b('u'), 5, 110).map((s) => s.value.toString())).toEqual(['first', 'second']);
    expect(store.findSessions(b('u'), 11, 99)).toEqual([]);
    store.remove(b('u'), 0, 10);
    expect(store.fetchAll().map((s) => `${s.key}:${s.startMs}-${s.endMs}`)).toEqual(['u:100-120', 'v:5-5']);
  });

  it('encodes session keys as key, end, start', () => {
    const encoded = sessionEntryKey(b('k'), 1, 2);
    expect(encoded.toString('hex')).toBe('6b' + '0000000000000002' + '0000000000000001');
    expect(parseSessionEntryKey(encoded)).toEqual({ key: b('k'), startMs: 1, endMs: 2 });
  });

  it('persists to LevelDB and reloads on open', async () => {
    const path = join(dir, 's');
    const first = new BytesSessionStore('s', 10_000, new LevelDbMirror('s', path));
    await first.open();
    first.put(b('u'), 10, 20, b('v'));
    await first.close();
    const second = new BytesSessionStore('s', 10_000, new LevelDbMirror('s', path));
    await second.open();
    expect(second.findSessions(b('u'), 0, 100).map((s) => s.value.toString())).toEqual(['v']);
    await second.close();
  });
});
