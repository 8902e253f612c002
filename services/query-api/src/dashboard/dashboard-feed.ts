import { Injectable, type MessageEvent, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WORD_COUNTS_STORE } from '@streamkit/contracts';
import { serviceUnavailable } from '@streamkit/nest';
import { map, type Observable, ReplaySubject, startWith, Subject, type Subscription, takeUntil } from 'rxjs';
import type { QueryApiConfig } from '../config.js';
import { CountStore } from '../counts/count-store.js';
import { RECONNECT_DELAY_MS } from '../updates/updates-feed.js';
import { DeadLetterSource, type DeadLettersView } from './dead-letters.js';
import { InstanceDirectory, type InstanceView } from './instance-directory.js';
import { ThroughputMeter, type ThroughputPoint } from './throughput-meter.js';
import { WordCountClient } from './word-count-client.js';
import type { TopologyLayout } from './word-count-reports.js';

/** How much throughput history the chart gets. */
export const HISTORY_MS = 5 * 60_000;
/** How long an instance no member names any more stays on the dashboard (as unreachable). */
export const FORGET_INSTANCE_AFTER_MS = 60_000;

/** Everything the dashboard's live panels show, as of `at`. */
export interface DashboardSnapshot {
  readonly at: string;
  readonly intervalMs: number;
  readonly instances: ReadonlyArray<InstanceView>;
  /** The full history in GET /dashboard and a stream's first event, the new point only in the later events. */
  readonly throughput: { readonly historyMs: number; readonly points: ReadonlyArray<ThroughputPoint> };
  readonly deadLetters: DeadLettersView;
}

/**
 * Asks word-count's instances every DASHBOARD_INTERVAL_MS (one round at a time), measures throughput and latency,
 * reads the dead letters, and hands each round to the dashboard's event streams. Runs whether or not anyone
 * watches, so the chart has its history when a page opens.
 */
@Injectable()
export class DashboardFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly intervalMs: number;
  private readonly directory: InstanceDirectory;
  private readonly meter = new ThroughputMeter(HISTORY_MS);
  private readonly rounds = new Subject<DashboardSnapshot>();
  private readonly stopping = new ReplaySubject<void>(1);
  private readonly stop = new AbortController();
  private latest: DashboardSnapshot;
  private layout: TopologyLayout | undefined;
  private timing: Subscription | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: CountStore,
    private readonly deadLetters: DeadLetterSource,
    private readonly wordCount: WordCountClient,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    this.intervalMs = config.get('DASHBOARD_INTERVAL_MS', { infer: true });
    this.directory = new InstanceDirectory(config.get('WORD_COUNT_URLS', { infer: true }), FORGET_INSTANCE_AFTER_MS);
    this.latest = this.snapshot([], []);
  }

  onApplicationBootstrap(): void {
    this.timing = this.store.updateTimestamps.subscribe((timestamp) => this.meter.recordChange(timestamp, Date.now()));
    this.running = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.next();
    this.stop.abort();
    this.timing?.unsubscribe();
    await this.running;
  }

  /** The panels' data now, with the whole throughput history. */
  current(): DashboardSnapshot {
    return { ...this.latest, throughput: { historyMs: HISTORY_MS, points: this.meter.points() } };
  }

  /** The topology as word-count describes it; 503 until an instance has answered. */
  async topology(): Promise<TopologyLayout> {
    if (this.layout) return this.layout;
    for (const instance of this.latest.instances.filter(({ status }) => status === 'up')) {
      try {
        return (this.layout = await this.wordCount.topology(instance.url));
      } catch {
        // try the next one
      }
    }
    throw serviceUnavailable('word-count-unavailable', 'No word-count instance answers: the topology is not known yet');
  }

  /** A client's stream: the current data with its history first, then each round's with its new point. */
  events(): Observable<MessageEvent> {
    return this.rounds.pipe(
      map((snapshot): MessageEvent => ({ type: 'dashboard', data: snapshot })),
      startWith<MessageEvent>({ type: 'dashboard', data: this.current(), retry: RECONNECT_DELAY_MS }),
      takeUntil(this.stopping),
    );
  }

  private async run(): Promise<void> {
    while (!this.stop.signal.aborted) {
      await this.round();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.intervalMs);
        this.stop.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  private async round(): Promise<void> {
    const answers = await Promise.all(this.directory.targets().map((url) => this.wordCount.instance(url)));
    const instances = this.directory.observe(answers, Date.now());
    if (!this.layout && instances.some(({ status }) => status === 'up')) await this.topology().catch(() => undefined);
    const countingSubtopology = this.layout?.subtopologies.find(({ stores }) =>
      stores.includes(WORD_COUNTS_STORE.name),
    )?.id;
    const point = this.meter.tick(Date.now(), instances, countingSubtopology);
    this.latest = this.snapshot(instances, [point]);
    this.rounds.next(this.latest);
  }

  private snapshot(instances: ReadonlyArray<InstanceView>, points: ReadonlyArray<ThroughputPoint>): DashboardSnapshot {
    return {
      at: new Date().toISOString(),
      intervalMs: this.intervalMs,
      instances,
      throughput: { historyMs: HISTORY_MS, points },
      deadLetters: this.deadLetters.view(),
    };
  }
}
