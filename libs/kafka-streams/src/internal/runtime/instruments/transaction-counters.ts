// Exactly-once transactions as they end: counted by the exactly-once path, reported by `KafkaStreams.metrics()`.
import type { TransactionMetrics } from '../../../runtime/metrics.js';

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
