// The streams library's metrics in /metrics.
import { describe, expect, it } from '@jest/globals';
import type { KafkaStreams, LatencySnapshot, StreamsMetrics } from '@streamkit/kafka-streams';
import { Registry } from 'prom-client';
import { KafkaStreamsMetrics } from '../../src/index.js';

describe('KafkaStreamsMetrics', () => {
  it("registers the library's metrics, read from streams.metrics() at each scrape", async () => {
    const idle: LatencySnapshot = { count: 0, sumMs: 0, buckets: [{ leMs: Number.POSITIVE_INFINITY, count: 0 }] };
    const snapshot: StreamsMetrics = {
      state: 'REBALANCING',
      activeTasks: ['0_0', '1_0', '1_1'],
      restoringTasks: ['1_1'],
      standbyTasks: [],
      standby: {},
      restore: { 'word-counts': { recordsRestored: 1200, restoresCompleted: 2, restoreTimeMs: 1500 } },
      globalStores: {},
      globalStoreEntries: {},
      tasks: {},
      consumerLag: [{ topic: 'sentences', partition: 0, lag: 12 }],
      commitLatency: idle,
      rebalances: 2,
      partitionsLost: 0,
      restoreProgress: [],
      transactions: { committed: 0, aborted: 0 },
    };
    const registry = new Registry();
    new KafkaStreamsMetrics({ metrics: () => snapshot } as unknown as KafkaStreams, registry);

    const text = await registry.metrics();
    expect(text).toContain('kafka_streams_state{state="REBALANCING"} 1');
    expect(text).toContain('kafka_streams_state{state="RUNNING"} 0');
    expect(text).toMatch(/^kafka_streams_active_tasks 3$/m);
    expect(text).toMatch(/^kafka_streams_restoring_tasks 1$/m);
    expect(text).toContain('kafka_streams_restored_records_total{store="word-counts"} 1200');
    expect(text).toContain('kafka_streams_consumer_lag{topic="sentences",partition="0"} 12');
    expect(text).toMatch(/^kafka_streams_rebalances_total 2$/m);
  });

  it('registers nothing without a registry (no MetricsModule)', () => {
    expect(() => new KafkaStreamsMetrics({} as KafkaStreams)).not.toThrow();
  });
});
