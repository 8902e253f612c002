import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { WINDOWED_WORD_COUNTS_STORE, WORD_COUNTS_STORE } from '@streamkit/contracts';
import { type HttpReply, KafkaStreams, KeyQueryRouter, type RequestHeaders } from '@streamkit/kafka-streams';
import { keyQueryReply, type TimeRange } from '@streamkit/nest';
import type { WordCountConfig } from '../config.js';
import { QueryMetrics } from './query-metrics.js';
import type { WindowCountsResponse, WordCountResponse } from './state.openapi.js';

/**
 * Answers state queries for one word: from this instance's stores when it runs the word's task, else by
 * asking the instance that does (once; it never forwards again), else 503 with the router's reason (thrown
 * by keyQueryReply, answered with the services' ErrorBody and Retry-After).
 */
@Injectable()
export class WordStateQueries {
  private readonly router: KeyQueryRouter;
  private readonly windowSizeMs: number;

  constructor(
    private readonly streams: KafkaStreams,
    private readonly metrics: QueryMetrics,
    config: ConfigService<WordCountConfig, true>,
  ) {
    this.router = new KeyQueryRouter({
      streams,
      forwardTimeoutMs: config.get('QUERY_FORWARD_TIMEOUT_MS', { infer: true }),
    });
    this.windowSizeMs = config.get('WINDOW_SIZE_MS', { infer: true });
  }

  /** The all-time count of `word` (lower-case); a word never seen counts 0. */
  async count(word: string, headers: RequestHeaders): Promise<HttpReply> {
    const result = await this.router.route({
      storeName: WORD_COUNTS_STORE.name,
      key: word,
      keySerializer: WORD_COUNTS_STORE.keySerde,
      path: `/state/words/${encodeURIComponent(word)}`,
      headers,
      answerLocally: () => this.streams.store<string, number>(WORD_COUNTS_STORE.name).get(word) ?? 0,
    });
    this.metrics.record('words', result);
    return keyQueryReply(result, (count): { body: WordCountResponse } => ({ body: { word, count } }));
  }

  /** The windows of `word` that start within `range` and counted it, oldest first. */
  async windows(word: string, { fromMs, toMs }: TimeRange, headers: RequestHeaders): Promise<HttpReply> {
    const result = await this.router.route({
      storeName: WINDOWED_WORD_COUNTS_STORE.name,
      key: word,
      keySerializer: WINDOWED_WORD_COUNTS_STORE.keySerde,
      // The resolved range, so that the owner answers for exactly the same one.
      path: `/state/windows/${encodeURIComponent(word)}?from=${fromMs}&to=${toMs}`,
      headers,
      answerLocally: () =>
        this.streams
          .store<string, number, 'window'>(WINDOWED_WORD_COUNTS_STORE.name, WINDOWED_WORD_COUNTS_STORE.kind)
          .fetchRange(word, fromMs, toMs),
    });
    this.metrics.record('windows', result);
    return keyQueryReply(result, (windows): { body: WindowCountsResponse } => ({
      body: {
        word,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        windowSizeMs: this.windowSizeMs,
        windows: windows.map(({ windowStartMs, value }) => ({
          start: new Date(windowStartMs).toISOString(),
          end: new Date(windowStartMs + this.windowSizeMs).toISOString(),
          count: value,
        })),
      },
    }));
  }
}
