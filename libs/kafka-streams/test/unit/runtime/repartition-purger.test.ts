// The repartition purge: only repartition partitions, only committed offsets, at most once per interval, one
// DeleteRecords at a time; a failed one is retried with newer offsets by the next.
import { describe, expect, it } from '@jest/globals';
import type { TopicPartitionOffset } from '../../../src/internal/client/types.js';
import { RepartitionPurger } from '../../../src/internal/runtime/repartition-purger.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const at = (topic: string, partition: number, offset: bigint): TopicPartitionOffset => ({ topic, partition, offset });

function purger(intervalMs: number, deleteRecords: (before: ReadonlyArray<TopicPartitionOffset>) => Promise<void>) {
  return new RepartitionPurger({
    repartitionTopics: new Set(['app-by-word-repartition']),
    intervalMs,
    deleteRecords,
    logger: new RecordingLogger(),
  });
}

describe('RepartitionPurger', () => {
  it('deletes up to the newest committed offsets of repartition partitions once the interval elapsed', async () => {
    const calls: TopicPartitionOffset[][] = [];
    const start = Date.now();
    const purge = purger(30_000, async (before) => void calls.push([...before]));
    purge.onCommitted([at('app-by-word-repartition', 0, 5n), at('input', 0, 9n)], start + 1_000);
    purge.onCommitted([at('app-by-word-repartition', 0, 8n), at('app-by-word-repartition', 1, 3n)], start + 2_000);
    expect(calls).toEqual([]);
    purge.onCommitted([], start + 31_000);
    await purge.idle();
    expect(calls).toEqual([[at('app-by-word-repartition', 0, 8n), at('app-by-word-repartition', 1, 3n)]]);
    purge.onCommitted([at('app-by-word-repartition', 0, 9n)], start + 32_000);
    await purge.idle();
    expect(calls).toHaveLength(1);
  });

  it('sends one DeleteRecords at a time; after a failure the next purge sends newer offsets', async () => {
    const calls: TopicPartitionOffset[][] = [];
    let fail = true;
    let release: () => void = () => undefined;
    const purge = purger(0, (before) => {
      calls.push([...before]);
      return new Promise<void>((resolve, reject) => {
        release = () => (fail ? reject(new Error('not the leader')) : resolve());
      });
    });
    purge.onCommitted([at('app-by-word-repartition', 0, 5n)]);
    purge.onCommitted([at('app-by-word-repartition', 0, 7n)]); // in flight: waits
    expect(calls).toHaveLength(1);
    release();
    await purge.idle();
    fail = false;
    purge.onCommitted([at('app-by-word-repartition', 0, 9n)]);
    release();
    await purge.idle();
    expect(calls).toEqual([[at('app-by-word-repartition', 0, 5n)], [at('app-by-word-repartition', 0, 9n)]]);
  });
});
