// A CountStore in memory, with the bootstrapping phase under the test's control.
import { type DynamicModule, Module } from '@nestjs/common';
import { InvalidStateStoreError } from '@streamkit/kafka-streams';
import { Subject } from 'rxjs';
import { CountStore, type WindowCount, type WordCount } from '../../src/counts/count-store.js';
import type { CountStoreBackend } from '../../src/counts/count-store.backend.js';
import {
  DeadLetterSource,
  type DeadLettersView,
  DeadLetterTail,
  type DeadLetterView,
} from '../../src/dashboard/dead-letters.js';

export class InMemoryCountStore extends CountStore {
  readonly updates = new Subject<WordCount>();
  readonly updateTimestamps = new Subject<number>();
  private readonly counts = new Map<string, number>();
  private readonly windowCounts: Array<{ word: string } & WindowCount> = [];
  private readonly bootstrapped = Promise.withResolvers<void>();
  private queryable = false;
  /** How many scans were started (the ranking's full loads). */
  scans = 0;

  constructor(private readonly windowSizeMs = 60_000) {
    super();
  }

  /** Ends bootstrapping: reads work from now on. */
  finishBootstrap(): void {
    this.queryable = true;
    this.bootstrapped.resolve();
  }

  /** Writes counts as the global store would: stored first, then announced. `undefined` deletes. */
  set(entries: Record<string, number | undefined>, timestampMs = Date.now()): void {
    for (const [word, count] of Object.entries(entries)) {
      if (count === undefined) this.counts.delete(word);
      else this.counts.set(word, count);
      this.updates.next({ word, count: count ?? 0 });
      this.updateTimestamps.next(timestampMs);
    }
  }

  setWindow(word: string, startMs: number, count: number): void {
    this.windowCounts.push({ word, startMs, endMs: startMs + this.windowSizeMs, count });
  }

  whenQueryable(): Promise<void> {
    return this.bootstrapped.promise;
  }

  count(word: string): number | undefined {
    this.ensureQueryable();
    return this.counts.get(word);
  }

  async *scan(from?: string): AsyncIterable<WordCount> {
    this.ensureQueryable();
    this.scans += 1;
    const words = [...this.counts.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const word of words) {
      if (from !== undefined && Buffer.compare(Buffer.from(word), Buffer.from(from)) < 0) continue;
      // Yields between entries like an on-disk iterator, so updates can arrive during a scan.
      await new Promise((resolve) => setImmediate(resolve));
      const count = this.counts.get(word);
      if (count !== undefined) yield { word, count };
    }
  }

  windows(word: string, fromMs: number, toMs: number): WindowCount[] {
    this.ensureQueryable();
    return this.windowCounts
      .filter((w) => w.word === word && w.startMs >= fromMs && w.startMs <= toMs)
      .sort((a, b) => a.startMs - b.startMs)
      .map(({ startMs, endMs, count }) => ({ startMs, endMs, count }));
  }

  private ensureQueryable(): void {
    if (!this.queryable) {
      throw new InvalidStateStoreError('the word counts are bootstrapping; retry once they are loaded', 'not-running');
    }
  }
}

/** Dead letters the test adds. */
export class InMemoryDeadLetters extends DeadLetterSource {
  readonly tail = new DeadLetterTail();
  status: Pick<DeadLettersView, 'status' | 'reason'> = { status: 'live', reason: null };

  add(deadLetter: DeadLetterView): void {
    this.tail.add(deadLetter);
  }

  view(): DeadLettersView {
    return { topic: 'word-count-dlq', ...this.status, count: this.tail.count, latest: this.tail.latest() };
  }
}

@Module({})
class InMemoryCountStoreModule {}

/** The app's backend with `store` (and `deadLetters`) in place of the Kafka streams app. */
export function inMemoryBackend(
  store: InMemoryCountStore,
  deadLetters: InMemoryDeadLetters = new InMemoryDeadLetters(),
): CountStoreBackend {
  const module: DynamicModule = {
    module: InMemoryCountStoreModule,
    global: true,
    providers: [
      { provide: CountStore, useValue: store },
      { provide: DeadLetterSource, useValue: deadLetters },
    ],
    exports: [CountStore, DeadLetterSource],
  };
  return { module, healthContributors: [] };
}
