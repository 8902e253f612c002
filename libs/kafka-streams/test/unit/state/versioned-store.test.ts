// The versioned store on disk and in memory: put return codes, as-of reads, retention, reopening, segments
// dropped whole, changelog records carrying each version's timestamp and restores replaying them.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  PUT_RETURN_CODE_NOT_PUT,
  PUT_RETURN_CODE_VALID_TO_UNDEFINED,
  Serdes,
  Stores,
  type StoreContext,
} from '../../../src/index.js';

let dir: string;
let logged: Array<[string, string | null, number | undefined]>;
let context: StoreContext;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'versioned-store-'));
  logged = [];
  context = {
    taskDirectory: dir,
    changelog: { send: (k, v, t) => logged.push([k.toString(), v?.toString() ?? null, t]) },
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const builder = (persistent: boolean, retentionMs = 100, segmentIntervalMs = 10) =>
  Stores.versionedKeyValueStoreBuilder(
    Stores.persistentVersionedKeyValueStore('prices', retentionMs, segmentIntervalMs),
    Serdes.String(),
    Serdes.String(),
    { persistent },
  );

describe.each([true, false])('versioned store (persistent: %s)', (persistent) => {
  it('answers puts with the validTo of the version put, and reads as of any time', async () => {
    const { store } = builder(persistent).build(context);
    await store.open();
    expect(store.put('A', 'a10', 10)).toBe(PUT_RETURN_CODE_VALID_TO_UNDEFINED);
    expect(store.put('A', 'a30', 30)).toBe(PUT_RETURN_CODE_VALID_TO_UNDEFINED);
    expect(store.put('A', 'a20', 20)).toBe(30);
    expect(store.put('A', 'a5', 5)).toBe(10);
    expect(store.put('A', 'a20x', 20)).toBe(30);
    expect(store.put('A', null, 25)).toBe(30);
    const at = (t: number) => store.get('A', t)?.value;
    expect([4, 5, 9, 10, 19, 20, 24, 25, 29, 30, 1000].map(at)).toEqual([
      undefined,
      'a5',
      'a5',
      'a10',
      'a10',
      'a20x',
      'a20x',
      undefined,
      undefined,
      'a30',
      'a30',
    ]);
    expect(store.get('A')).toEqual({ value: 'a30', timestamp: 30, validTo: undefined });
    expect(store.delete('A', 22)).toEqual({ value: 'a20x', timestamp: 20, validTo: undefined });
    expect(at(22)).toBeUndefined();
    expect(at(21)).toBe('a20x');
    await store.close();
  });

  it('refuses puts and deletes older than the history retention, and reads only the latest before it', async () => {
    const { store } = builder(persistent).build(context);
    await store.open();
    store.put('A', 'a0', 0);
    store.put('A', 'a50', 50);
    store.put('B', 'b200', 200);
    expect(store.put('A', 'late', 99)).toBe(PUT_RETURN_CODE_NOT_PUT);
    expect(store.delete('A', 99)).toBeUndefined();
    expect(store.put('A', 'edge', 100)).toBe(PUT_RETURN_CODE_VALID_TO_UNDEFINED);
    expect(store.get('A', 60)).toBeUndefined(); // a50 was valid then, but 60 is past the retention
    expect(store.get('B', 99)).toBeUndefined();
    expect(store.get('B', 250)?.value).toBe('b200');
    expect(logged.map(([k, v, t]) => `${k}=${v}@${t}`)).toEqual(['A=a0@0', 'A=a50@50', 'B=b200@200', 'A=edge@100']);
    await store.close();
  });
});

describe('persistent versioned store', () => {
  it('reopens with its versions and its stream time, and drops history segments whole', async () => {
    const first = builder(true).build(context).store;
    await first.open();
    for (let t = 0; t <= 50; t += 5) first.put('A', `a${t}`, t);
    await first.flush();
    await first.close();
    const historySegments = async () =>
      (await readdir(join(dir, 'prices', 'history'))).filter((f) => /^segment-\d+\.db$/.test(f)).length;
    expect(await historySegments()).toBeGreaterThan(3);

    const second = builder(true).build(context).store;
    await second.open();
    expect(second.get('A', 12)?.value).toBe('a10');
    expect(second.get('A')?.value).toBe('a50');
    // The stream time (50) came back with the store: 50 - 100 < 0, so an old put is still accepted...
    expect(second.put('A', 'a1', 1)).toBe(5);
    // ...and once stream time moves on, old versions expire and their segments go.
    second.put('B', 'b500', 500);
    expect(second.put('A', 'a2', 2)).toBe(PUT_RETURN_CODE_NOT_PUT);
    second.put('A', 'a450', 450);
    await second.flush();
    expect(await historySegments()).toBe(1);
    expect(second.get('A', 449)?.value).toBe('a50'); // valid [50, 450), within the retention (500 - 100)
    expect(second.get('A', 399)).toBeUndefined();
    expect(second.get('A', 450)?.value).toBe('a450');
    await second.close();
  });

  it('is rebuilt from its changelog records (key, value, version timestamp)', async () => {
    const source = builder(false).build(context).store;
    await source.open();
    source.put('A', 'a10', 10);
    source.put('A', 'a30', 30);
    source.put('A', 'a20', 20);
    source.put('A', null, 40);
    const { store, restore } = builder(true)
      .withLoggingDisabled()
      .build({ ...context, taskDirectory: join(dir, 'r') });
    await store.open();
    for (const [k, v, t] of logged) restore(Buffer.from(k), v === null ? null : Buffer.from(v), t);
    expect([10, 20, 30, 40].map((t) => store.get('A', t)?.value)).toEqual(['a10', 'a20', 'a30', undefined]);
    expect(() => restore(Buffer.from('A'), null)).toThrow(/without a timestamp/);
    await store.close();
  });
});
