// The streams app's metrics in a prom-client registry: every series is read from `streams.metrics()` when the
// registry is scraped (one snapshot per scrape), so nothing in the processing path calls prom-client. Running totals
// are exported as counters; series of tasks, partitions and stores this instance no longer holds disappear.
import { Counter, Gauge, type LabelValues, type OpenMetricsContentType, type Registry } from 'prom-client';
import type { StreamsMetrics } from '../../runtime/metrics.js';
import type { KafkaStreamsState } from '../../runtime/states.js';
import { SnapshotHistogram } from './snapshot-histogram.js';

/** Where the metrics come from: a KafkaStreams, or anything reporting the same figures. */
export interface StreamsMetricsSource {
  metrics(): StreamsMetrics;
}

export interface StreamsMetricsOptions {
  readonly registry: Registry | Registry<OpenMetricsContentType>;
  /** Prepended to every metric name (default `kafka_streams_`). */
  readonly prefix?: string;
}

const STATES: ReadonlyArray<KafkaStreamsState> = [
  'CREATED',
  'REBALANCING',
  'RUNNING',
  'PENDING_SHUTDOWN',
  'NOT_RUNNING',
  'PENDING_ERROR',
  'ERROR',
];

type Series<T extends string> = Iterable<readonly [LabelValues<T>, number]>;

/** Registers the metrics of `streams` (see the library README's metric table for their names and meaning). */
export function registerStreamsMetrics(
  streams: StreamsMetricsSource,
  { registry, prefix = 'kafka_streams_' }: StreamsMetricsOptions,
): void {
  // Every metric is collected in the same synchronous pass of a scrape: they share one snapshot.
  let current: StreamsMetrics | undefined;
  const snapshot = (): StreamsMetrics => {
    if (!current) {
      current = streams.metrics();
      queueMicrotask(() => (current = undefined));
    }
    return current;
  };
  const registers = [registry];
  const gauge = <T extends string>(
    name: string,
    help: string,
    labelNames: T[],
    read: (m: StreamsMetrics) => Series<T>,
  ) =>
    new Gauge<T>({
      name: prefix + name,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        for (const [labels, value] of read(snapshot())) this.set(labels, value);
      },
    });
  const counter = <T extends string>(
    name: string,
    help: string,
    labelNames: T[],
    read: (m: StreamsMetrics) => Series<T>,
  ) =>
    new Counter<T>({
      name: prefix + name,
      help,
      labelNames,
      registers,
      // The runtime keeps the totals: the counter is set to them.
      collect() {
        this.reset();
        for (const [labels, value] of read(snapshot())) this.inc(labels, value);
      },
    });
  const perTask = (read: (task: StreamsMetrics['tasks'][string]) => number) => (m: StreamsMetrics) =>
    Object.entries(m.tasks).map(([task, metrics]) => [{ task }, read(metrics)] as const);

  gauge('state', 'The state the streams app is in: 1 for its current state, 0 for the others', ['state'], (m) =>
    STATES.map((state) => [{ state }, m.state === state ? 1 : 0] as const),
  );
  gauge('active_tasks', 'Tasks this instance runs', [], (m) => [[{}, m.activeTasks.length]]);
  gauge('restoring_tasks', 'Tasks this instance restores before it runs them', [], (m) => [
    [{}, m.restoringTasks.length],
  ]);
  gauge('standby_tasks', 'Tasks whose stores this instance keeps warm (standbys and warm-ups)', [], (m) => [
    [{}, m.standbyTasks.length],
  ]);
  gauge(
    'consumer_lag',
    'Records of an input partition the consumer has not fetched yet, as of its latest fetch',
    ['topic', 'partition'],
    (m) => m.consumerLag.map(({ topic, partition, lag }) => [{ topic, partition }, lag] as const),
  );

  counter(
    'records_processed_total',
    'Input records run through the processor graph',
    ['task'],
    perTask((t) => t.processed),
  );
  new SnapshotHistogram({
    name: `${prefix}process_latency_seconds`,
    help: 'Time to process one input record through the processor graph',
    labelNames: ['task'],
    registry,
    read: () => Object.entries(snapshot().tasks).map(([task, metrics]) => [{ task }, metrics.processLatency] as const),
  });
  counter(
    'records_skipped_total',
    'Records an error handler let go (continued or dead-lettered)',
    ['task'],
    perTask((t) => t.skipped),
  );
  counter(
    'dead_lettered_records_total',
    'Records sent to a dead-letter topic',
    ['task'],
    perTask((t) => t.deadLettered),
  );
  counter(
    'late_records_dropped_total',
    'Records a windowed operator dropped because their window had closed',
    ['task'],
    perTask((t) => t.droppedLateRecords),
  );
  counter('errors_total', 'Errors met by a task, by kind', ['task', 'kind'], (m) =>
    Object.entries(m.tasks).flatMap(([task, t]) => [
      [{ task, kind: 'deserialization' }, t.deserializationErrors] as const,
      [{ task, kind: 'processing' }, t.processingErrors] as const,
      [{ task, kind: 'production' }, t.productionErrors] as const,
    ]),
  );
  gauge(
    'store_entries',
    'Approximate entries of a state store (task "global" for global stores)',
    ['store', 'task'],
    (m) => [
      ...Object.entries(m.tasks).flatMap(([task, t]) =>
        Object.entries(t.storeEntries).map(([store, entries]) => [{ store, task }, entries] as const),
      ),
      ...Object.entries(m.globalStoreEntries).map(([store, entries]) => [{ store, task: 'global' }, entries] as const),
    ],
  );

  new SnapshotHistogram({
    name: `${prefix}commit_latency_seconds`,
    help: 'Time a commit took: flushing output and stores and committing offsets (or the transactions)',
    labelNames: [],
    registry,
    read: () => [[{}, snapshot().commitLatency]],
  });
  counter('rebalances_total', 'Rebalances this instance took part in (assignments received)', [], (m) => [
    [{}, m.rebalances],
  ]);
  counter(
    'partitions_lost_total',
    'Times the group went on without this instance (session expired): its partitions lost, its tasks closed dirty',
    [],
    (m) => [[{}, m.partitionsLost]],
  );
  counter('transactions_committed_total', 'Exactly-once transactions committed', [], (m) => [
    [{}, m.transactions.committed],
  ]);
  counter(
    'transaction_aborts_total',
    'Exactly-once transactions that did not commit (aborted on close, fenced or failed)',
    [],
    (m) => [[{}, m.transactions.aborted]],
  );

  counter('restored_records_total', 'Changelog records applied to a store while restoring', ['store'], (m) =>
    Object.entries(m.restore).map(([store, r]) => [{ store }, r.recordsRestored] as const),
  );
  counter('restores_completed_total', 'Changelog partitions of a store restored to their end', ['store'], (m) =>
    Object.entries(m.restore).map(([store, r]) => [{ store }, r.restoresCompleted] as const),
  );
  counter('restore_seconds_total', 'Time spent restoring a store, summed over its partitions', ['store'], (m) =>
    Object.entries(m.restore).map(([store, r]) => [{ store }, r.restoreTimeMs / 1000] as const),
  );
  gauge(
    'restore_remaining_records',
    'Changelog records a store partition still has to restore (0 once restored)',
    ['store', 'partition'],
    (m) => m.restoreProgress.map(({ store, partition, remaining }) => [{ store, partition }, remaining] as const),
  );

  gauge('standby_lag', 'Changelog records a standby task has not applied yet, as of its latest fetch', ['task'], (m) =>
    Object.entries(m.standby).map(([task, s]) => [{ task }, s.lag] as const),
  );
  counter('standby_records_applied_total', 'Changelog records a standby task applied', ['task'], (m) =>
    Object.entries(m.standby).map(([task, s]) => [{ task }, s.recordsApplied] as const),
  );
  gauge('global_store_lag', 'Records of a global store topic not applied yet, as of the latest fetch', ['store'], (m) =>
    Object.entries(m.globalStores).map(([store, g]) => [{ store }, g.lag] as const),
  );
  gauge(
    'global_store_bootstrapped',
    'Whether a global store caught up with its topic once (1) or not (0)',
    ['store'],
    (m) => Object.entries(m.globalStores).map(([store, g]) => [{ store }, g.bootstrapped ? 1 : 0] as const),
  );
}
