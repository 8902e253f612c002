import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Stores, type StoreContext } from '../../../src/index.js';
import type { Serde } from '../../../src/serde/serde.js';

const utf8: Serde<string> = {
  name: 'String',
  serialize: (_t, data) => Buffer.from(data, 'utf8'),
  deserialize: (_t, data) => (data === null ? '' : data.toString('utf8')),
};
const int: Serde<number> = {
  name: 'Int32',
  serialize: (_t, data) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(data);
    return b;
  },
  deserialize: (_t, data) => (data === null ? 0 : data.readInt32BE()),
};

let dir: string;
let logged: Array<[string, string | null]>;
let context: StoreContext;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'store-builders-'));
  logged = [];
  context = {
    taskDirectory: dir,
    changelog: { send: (k, v) => logged.push([k.toString('hex'), v?.toString('hex') ?? null]) },
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Stores', () => {
  it('builds a persistent, logged, typed key-value store under the task directory', async () => {
    const builder = Stores.keyValueStoreBuilder('counts', utf8, int);
    expect([builder.kind, builder.persistent, builder.loggingEnabled]).toEqual(['key-value', true, true]);
    expect(builder.changelogConfig).toEqual({ 'cleanup.policy': 'compact' });
    const { store, restore } = builder.build(context);
    await store.open();
    store.put('kafka', 3);
    expect(store.get('kafka')).toBe(3);
    expect(logged).toEqual([[Buffer.from('kafka').toString('hex'), '00000003']]);
    restore(Buffer.from('streams'), Buffer.from([0, 0, 0, 7]));
    expect(store.get('streams')).toBe(7);
    expect(logged).toHaveLength(1);
    await store.close();

    const reopened = Stores.keyValueStoreBuilder('counts', utf8, int).build(context).store;
    await reopened.open();
    expect(reopened.get('kafka')).toBe(3);
    await reopened.close();
  });

  it('logs nothing when logging is disabled, and keeps in-memory stores off disk', async () => {
    const { store } = Stores.keyValueStoreBuilder('scratch', utf8, int, { persistent: false })
      .withLoggingDisabled()
      .build(context);
    await store.open();
    store.put('a', 1);
    expect(logged).toEqual([]);
    expect(store.persistent).toBe(false);
  });

  it('builds window stores whose windows carry their end', async () => {
    const { store } = Stores.windowStoreBuilder('win', utf8, int, { windowSizeMs: 100, retentionMs: 1_000 }).build(
      context,
    );
    await store.open();
    store.put('a', 1, 0);
    store.put('a', 2, 100);
    expect(store.fetchRange('a', 0, 100)).toEqual([
      { windowStartMs: 0, value: 1 },
      { windowStartMs: 100, value: 2 },
    ]);
    expect(store.all()[1]).toEqual({ key: { key: 'a', window: { startMs: 100, endMs: 200 } }, value: 2 });
    expect(logged).toHaveLength(2);
    await store.close();
  });

  it('iterates window stores by time or by key, typed', async () => {
    const { store } = Stores.windowStoreBuilder('win', utf8, int, { windowSizeMs: 100, retentionMs: 1_000 }).build(
      context,
    );
    await store.open();
    store.put('b', 1, 0);
    store.put('a', 2, 100);
    store.put('a', 3, 0);
    const label = ({ key, value }: { key: { key: string; window: { startMs: number } }; value: number }) =>
      `${key.key}@${key.window.startMs}=${value}`;
    expect([...store.iterateByTime(0, 100)].map(label)).toEqual(['a@0=3', 'b@0=1', 'a@100=2']);
    expect([...store.iterateAll(0, 100)].map(label)).toEqual(['a@0=3', 'a@100=2', 'b@0=1']);
    const early = store.iterateByTime(100, 100);
    expect(early.next().value).toEqual({ key: { key: 'a', window: { startMs: 100, endMs: 200 } }, value: 2 });
    early.close();
    await store.close();
  });

  it('iterates session stores by end or by key, typed', async () => {
    const { store } = Stores.sessionStoreBuilder('sess', utf8, int, { retentionMs: 1_000 }).build(context);
    await store.open();
    store.put({ key: 'v', window: { startMs: 0, endMs: 5 } }, 1);
    store.put({ key: 'u', window: { startMs: 10, endMs: 20 } }, 2);
    store.put({ key: 'u', window: { startMs: 0, endMs: 3 } }, 3);
    const label = ({ key, value }: { key: { key: string; window: { endMs: number } }; value: number }) =>
      `${key.key}..${key.window.endMs}=${value}`;
    expect([...store.iterateByEnd(0, 10)].map(label)).toEqual(['u..3=3', 'v..5=1']);
    expect([...store.iterateAll()].map(label)).toEqual(['u..3=3', 'u..20=2', 'v..5=1']);
    await store.close();
  });

  it('builds session stores', async () => {
    const { store } = Stores.sessionStoreBuilder('sess', utf8, int, { retentionMs: 1_000 }).build(context);
    await store.open();
    store.put({ key: 'u', window: { startMs: 10, endMs: 20 } }, 2);
    expect(store.findSessions('u', 15, 30)).toEqual([
      { key: { key: 'u', window: { startMs: 10, endMs: 20 } }, value: 2 },
    ]);
    store.remove({ key: 'u', window: { startMs: 10, endMs: 20 } });
    expect(store.fetch('u')).toEqual([]);
    await store.close();
  });
});
