// One partition that a read_committed fetch cannot read past: the broker hands out nothing beyond the last stable
// offset, the first offset of a transaction still open. That is normal for as long as a transaction lasts (Java's
// producers default to 60 s, the broker caps them at 15 minutes). A transaction open far longer than that is
// hanging: its coordinator ended it, but its markers never reached this partition (docs/client.md, "A single
// broker's restart"), and every read_committed reader, a restore included, waits for good. This decides when the
// fetcher mentions a held-back partition (debug, now and then) and when it warns that the wait looks endless.

export type HeldBackReport = 'debug' | 'warn';

export class HeldBackWatch {
  private position: bigint | undefined;
  private since = 0;
  private loggedAt = Number.NEGATIVE_INFINITY;
  private warnedAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** How often at most a held-back partition is mentioned at debug level. */
    private readonly logEveryMs: number,
    /** How long at one offset until the wait is reported as a warning (and again as often). */
    private readonly warnAfterMs: number,
  ) {}

  /** A fetch found nothing readable at `position`, below the high watermark: what to report now, if anything. */
  observe(position: bigint, now: number): HeldBackReport | undefined {
    if (position !== this.position) {
      this.position = position;
      this.since = now;
    }
    if (now - this.since >= this.warnAfterMs && now - this.warnedAt >= this.warnAfterMs) {
      this.warnedAt = this.loggedAt = now;
      return 'warn';
    }
    if (now - this.loggedAt >= this.logEveryMs) {
      this.loggedAt = now;
      return 'debug';
    }
    return undefined;
  }

  /** For how long the partition has been held at its current offset. */
  heldForMs(now: number): number {
    return this.position === undefined ? 0 : now - this.since;
  }

  /** The partition moved (it was read past, or sought): the next hold starts afresh. */
  reset(): void {
    this.position = undefined;
    this.warnedAt = Number.NEGATIVE_INFINITY;
  }
}
