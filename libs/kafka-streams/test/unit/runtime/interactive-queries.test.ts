import { describe, expect, it } from '@jest/globals';
import { Serdes } from '../../../src/serde/serdes.js';
import { Stores } from '../../../src/state/stores.js';
import type { KeyValueStore, StateStore } from '../../../src/state/store.js';
import { queryableView, type KeyLocator } from '../../../src/internal/runtime/interactive-queries.js';

const str = Serdes.String();

async function store(entries: Record<string, string>): Promise<KeyValueStore<string, string>> {
  const built = Stores.keyValueStoreBuilder('s', str, str, { persistent: false })
    .withLoggingDisabled()
    .build({ taskDirectory: '', changelog: { send: () => undefined } });
  await built.store.open();
  for (const [key, value] of Object.entries(entries)) built.store.put(key, value);
  return built.store;
}

describe('local key-value views', () => {
  it("get reads only the located store, and nothing when the key's task runs elsewhere", async () => {
    const mine = await store({ a: 'mine-a', b: 'mine-b' });
    // A key in the wrong store (not partitioned like the input) is invisible to a located get.
    const other = await store({ b: 'other-b' });
    const asked: string[] = [];
    const locate: KeyLocator = (key) => {
      asked.push(String(key));
      return key === 'a' || key === 'b' ? mine : 'elsewhere';
    };
    const view = queryableView<string, string, 'key-value'>('key-value', () => [mine, other], locate);
    expect(view.get('a')).toBe('mine-a');
    expect(view.get('b')).toBe('mine-b');
    expect(view.get('z')).toBeUndefined();
    expect(asked).toEqual(['a', 'b', 'z']);
    expect(view.approximateNumEntries()).toBe(3);
    const all: string[] = [];
    for await (const { key, value } of view.all()) all.push(`${key}=${value}`);
    expect(all).toEqual(['a=mine-a', 'b=mine-b', 'b=other-b']);
  });

  it('asks every store when the partition is unknown or no locator is given', async () => {
    const stores: StateStore[] = [await store({ a: '1' }), await store({ b: '2' })];
    const unknown = queryableView<string, string, 'key-value'>(
      'key-value',
      () => stores,
      () => undefined,
    );
    const unlocated = queryableView<string, string, 'key-value'>('key-value', () => stores);
    for (const view of [unknown, unlocated]) {
      expect(view.get('a')).toBe('1');
      expect(view.get('b')).toBe('2');
      expect(view.get('c')).toBeUndefined();
    }
  });
});
