// TopWords: loaded by a full scan once queryable, kept current by updates, rebuilt when needed.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ConfigService } from '@nestjs/config';
import type { QueryApiConfig } from '../../src/config.js';
import { TopWords } from '../../src/counts/top-words.js';
import { InMemoryCountStore } from '../support/in-memory-count-store.js';

function topWords(store: InMemoryCountStore, capacity: number): TopWords {
  const config = { get: () => capacity } as unknown as ConfigService<QueryApiConfig, true>;
  return new TopWords(store, config);
}

describe('TopWords', () => {
  let ranking: TopWords | undefined;
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => ranking?.onApplicationShutdown());

  it('keeps the updates that arrive during the scan', async () => {
    const store = new InMemoryCountStore();
    const counts = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`word${i}`, (i % 40) + 1]));
    store.set(counts);
    ranking = topWords(store, 3);
    ranking.onApplicationBootstrap();
    expect(() => ranking!.top(3)).toThrow('the ranking is loading');

    store.finishBootstrap();
    // The in-memory scan yields between entries: these land while it runs, before and behind its position.
    await new Promise((resolve) => setImmediate(resolve));
    store.set({ word0: 500, word299: 400, zebra: 450 });
    await ranking.settled();

    expect(ranking.loaded).toBe(true);
    expect(ranking.top(3)).toEqual([
      { word: 'word0', count: 500 },
      { word: 'zebra', count: 450 },
      { word: 'word299', count: 400 },
    ]);
  });

  it('rebuilds from the store when a ranked word falls below words it did not keep', async () => {
    const store = new InMemoryCountStore();
    store.set({ a: 9, b: 8, c: 7, d: 6 });
    store.finishBootstrap();
    ranking = topWords(store, 2);
    ranking.onApplicationBootstrap();
    await ranking.settled();
    expect(store.scans).toBe(1);

    store.set({ a: 1 });
    await ranking.settled();
    expect(store.scans).toBe(2);
    expect(ranking.top(2)).toEqual([
      { word: 'b', count: 8 },
      { word: 'c', count: 7 },
    ]);
  });
});
