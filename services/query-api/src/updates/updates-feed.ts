import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import {
  Injectable,
  type MessageEvent,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  defer,
  finalize,
  interval,
  map,
  merge,
  type Observable,
  ReplaySubject,
  share,
  startWith,
  type Subscription,
  takeUntil,
  tap,
} from 'rxjs';
import type { QueryApiConfig } from '../config.js';
import { CountStore, type WordCount } from '../counts/count-store.js';
import { coalesceLatest } from './coalesce-latest.js';
import { UpdatesMetrics } from './updates.metrics.js';

/** How long an EventSource waits before reconnecting after the connection dropped. */
export const RECONNECT_DELAY_MS = 3_000;
/** How long shutdown waits for the ended streams' responses to be sent. */
const STREAMS_END_TIMEOUT_MS = 1_000;

/** The `counts` event: the latest count of every word that changed since the previous one. */
export interface CountsEvent {
  readonly words: ReadonlyArray<WordCount>;
}

/**
 * The Server-Sent Events of GET /updates. The store's changes are coalesced once for all clients (the
 * latest count per word, at most one batch per UPDATES_INTERVAL_MS), so a fast stream costs each client
 * one small event per interval however many records arrive. Each client also gets a heartbeat comment.
 *
 * On shutdown every stream is ended first, and shutdown waits until their responses are sent: the HTTP
 * server only closes once no response is in progress, and Nest closes the streams app (checkpointing its
 * stores) after it, so an open stream would hold both until the grace period ran out. The clients
 * reconnect after RECONNECT_DELAY_MS, to another replica.
 */
@Injectable()
export class UpdatesFeed implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly batches: Observable<MessageEvent>;
  private readonly heartbeatMs: number;
  private counting: Subscription | undefined;
  /** Replays its one value, so a client that connects during shutdown is ended too. */
  private readonly stopping = new ReplaySubject<void>(1);
  private readonly responses = new Set<ServerResponse>();

  constructor(
    private readonly store: CountStore,
    private readonly metrics: UpdatesMetrics,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    this.heartbeatMs = config.get('UPDATES_HEARTBEAT_MS', { infer: true });
    this.batches = store.updates.pipe(
      coalesceLatest((change) => change.word, config.get('UPDATES_INTERVAL_MS', { infer: true })),
      tap(() => metrics.batches.inc()),
      map((words): MessageEvent => ({ type: 'counts', data: { words } satisfies CountsEvent })),
      share(),
    );
  }

  onApplicationBootstrap(): void {
    // Counted whether or not anyone listens.
    this.counting = this.store.updates.subscribe(() => this.metrics.changes.inc());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.next();
    const sending = [...this.responses]
      .filter((response) => !response.closed)
      .map((response) => once(response, 'close'));
    await Promise.race([Promise.all(sending), delay(STREAMS_END_TIMEOUT_MS)]);
  }

  onApplicationShutdown(): void {
    this.counting?.unsubscribe();
  }

  /**
   * The stream of the client `response` goes to: a first comment (so clients know the stream is open),
   * then batches and heartbeats.
   */
  forClient(response: ServerResponse): Observable<MessageEvent> {
    return defer(() => {
      this.metrics.clients.inc();
      this.responses.add(response);
      response.once('close', () => this.responses.delete(response));
      const heartbeats = interval(this.heartbeatMs).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
      return merge(this.batches, heartbeats).pipe(
        startWith<MessageEvent>({ comment: 'connected', retry: RECONNECT_DELAY_MS }),
        takeUntil(this.stopping),
        finalize(() => this.metrics.clients.dec()),
      );
    });
  }
}
