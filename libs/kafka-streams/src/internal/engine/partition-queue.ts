// The buffered records of one input partition. The head is deserialized (and its timestamp extracted)
// lazily, when the task needs its timestamp to choose which partition to process next.
import type { ConsumedRecord } from './contracts.js';

export interface PreparedRecord {
  readonly raw: ConsumedRecord;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
}

export class PartitionQueue {
  private records: ConsumedRecord[] = [];
  private position = 0;
  private prepared: PreparedRecord | undefined;
  /** Largest timestamp extracted on this partition (-1: none yet). */
  partitionTimeMs = -1;
  /** `<topic>:<partition>`, made once: the task looks its partitions up by it for every record. */
  readonly key: string;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly sourceNodeName: string,
  ) {
    this.key = `${topic}:${partition}`;
  }

  add(record: ConsumedRecord): void {
    if (this.position > 1024 && this.position * 2 > this.records.length) {
      this.records = this.records.slice(this.position);
      this.position = 0;
    }
    this.records.push(record);
  }

  size(): number {
    return this.records.length - this.position;
  }

  rawHead(): ConsumedRecord | undefined {
    return this.records[this.position];
  }

  preparedHead(): PreparedRecord | undefined {
    return this.prepared;
  }

  setPreparedHead(record: PreparedRecord): void {
    this.prepared = record;
  }

  /** Removes the head (prepared or not). */
  shift(): ConsumedRecord | undefined {
    const head = this.records[this.position];
    if (head) this.position++;
    this.prepared = undefined;
    return head;
  }

  clear(): void {
    this.records = [];
    this.position = 0;
    this.prepared = undefined;
  }
}
