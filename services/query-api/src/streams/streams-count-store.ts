import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { KafkaStreams, InvalidStateStoreError, type GlobalStoreUpdate } from '@streamkit/kafka-streams';
import { map, Observable, share } from 'rxjs';
import type { QueryApiConfig } from '../config.js';
import { CountStore, type WindowCount, type WordCount } from '../counts/count-store.js';
import { WINDOWED_COUNTS_STORE, WORD_COUNTS_STORE } from './query-topology.js';

/**
 * The counts as the streams app's global stores hold them (local interactive queries: every replica has
 * every word). Reads throw InvalidStateStoreError until the stores are bootstrapped.
 */
@Injectable()
export class StreamsCountStore extends CountStore {
  readonly updates: Observable<WordCount>;
  readonly updateTimestamps: Observable<number>;
  private readonly windowSizeMs: number;

  constructor(
    private readonly streams: KafkaStreams,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    super();
    this.windowSizeMs = config.get('WINDOW_SIZE_MS', { infer: true });
    // One listener for all subscribers; live records only (the bootstrap is read by scanning the store).
    const changes = new Observable<GlobalStoreUpdate<string, number>>((subscriber) =>
      streams.onGlobalStoreUpdate<string, number>(WORD_COUNTS_STORE, (update) => subscriber.next(update)),
    ).pipe(share());
    this.updates = changes.pipe(
      map(({ key, value }) => ({ word: key, count: value ?? 0 })),
      share(),
    );
    this.updateTimestamps = changes.pipe(map(({ timestamp }) => timestamp));
  }

  whenQueryable(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (!this.queryable()) return;
        stopWatching();
        resolve();
      };
      const stopWatching = this.streams.onStateChange(check);
      check();
    });
  }

  count(word: string): number | undefined {
    return this.counts().get(word);
  }

  async *scan(from?: string): AsyncIterable<WordCount> {
    for await (const { key, value } of this.counts().range(from)) yield { word: key, count: value };
  }

  windows(word: string, fromMs: number, toMs: number): WindowCount[] {
    return this.streams
      .store<string, number, 'window'>(WINDOWED_COUNTS_STORE, 'window')
      .fetchRange(word, fromMs, toMs)
      .map(({ windowStartMs, value }) => ({
        startMs: windowStartMs,
        endMs: windowStartMs + this.windowSizeMs,
        count: value,
      }));
  }

  private counts() {
    return this.streams.store<string, number>(WORD_COUNTS_STORE);
  }

  private queryable(): boolean {
    try {
      this.counts().approximateNumEntries();
      return true;
    } catch (error) {
      if (error instanceof InvalidStateStoreError && error.reason === 'not-running') return false;
      throw error;
    }
  }
}
