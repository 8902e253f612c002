// The figures the runtime gathers for metrics(): latency buckets, restore progress, consumer lag.
import { describe, expect, it } from '@jest/globals';
import { ConsumerLag } from '../../../src/internal/runtime/instruments/consumer-lag.js';
import { LatencyHistogram } from '../../../src/internal/runtime/instruments/latency-histogram.js';
import { RestoreProgress } from '../../../src/internal/runtime/instruments/restore-progress.js';
import { silentLogger } from '../../../src/runtime/logger.js';

describe('LatencyHistogram', () => {
  it('counts durations into cumulative buckets, bounds included, with their sum', async () => {
    const histogram = new LatencyHistogram([1, 5]);
    for (const ms of [0.2, 1, 1.5, 5, 9]) histogram.record(ms);
    expect(histogram.snapshot()).toEqual({
      count: 5,
      sumMs: 16.7,
      buckets: [
        { leMs: 1, count: 2 },
        { leMs: 5, count: 4 },
        { leMs: Number.POSITIVE_INFINITY, count: 5 },
      ],
    });
    await expect(histogram.time(() => Promise.reject(new Error('commit failed')))).rejects.toThrow('commit failed');
    expect(histogram.snapshot().count).toBe(6);
  });

  it('refuses bounds that are not increasing positive numbers', () => {
    for (const bounds of [
      [1, 1],
      [0, 2],
      [5, 2],
      [1, Number.POSITIVE_INFINITY],
    ]) {
      expect(() => new LatencyHistogram(bounds)).toThrow('bounds must be finite, positive and increasing');
    }
  });
});

describe('RestoreProgress', () => {
  it('tells restored and remaining records per store partition until each restore ends', () => {
    const progress = new RestoreProgress();
    progress.onRestoreStart('counts', 0, 100n, 1100n);
    progress.onRestoreStart('counts', 1, 0n, 50n);
    progress.onBatchRestored('counts', 0, 599n, 500);
    expect(progress.snapshot(() => true)).toEqual([
      { store: 'counts', partition: 0, restored: 500, remaining: 500, done: false },
      { store: 'counts', partition: 1, restored: 0, remaining: 50, done: false },
    ]);
    // Compaction or transaction markers can leave the last applied record short of the end.
    progress.onBatchRestored('counts', 0, 1090n, 480);
    progress.onRestoreEnd('counts', 0, 980);
    expect(progress.snapshot(() => true)[0]).toEqual({
      store: 'counts',
      partition: 0,
      restored: 980,
      remaining: 0,
      done: true,
    });
  });

  it('forgets a restore that stopped unfinished, and starts over when a partition is restored again', () => {
    const progress = new RestoreProgress();
    progress.onRestoreStart('counts', 0, 0n, 10n);
    progress.onRestoreEnd('counts', 0, 10);
    progress.onRestoreStart('counts', 1, 0n, 10n);
    expect(progress.snapshot((_store, partition) => partition !== 1)).toEqual([
      { store: 'counts', partition: 0, restored: 10, remaining: 0, done: true },
    ]);
    progress.onRestoreStart('counts', 0, 10n, 30n);
    expect(progress.snapshot(() => true)).toEqual([
      { store: 'counts', partition: 0, restored: 0, remaining: 20, done: false },
    ]);
  });
});

describe('ConsumerLag', () => {
  it('is the end offset minus the next offset to fetch, per assigned partition', () => {
    const lag = new ConsumerLag();
    lag.onBatchHandled({ topic: 'in', partition: 0, nextOffset: 40n, highWatermark: 100n });
    lag.onBatchHandled({ topic: 'in', partition: 1, nextOffset: 7n, highWatermark: 7n });
    lag.onBatchHandled({ topic: 'in', partition: 0, nextOffset: 100n, highWatermark: 100n });
    expect(lag.snapshot()).toEqual([
      { topic: 'in', partition: 0, lag: 0 },
      { topic: 'in', partition: 1, lag: 0 },
    ]);
    lag.onBatchHandled({ topic: 'in', partition: 1, nextOffset: 7n, highWatermark: 12n });
    lag.onAssigned([{ topic: 'in', partition: 1 }]);
    expect(lag.snapshot()).toEqual([{ topic: 'in', partition: 1, lag: 5 }]);
  });

  it('estimates partitions assigned without a fetch from the committed offsets, never over a fetched figure', async () => {
    const lag = new ConsumerLag();
    const partitions = [0, 1, 2, 3].map((partition) => ({ topic: 'in', partition }));
    lag.onAssigned(partitions.slice(0, 3));
    lag.onBatchHandled({ topic: 'in', partition: 0, nextOffset: 90n, highWatermark: 100n });
    const admin = {
      offsetRange: async () =>
        new Map(partitions.map((p) => [`in:${p.partition}`, { earliest: 5n, end: 100n + BigInt(p.partition) }])),
      committedOffsets: async () => [{ topic: 'in', partition: 1, offset: 60n }],
    };
    await lag.estimate(partitions, admin, 'app', silentLogger);
    expect(lag.snapshot()).toEqual([
      { topic: 'in', partition: 0, lag: 10 },
      { topic: 'in', partition: 1, lag: 41 },
      // Nothing committed: from the earliest offset.
      { topic: 'in', partition: 2, lag: 97 },
    ]);

    const debug: string[] = [];
    const failing = { ...admin, committedOffsets: () => Promise.reject(new Error('coordinator not available')) };
    lag.onAssigned(partitions);
    await lag.estimate(partitions, failing, 'app', { ...silentLogger, debug: (message) => debug.push(message) });
    expect(lag.snapshot()).toHaveLength(3);
    expect(debug).toEqual(['could not read offsets to estimate consumer lag']);
  });
});
