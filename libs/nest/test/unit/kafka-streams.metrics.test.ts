// The streams app's state, tasks and restore progress in /metrics.
import { describe, expect, it } from '@jest/globals';
import type { KafkaStreams, StreamsMetrics } from '@streamkit/kafka-streams';
import { Registry } from 'prom-client';
import { KafkaStreamsMetrics } from '../../src/index.js';

describe('KafkaStreamsMetrics', () => {
  it('exports the current state, the task counts and the restore totals at each scrape', async () => {
    const snapshot: Pick<StreamsMetrics, 'state' | 'activeTasks' | 'restoringTasks' | 'restore'> = {
      state: 'REBALANCING',
      activeTasks: ['0_0', '1_0', '1_1'],
      restoringTasks: ['1_1'],
      restore: { 'word-counts': { recordsRestored: 1200, restoresCompleted: 2, restoreTimeMs: 1500 } },
    };
    const streams = {
      get state() {
        return snapshot.state;
      },
      activeTasks: () => snapshot.activeTasks,
      restoringTasks: () => snapshot.restoringTasks,
      metrics: () => snapshot,
    } as unknown as KafkaStreams;
    const registry = new Registry();
    new KafkaStreamsMetrics(streams, registry);

    const text = await registry.metrics();
    expect(text).toContain('kafka_streams_state{state="REBALANCING"} 1');
    expect(text).toContain('kafka_streams_state{state="RUNNING"} 0');
    expect(text).toMatch(/^kafka_streams_active_tasks 3$/m);
    expect(text).toMatch(/^kafka_streams_restoring_tasks 1$/m);
    expect(text).toContain('kafka_streams_restored_records{store="word-counts"} 1200');
    expect(text).toContain('kafka_streams_restores_completed{store="word-counts"} 2');
    expect(text).toContain('kafka_streams_restore_seconds{store="word-counts"} 1.5');
  });

  it('registers nothing without a registry (no MetricsModule)', () => {
    expect(() => new KafkaStreamsMetrics({} as KafkaStreams)).not.toThrow();
  });
});
