// Exactly-once transactions as they end: counted by the exactly-once path, reported by `KafkaStreams.metrics()`.

export interface TransactionMetrics {
  /** Transactions committed since start. */
  readonly committed: number;
  /** Transactions that did not commit: aborted when their task closed, or failed (fenced, or a request failed). */
  readonly aborted: number;
}

export class TransactionCounters {
  private committed = 0;
  private aborted = 0;

  recordCommit(): void {
    this.committed++;
  }

  recordAbort(): void {
    this.aborted++;
  }

  snapshot(): TransactionMetrics {
    return { committed: this.committed, aborted: this.aborted };
  }
}
