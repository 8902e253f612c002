// A prom-client histogram whose series are the runtime's own latency snapshots, read at each scrape. The runtime
// counts durations into fixed buckets itself (cheap enough for every record, and no prom-client call in the
// processing path); prom-client offers no way to set a histogram from counted buckets, so this one builds its
// exported values from the snapshots instead of from `observe` calls.
import { Histogram, type LabelValues, type OpenMetricsContentType, type Registry } from 'prom-client';
import type { LatencySnapshot } from '../../runtime/metrics.js';

type ExportedMetric = Awaited<ReturnType<Histogram['get']>>;
type ExportedValue = ExportedMetric['values'][number];

export interface SnapshotHistogramConfiguration<T extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: ReadonlyArray<T>;
  readonly registry: Registry | Registry<OpenMetricsContentType>;
  /** The series to export at a scrape: their labels and their snapshot, in milliseconds. */
  readonly read: () => Iterable<readonly [LabelValues<T>, LatencySnapshot]>;
}

export class SnapshotHistogram<T extends string> extends Histogram<T> {
  private readonly metricName: string;
  /** An unregistered, never observed twin: its export is this one's without values (name, help, type...). */
  private readonly empty: Histogram<T>;
  private readonly read: () => Iterable<readonly [LabelValues<T>, LatencySnapshot]>;

  constructor({ name, help, labelNames, registry, read }: SnapshotHistogramConfiguration<T>) {
    super({ name, help, labelNames: [...labelNames], registers: [registry] });
    this.metricName = name;
    this.empty = new Histogram({ name, help, labelNames: [...labelNames], registers: [] });
    this.read = read;
  }

  /** The JSON form (`registry.getMetricsAsJSON()`). */
  override async get(): Promise<ExportedMetric> {
    return this.getForPromString();
  }

  /** The text form: what `registry.metrics()` reads from histograms. */
  async getForPromString(): Promise<ExportedMetric> {
    const values: ExportedValue[] = [];
    for (const [labels, snapshot] of this.read()) {
      for (const { leMs, count } of snapshot.buckets) {
        const le = leMs === Number.POSITIVE_INFINITY ? '+Inf' : leMs / 1000;
        values.push({ metricName: `${this.metricName}_bucket`, labels: { le, ...labels }, value: count });
      }
      values.push({ metricName: `${this.metricName}_sum`, labels, value: snapshot.sumMs / 1000 });
      values.push({ metricName: `${this.metricName}_count`, labels, value: snapshot.count });
    }
    return { ...(await this.empty.get()), values };
  }
}
