import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InvalidStateStoreError } from '@streamkit/kafka-streams';
import type { Subscription } from 'rxjs';
import type { QueryApiConfig } from '../config.js';
import { CountStore, type WordCount } from './count-store.js';
import { Ranking } from './ranking.js';

/**
 * The top words, kept in memory and fed by the store's updates (GET /top and the dashboard ask often;
 * a scan of the store per request would read every word). Loaded with one full scan once the store is
 * queryable, and rebuilt the same way when the ranking loses track of its tail (see Ranking).
 *
 * Updates arriving while a scan runs are kept and applied after it, latest per word: the scan reads a
 * snapshot, and whatever changed after it is among the kept updates.
 */
@Injectable()
export class TopWords implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TopWords.name);
  private readonly capacity: number;
  private ranking: Ranking | undefined;
  private duringScan: Map<string, number | undefined> | undefined;
  private loading: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private stopped = false;

  constructor(
    private readonly store: CountStore,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    this.capacity = config.get('MAX_TOP_N', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.store.updates.subscribe(({ word, count }) => this.apply(word, count));
    void this.rebuild();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
  }

  /** True once the first full scan is done. */
  get loaded(): boolean {
    return this.ranking !== undefined;
  }

  /** The best `n` words, best first; throws InvalidStateStoreError until the ranking is loaded. */
  top(n: number): WordCount[] {
    if (!this.ranking) {
      throw new InvalidStateStoreError('the ranking is loading: the word counts are still being read', 'not-running');
    }
    return this.ranking.top(Math.min(n, this.capacity));
  }

  /** Resolves when the scan in progress, if any, is done (tests and readiness). */
  async settled(): Promise<void> {
    await this.loading;
  }

  private apply(word: string, count: number | undefined): void {
    this.duringScan?.set(word, count);
    if (this.ranking && !this.ranking.offer(word, count)) void this.rebuild();
  }

  /** Starts a full scan unless one runs: that one applies this update too, after its snapshot. */
  private rebuild(): Promise<void> {
    this.loading ??= this.scanUntilConsistent()
      .catch((error: unknown) => {
        if (!this.stopped) this.logger.error({ message: 'loading the ranking failed', error });
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async scanUntilConsistent(): Promise<void> {
    while (!(await this.scan()) && !this.stopped);
  }

  /** One full scan into a new ranking; false when a change during it calls for another. */
  private async scan(): Promise<boolean> {
    this.duringScan = new Map();
    await this.store.whenQueryable();
    const started = Date.now();
    const fresh = new Ranking(this.capacity);
    let words = 0;
    for await (const { word, count } of this.store.scan()) {
      if (this.stopped) return true;
      fresh.offer(word, count);
      words += 1;
    }
    const changedMeanwhile = this.duringScan;
    this.duringScan = undefined;
    let consistent = true;
    for (const [word, count] of changedMeanwhile) consistent = fresh.offer(word, count) && consistent;
    this.ranking = fresh;
    this.logger.log({ message: 'ranking loaded', words, ms: Date.now() - started });
    return consistent;
  }
}
