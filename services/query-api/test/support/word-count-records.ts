// Writes records the way word-count does (src/examples/word-count.ts): the same serdes, the same topics.
import { longAsNumberSerde, Serdes, timeWindowedSerde, windowed } from '@streamkit/kafka-streams';
import type kafkajs from 'kafkajs';

const words = Serdes.String();
const counts = longAsNumberSerde();

export class WordCountRecords {
  private readonly windowedKeys: ReturnType<typeof timeWindowedSerde<string>>;

  constructor(
    private readonly producer: kafkajs.Producer,
    private readonly topics: { readonly counts: string; readonly windowed: string },
    private readonly windowSizeMs: number,
  ) {
    this.windowedKeys = timeWindowedSerde(words, windowSizeMs);
  }

  /** Running totals, keyed by word (a null count is a tombstone). */
  async counts(entries: Record<string, number | null>): Promise<void> {
    await this.producer.send({
      topic: this.topics.counts,
      messages: Object.entries(entries).map(([word, count]) => ({
        key: words.serialize(this.topics.counts, word),
        value: counts.serialize(this.topics.counts, count as number),
      })),
    });
  }

  /** Counts per word and window, keyed by TimeWindowed<word>. */
  async windowed(entries: ReadonlyArray<{ word: string; startMs: number; count: number }>): Promise<void> {
    await this.producer.send({
      topic: this.topics.windowed,
      messages: entries.map(({ word, startMs, count }) => ({
        key: this.windowedKeys.serialize(this.topics.windowed, windowed(word, startMs, startMs + this.windowSizeMs)),
        value: counts.serialize(this.topics.windowed, count),
        timestamp: String(startMs),
      })),
    });
  }
}
