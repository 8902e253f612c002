/** One record of the dead-letter topic, as the dashboard shows it. */
export interface DeadLetterView {
  readonly partition: number;
  readonly offset: string;
  /** ISO 8601: when the dead letter was written. */
  readonly timestamp: string;
  /** The failed record's key and value as UTF-8 (cut to a preview), null when absent. */
  readonly key: string | null;
  readonly value: string | null;
  /** The error (`__streams.errors.exception` and `.message` headers). */
  readonly exception: string | null;
  readonly message: string | null;
  /** Where the failed record was read (`__streams.errors.topic`, `.partition`, `.offset`). */
  readonly source: string | null;
}

export interface DeadLettersView {
  readonly topic: string;
  /** `live`: the topic is read and followed; `unavailable`: it cannot be read now (`reason` says why). */
  readonly status: 'live' | 'unavailable';
  readonly reason: string | null;
  /** Dead letters in the topic (read from its start, committed ones only). */
  readonly count: number;
  /** The latest few, newest first. */
  readonly latest: ReadonlyArray<DeadLetterView>;
}

/** The dead-letter topic as far as it has been read; the Kafka backend follows the topic, tests set it. */
export abstract class DeadLetterSource {
  abstract view(): DeadLettersView;
}

/** How many dead letters the dashboard keeps and shows. */
export const LATEST_DEAD_LETTERS = 8;
/** Keys, values and messages longer than this are cut. */
export const PREVIEW_CHARACTERS = 200;

/** `text` cut to `PREVIEW_CHARACTERS`, marked with an ellipsis when cut. */
export function preview(text: string | null): string | null {
  if (text === null || text.length <= PREVIEW_CHARACTERS) return text;
  return `${text.slice(0, PREVIEW_CHARACTERS - 1)}…`;
}

const newestFirst = (a: DeadLetterView, b: DeadLetterView): number =>
  b.timestamp.localeCompare(a.timestamp) || a.partition - b.partition || Number(BigInt(b.offset) - BigInt(a.offset));

/**
 * Keeps the count and the latest `LATEST_DEAD_LETTERS` of the dead letters read, by timestamp: partitions are
 * read in no particular order relative to each other.
 */
export class DeadLetterTail {
  private total = 0;
  private readonly newestFirst: DeadLetterView[] = [];

  add(deadLetter: DeadLetterView): void {
    this.total += 1;
    this.newestFirst.push(deadLetter);
    this.newestFirst.sort(newestFirst);
    this.newestFirst.splice(LATEST_DEAD_LETTERS);
  }

  get count(): number {
    return this.total;
  }

  latest(): ReadonlyArray<DeadLetterView> {
    return [...this.newestFirst];
  }
}
