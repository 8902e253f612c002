import { Injectable } from '@nestjs/common';
import { CountStore, type WindowCount, type WordCount } from './count-store.js';
import type { PageQuery } from './counts.schemas.js';
import { encodeCursor } from './cursor.js';

export interface CountPage {
  readonly words: WordCount[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** Reads for the HTTP API: single counts, prefix pages, windows. */
@Injectable()
export class CountsService {
  constructor(private readonly store: CountStore) {}

  /** A word never counted has count 0: absence is an answer here, not an error. */
  count(word: string): WordCount {
    return { word, count: this.store.count(word) ?? 0 };
  }

  /**
   * Words starting with `prefix` in byte order, after the cursor word. All such words sit next to each
   * other in the store's order, so the scan starts at the prefix (or the cursor) and stops at the first
   * word without it.
   */
  async page({ prefix, limit, after }: PageQuery): Promise<CountPage> {
    const words: WordCount[] = [];
    for await (const entry of this.store.scan(after ?? prefix)) {
      if (!entry.word.startsWith(prefix)) break;
      if (entry.word === after) continue;
      if (words.length === limit) return { words, nextCursor: encodeCursor(words.at(-1)!.word) };
      words.push(entry);
    }
    return { words };
  }

  windows(word: string, fromMs: number, toMs: number): WindowCount[] {
    return this.store.windows(word, fromMs, toMs);
  }
}
