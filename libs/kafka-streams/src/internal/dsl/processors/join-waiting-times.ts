// The timestamps of the records waiting in a left/outer stream-stream join's "outer" store, per side, in time
// order: which of them have closed is found at the front without reading the store, and removing them costs
// O(removed). Counts, not values: the values stay in the store (the durable seam); this index is rebuilt from the
// store when a task starts.

/** Timestamps with how many records wait at each, ascending. */
export class SortedCounts {
  private timestamps: number[] = [];
  private counts: number[] = [];
  /** Entries before `head` were taken; kept until compacting is worth it. */
  private head = 0;

  get isEmpty(): boolean {
    return this.head === this.timestamps.length;
  }

  first(): number | undefined {
    return this.isEmpty ? undefined : this.timestamps[this.head];
  }

  last(): number | undefined {
    return this.isEmpty ? undefined : this.timestamps[this.timestamps.length - 1];
  }

  countAt(timestampMs: number): number {
    const i = this.indexOf(timestampMs);
    return i < this.timestamps.length && this.timestamps[i] === timestampMs ? this.counts[i]! : 0;
  }

  /** The smallest timestamp after `timestampMs`, if any. */
  after(timestampMs: number): number | undefined {
    let i = this.indexOf(timestampMs);
    if (i < this.timestamps.length && this.timestamps[i] === timestampMs) i++;
    return i < this.timestamps.length ? this.timestamps[i] : undefined;
  }

  add(timestampMs: number, count: number): void {
    // Records mostly arrive in time order: appending is the common case.
    const last = this.last();
    if (last === undefined || timestampMs > last) {
      this.timestamps.push(timestampMs);
      this.counts.push(count);
      return;
    }
    const i = this.indexOf(timestampMs);
    if (this.timestamps[i] === timestampMs) this.counts[i]! += count;
    else {
      this.timestamps.splice(i, 0, timestampMs);
      this.counts.splice(i, 0, count);
    }
  }

  /** Forgets `count` records waiting at `timestampMs`. */
  remove(timestampMs: number, count: number): void {
    const i = this.indexOf(timestampMs);
    if (this.timestamps[i] !== timestampMs) return;
    this.counts[i]! -= count;
    if (this.counts[i]! > 0) return;
    if (i === this.head) this.head++;
    else {
      this.timestamps.splice(i, 1);
      this.counts.splice(i, 1);
    }
    this.compact();
  }

  /** Takes the timestamps <= `boundMs` from the front, oldest first. */
  takeUpTo(boundMs: number): number[] {
    const taken: number[] = [];
    while (!this.isEmpty && this.timestamps[this.head]! <= boundMs) taken.push(this.timestamps[this.head++]!);
    this.compact();
    return taken;
  }

  /** First index in [head, length) whose timestamp is >= `timestampMs`. */
  private indexOf(timestampMs: number): number {
    let low = this.head;
    let high = this.timestamps.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.timestamps[mid]! < timestampMs) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private compact(): void {
    if (this.head < 1024 || this.head * 2 < this.timestamps.length) return;
    this.timestamps = this.timestamps.slice(this.head);
    this.counts = this.counts.slice(this.head);
    this.head = 0;
  }
}
