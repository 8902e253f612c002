import { Injectable, Optional } from '@nestjs/common';
import { KafkaStreams, type KafkaStreamsState, type StoreRestoreMetrics } from '@streamkit/kafka-streams';
import { Gauge, Registry } from 'prom-client';

const STATES: ReadonlyArray<KafkaStreamsState> = [
  'CREATED',
  'REBALANCING',
  'RUNNING',
  'PENDING_SHUTDOWN',
  'NOT_RUNNING',
  'PENDING_ERROR',
  'ERROR',
];

/**
 * The streams app's state, tasks and restore progress in `/metrics`, read from `streams.metrics()` at
 * each scrape. Registered when MetricsModule is imported.
 */
@Injectable()
export class KafkaStreamsMetrics {
  constructor(streams: KafkaStreams, @Optional() registry?: Registry) {
    if (!registry) return;
    const registers = [registry];
    new Gauge({
      name: 'kafka_streams_state',
      help: 'Current state of the streams app: 1 for the state it is in, 0 for the others',
      labelNames: ['state'],
      registers,
      collect() {
        for (const state of STATES) this.set({ state }, streams.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'kafka_streams_active_tasks',
      help: 'Tasks this instance runs',
      registers,
      collect() {
        this.set(streams.activeTasks().length);
      },
    });
    new Gauge({
      name: 'kafka_streams_restoring_tasks',
      help: 'Tasks this instance restores before it runs them',
      registers,
      collect() {
        this.set(streams.restoringTasks().length);
      },
    });
    // Running totals kept by the runtime, exported as they are (gauges: prom-client counters cannot be set).
    const restoreGauge = (name: string, help: string, read: (metrics: StoreRestoreMetrics) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['store'],
        registers,
        collect() {
          for (const [store, metrics] of Object.entries(streams.metrics().restore)) this.set({ store }, read(metrics));
        },
      });
    restoreGauge(
      'kafka_streams_restored_records',
      'Changelog records applied to a store since start',
      (m) => m.recordsRestored,
    );
    restoreGauge(
      'kafka_streams_restores_completed',
      'Changelog partitions restored since start',
      (m) => m.restoresCompleted,
    );
    restoreGauge(
      'kafka_streams_restore_seconds',
      'Time spent restoring a store since start, summed over partitions',
      (m) => m.restoreTimeMs / 1000,
    );
  }
}
