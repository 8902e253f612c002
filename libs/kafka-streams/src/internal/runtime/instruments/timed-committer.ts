// Times every commit of a commit strategy, for the commit latency metric.
import type { Committer } from '../committer.js';
import type { LatencyHistogram } from './latency-histogram.js';

export class TimedCommitter implements Committer {
  constructor(
    private readonly committer: Committer,
    private readonly latency: LatencyHistogram,
  ) {}

  get busy(): boolean {
    return this.committer.busy;
  }

  idle(): Promise<void> {
    return this.committer.idle();
  }

  released(): Promise<void> {
    return this.committer.released();
  }

  due(now: number): boolean {
    return this.committer.due(now);
  }

  commit(reason: string): Promise<void> {
    return this.latency.time(() => this.committer.commit(reason));
  }
}
