import { Injectable, type MessageEvent, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { defer, finalize, interval, map, merge, type Observable, share, startWith, type Subscription, tap } from 'rxjs';
import type { QueryApiConfig } from '../config.js';
import { CountStore, type WordCount } from '../counts/count-store.js';
import { coalesceLatest } from './coalesce-latest.js';
import { UpdatesMetrics } from './updates.metrics.js';

/** How long an EventSource waits before reconnecting after the connection dropped. */
export const RECONNECT_DELAY_MS = 3_000;

/** The `counts` event: the latest count of every word that changed since the previous one. */
export interface CountsEvent {
  readonly words: ReadonlyArray<WordCount>;
}

/**
 * The Server-Sent Events of GET /updates. The store's changes are coalesced once for all clients (the
 * latest count per word, at most one batch per UPDATES_INTERVAL_MS), so a fast stream costs each client
 * one small event per interval however many records arrive. Each client also gets a heartbeat comment.
 */
@Injectable()
export class UpdatesFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly batches: Observable<MessageEvent>;
  private readonly heartbeatMs: number;
  private counting: Subscription | undefined;

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

  onApplicationShutdown(): void {
    this.counting?.unsubscribe();
  }

  /** One client's stream: a first comment (so clients know the stream is open), then batches and heartbeats. */
  forClient(): Observable<MessageEvent> {
    return defer(() => {
      this.metrics.clients.inc();
      const heartbeats = interval(this.heartbeatMs).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
      return merge(this.batches, heartbeats).pipe(
        startWith<MessageEvent>({ comment: 'connected', retry: RECONNECT_DELAY_MS }),
        finalize(() => this.metrics.clients.dec()),
      );
    });
  }
}
