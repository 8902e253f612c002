// The Prometheus collector against a fake metrics source: names, labels, types and values at each scrape, one
// snapshot per scrape, series that disappear with their task, histograms from latency snapshots.
import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { zeroTaskMetrics } from '../../../src/internal/engine/contracts.js';
import { LatencyHistogram } from '../../../src/internal/runtime/instruments/latency-histogram.js';
import { registerStreamsMetrics } from '../../../src/observability/prometheus/index.js';
import type { StreamsMetrics } from '../../../src/index.js';

function latency(...durationsMs: number[]) {
  const histogram = new LatencyHistogram([1, 10]);
  for (const ms of durationsMs) histogram.record(ms);
  return histogram.snapshot();
}

const taskCounters = zeroTaskMetrics();

function metricsOf(overrides: Partial<StreamsMetrics> = {}): StreamsMetrics {
  return {
    state: 'RUNNING',
    activeTasks: ['0_0', '1_0'],
    restoringTasks: [],
    standbyTasks: ['1_1'],
    standby: { '1_1': { lag: 7, recordsApplied: 40 } },
    restore: { 'word-counts': { recordsRestored: 1200, restoresCompleted: 2, restoreTimeMs: 1500 } },
    globalStores: { totals: { bootstrapped: true, recordsApplied: 5, lag: 3 } },
    globalStoreEntries: { totals: 11 },
    tasks: {
      '0_0': { ...taskCounters, processed: 10, processLatency: latency(0.5, 2), storeEntries: {} },
      '1_0': {
        ...taskCounters,
        processed: 25,
        skipped: 3,
        deadLettered: 2,
        processingErrors: 1,
        deserializationErrors: 2,
        droppedLateRecords: 4,
        processLatency: latency(20),
        storeEntries: { 'word-counts': 42 },
      },
    },
    consumerLag: [
      { topic: 'sentences', partition: 0, lag: 5 },
      { topic: 'app-words-repartition', partition: 0, lag: 0 },
    ],
    commitLatency: latency(3, 4, 50),
    rebalances: 3,
    partitionsLost: 2,
    restoreProgress: [{ store: 'word-counts', partition: 1, restored: 100, remaining: 900, done: false }],
    transactions: { committed: 8, aborted: 1 },
    ...overrides,
  };
}

function scraped(source: { metrics(): StreamsMetrics }, prefix?: string): Registry {
  const registry = new Registry();
  registerStreamsMetrics(source, { registry, ...(prefix ? { prefix } : {}) });
  return registry;
}

const line = (text: string, series: string): string | undefined =>
  text.split('\n').find((l) => l.startsWith(`${series} `));

describe('registerStreamsMetrics', () => {
  it('exports state, tasks, lag, restores, standbys, stores, rebalances, lost partitions and transactions', async () => {
    const text = await scraped({ metrics: () => metricsOf() }).metrics();
    const expected: Record<string, number> = {
      'kafka_streams_state{state="RUNNING"}': 1,
      'kafka_streams_state{state="REBALANCING"}': 0,
      kafka_streams_active_tasks: 2,
      kafka_streams_restoring_tasks: 0,
      kafka_streams_standby_tasks: 1,
      'kafka_streams_records_processed_total{task="0_0"}': 10,
      'kafka_streams_records_processed_total{task="1_0"}': 25,
      'kafka_streams_records_skipped_total{task="1_0"}': 3,
      'kafka_streams_dead_lettered_records_total{task="1_0"}': 2,
      'kafka_streams_late_records_dropped_total{task="1_0"}': 4,
      'kafka_streams_errors_total{task="1_0",kind="deserialization"}': 2,
      'kafka_streams_errors_total{task="1_0",kind="processing"}': 1,
      'kafka_streams_errors_total{task="1_0",kind="production"}': 0,
      'kafka_streams_consumer_lag{topic="sentences",partition="0"}': 5,
      'kafka_streams_consumer_lag{topic="app-words-repartition",partition="0"}': 0,
      'kafka_streams_store_entries{store="word-counts",task="1_0"}': 42,
      'kafka_streams_store_entries{store="totals",task="global"}': 11,
      kafka_streams_rebalances_total: 3,
      kafka_streams_partitions_lost_total: 2,
      kafka_streams_transactions_committed_total: 8,
      kafka_streams_transaction_aborts_total: 1,
      'kafka_streams_restored_records_total{store="word-counts"}': 1200,
      'kafka_streams_restores_completed_total{store="word-counts"}': 2,
      'kafka_streams_restore_seconds_total{store="word-counts"}': 1.5,
      'kafka_streams_restore_remaining_records{store="word-counts",partition="1"}': 900,
      'kafka_streams_standby_lag{task="1_1"}': 7,
      'kafka_streams_standby_records_applied_total{task="1_1"}': 40,
      'kafka_streams_global_store_lag{store="totals"}': 3,
      'kafka_streams_global_store_bootstrapped{store="totals"}': 1,
    };
    for (const [series, value] of Object.entries(expected))
      expect([series, line(text, series)]).toEqual([series, `${series} ${value}`]);
    expect(text).toContain('# TYPE kafka_streams_records_processed_total counter');
    expect(text).toContain('# TYPE kafka_streams_consumer_lag gauge');
  });

  it('exports latency snapshots as histograms in seconds', async () => {
    const registry = scraped({ metrics: () => metricsOf() });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE kafka_streams_process_latency_seconds histogram');
    expect(text).toContain('kafka_streams_process_latency_seconds_bucket{le="0.001",task="0_0"} 1');
    expect(text).toContain('kafka_streams_process_latency_seconds_bucket{le="0.01",task="0_0"} 2');
    expect(text).toContain('kafka_streams_process_latency_seconds_bucket{le="+Inf",task="0_0"} 2');
    expect(text).toContain('kafka_streams_process_latency_seconds_sum{task="0_0"} 0.0025');
    expect(text).toContain('kafka_streams_process_latency_seconds_count{task="1_0"} 1');
    expect(text).toContain('kafka_streams_process_latency_seconds_bucket{le="0.01",task="1_0"} 0');
    expect(text).toContain('# TYPE kafka_streams_commit_latency_seconds histogram');
    expect(text).toContain('kafka_streams_commit_latency_seconds_bucket{le="0.01"} 2');
    expect(text).toContain('kafka_streams_commit_latency_seconds_count 3');
    expect(text).toContain('kafka_streams_commit_latency_seconds_sum 0.057');

    const json = await registry.getMetricsAsJSON();
    const commit = json.find((m) => m.name === 'kafka_streams_commit_latency_seconds');
    expect(commit?.values).toContainEqual({
      metricName: 'kafka_streams_commit_latency_seconds_count',
      labels: {},
      value: 3,
    });
  });

  it('reads one snapshot per scrape, and drops the series of tasks and partitions no longer held', async () => {
    let current = metricsOf();
    let reads = 0;
    const registry = scraped({
      metrics: () => {
        reads++;
        return current;
      },
    });
    await registry.metrics();
    expect(reads).toBe(1);

    current = metricsOf({
      state: 'REBALANCING',
      tasks: { '1_0': current.tasks['1_0']! },
      consumerLag: [{ topic: 'sentences', partition: 0, lag: 0 }],
      restoreProgress: [],
    });
    const text = await registry.metrics();
    expect(reads).toBe(2);
    expect(text).not.toContain('task="0_0"');
    expect(text).not.toContain('app-words-repartition');
    expect(text).not.toContain('kafka_streams_restore_remaining_records{');
    expect(line(text, 'kafka_streams_state{state="REBALANCING"}')).toBe('kafka_streams_state{state="REBALANCING"} 1');
    expect(line(text, 'kafka_streams_consumer_lag{topic="sentences",partition="0"}')).toMatch(/ 0$/);
  });

  it('takes another prefix, and refuses a second registration of the same names in one registry', () => {
    const registry = scraped({ metrics: () => metricsOf() }, 'wc_');
    expect(registry.getSingleMetric('wc_records_processed_total')).toBeDefined();
    expect(() => registerStreamsMetrics({ metrics: () => metricsOf() }, { registry, prefix: 'wc_' })).toThrow(
      /already been registered/,
    );
  });
});
