import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { ClassicLevel } from 'classic-level';
import { InMemoryKeyValueStore } from '../../../src/internal/state/in-memory-key-value-store.js';
import { LevelDbKeyValueStore } from '../../../src/internal/state/leveldb-key-value-store.js';
import { StoreLockedError } from '../../../src/index.js';
import { ChangeLoggingKeyValueStore } from '../../../src/internal/state/changelog.js';
import type { BytesKeyValueStore, KeyValue } from '../../../src/state/store.js';

const b = (s: string): Buffer => Buffer.from(s);
const text = (entries: KeyValue<Buffer, Buffer>[]): string[][] =>
  entries.map((e) => [e.key.toString(), e.value.toString()]);

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kv-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const kinds: Array<[string, () => BytesKeyValueStore]> = [
  ['in-memory', () => new InMemoryKeyValueStore('counts')],
  ['LevelDB', () => new LevelDbKeyValueStore('counts', join(dir, 'counts'))],
];

describe.each(kinds)('%s key-value store', (_kind, create) => {
  it('gets what was put, deletes with null, and counts entries', async () => {
    const store = create();
    await store.open();
    store.put(b('apple'), b('1'));
    store.put(b('pear'), b('2'));
    store.put(b('apple'), b('3'));
    expect(store.get(b('apple'))?.toString()).toBe('3');
    expect(store.approximateNumEntries()).toBe(2);
    store.put(b('pear'), null);
    expect(store.get(b('pear'))).toBeUndefined();
    expect(store.approximateNumEntries()).toBe(1);
    await store.close();
  });

  it('ranges in byte order, inclusive bounds, before and after a flush', async () => {
    const store = create();
    await store.open();
    for (const k of ['d', 'a', 'c', 'b', 'e']) store.put(b(k), b(k.toUpperCase()));
    await store.flush();
    store.put(b('bb'), b('BB'));
    store.put(b('c'), null);
    expect(text(await collect(store.range(b('b'), b('d'))))).toEqual([
      ['b', 'B'],
      ['bb', 'BB'],
      ['d', 'D'],
    ]);
    expect(text(await collect(store.range()))).toEqual([
      ['a', 'A'],
      ['b', 'B'],
      ['bb', 'BB'],
      ['d', 'D'],
      ['e', 'E'],
    ]);
    await store.close();
  });

  it('accepts the empty key', async () => {
    const store = create();
    await store.open();
    store.put(Buffer.alloc(0), b('empty'));
    await store.flush();
    expect(store.get(Buffer.alloc(0))?.toString()).toBe('empty');
    expect(text(await collect(store.range()))).toEqual([['', 'empty']]);
    await store.close();
  });
});

describe('in-memory key-value store', () => {
  it('ranges over its sorted keys, reading only the range, and continues past keys changed mid-range', async () => {
    const store = new InMemoryKeyValueStore('sorted');
    await store.open();
    for (const k of ['e', 'a', 'c', 'b', 'd']) store.put(b(k), b(k.toUpperCase()));
    const seen: string[] = [];
    for await (const { key } of store.range(b('b'), b('d'))) {
      seen.push(key.toString());
      if (key.toString() === 'b') {
        store.put(b('c'), null);
        store.put(b('bb'), b('BB'));
        store.put(b('a'), null);
      }
    }
    expect(seen).toEqual(['b', 'bb', 'd']);
    expect(text(await collect(store.range()))).toEqual([
      ['b', 'B'],
      ['bb', 'BB'],
      ['d', 'D'],
      ['e', 'E'],
    ]);
    expect(store.approximateNumEntries()).toBe(4);
  });
});

describe('LevelDB key-value store persistence', () => {
  it('keeps flushed data and its entry count across a reopen', async () => {
    const path = join(dir, 'words');
    const first = new LevelDbKeyValueStore('words', path);
    await first.open();
    for (let i = 0; i < 100; i++) first.put(b(`w${i}`), b(String(i)));
    await first.close();

    const second = new LevelDbKeyValueStore('words', path);
    await second.open();
    expect(second.approximateNumEntries()).toBe(100);
    expect(second.get(b('w42'))?.toString()).toBe('42');
    await second.close();
  });

  it('keeps writes made while a flush is in progress', async () => {
    const path = join(dir, 'concurrent');
    const store = new LevelDbKeyValueStore('concurrent', path);
    await store.open();
    store.put(b('a'), b('1'));
    const flushing = store.flush();
    store.put(b('a'), b('2'));
    store.put(b('b'), b('3'));
    await flushing;
    await store.close();

    const reopened = new LevelDbKeyValueStore('concurrent', path);
    await reopened.open();
    expect([reopened.get(b('a'))?.toString(), reopened.get(b('b'))?.toString()]).toEqual(['2', '3']);
    expect(reopened.approximateNumEntries()).toBe(2);
    await reopened.close();
  });

  it('reads a key on its first write since a flush only, and keeps the count exact between flushes', async () => {
    const path = join(dir, 'counted');
    const store = new LevelDbKeyValueStore('counted', path);
    await store.open();
    for (const k of ['a', 'b', 'c']) store.put(b(k), b('1'));
    await store.flush();
    expect(store.approximateNumEntries()).toBe(3);

    const reads = jest.spyOn(ClassicLevel.prototype, 'getSync');
    store.put(b('a'), b('2')); // on disk already: not a new entry
    store.put(b('a'), b('3')); // the same key again: no second read
    store.put(b('d'), b('1'));
    store.put(b('b'), null);
    store.put(b('never'), null); // never written: deleting it changes nothing
    expect(reads).toHaveBeenCalledTimes(4);
    reads.mockRestore();
    expect(store.approximateNumEntries()).toBe(3); // a, c, d
    await store.flush();
    expect(store.approximateNumEntries()).toBe(3); // a, c, d
    await store.close();

    const reopened = new LevelDbKeyValueStore('counted', path);
    await reopened.open();
    expect(reopened.approximateNumEntries()).toBe(3);
    await reopened.close();
  });

  it('restores through the changelog wrapper without reading keys, and counts exactly at the flush', async () => {
    const path = join(dir, 'restored');
    const store = new LevelDbKeyValueStore('restored', path);
    const logged = new ChangeLoggingKeyValueStore(store, { send: () => undefined });
    await logged.open();
    store.put(b('a'), b('1'));
    await store.flush();

    const reads = jest.spyOn(ClassicLevel.prototype, 'getSync');
    for (const k of ['a', 'b', 'c']) logged.restore(b(k), b('2'));
    logged.restore(b('c'), null);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    await store.flush();
    expect(store.approximateNumEntries()).toBe(2); // a, b
    expect([store.get(b('a'))?.toString(), store.get(b('c'))]).toEqual(['2', undefined]);
    await store.close();
  });

  it('refuses a second open of the same directory with an error that says why', async () => {
    const path = join(dir, 'locked');
    const owner = new LevelDbKeyValueStore('locked', path);
    await owner.open();
    const intruder = new LevelDbKeyValueStore('locked', path);
    await expect(intruder.open()).rejects.toThrow(StoreLockedError);
    await expect(intruder.open()).rejects.toThrow(/locked by another process/);
    await owner.close();
  });
});

describe('change-logging store', () => {
  it('sends every write, tombstones included, and restores without logging', async () => {
    const sent: Array<[string, string | null]> = [];
    const store = new ChangeLoggingKeyValueStore(new InMemoryKeyValueStore('s'), {
      send: (key, value) => sent.push([key.toString(), value?.toString() ?? null]),
    });
    await store.open();
    store.put(b('a'), b('1'));
    store.put(b('a'), null);
    store.restore(b('z'), b('9'));
    expect(sent).toEqual([
      ['a', '1'],
      ['a', null],
    ]);
    expect(store.get(b('z'))?.toString()).toBe('9');
  });
});
