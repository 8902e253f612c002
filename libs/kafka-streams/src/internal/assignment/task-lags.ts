// How far behind each member's copy of each stateful task is, in changelog records, from what the member
// reported (tasks it runs, changelog offsets of the copies it holds) and the changelogs' offsets.
import type { OffsetRange } from '../client/types.js';

/** What a member says about its state when it joins (see assignment-info.ts). */
export interface MemberState {
  /** Tasks it runs as active (restored): their copy is current by definition. */
  readonly activeTasks: ReadonlySet<string>;
  /** Per task, per changelog "<topic>:<partition>", the next offset its stores are known to contain. */
  readonly taskOffsets: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
}

/**
 * Lag of `member`'s copy of `taskId`, whose changelog partitions are `changelogs` ("<topic>:<partition>"): the
 * records between its offset and the end, summed. A partition without a usable offset (none reported, or
 * beyond the end, as after a changelog was re-created) counts in full, as its restore would start over.
 */
export function taskLag(
  member: MemberState,
  taskId: string,
  changelogs: ReadonlyArray<string>,
  ranges: ReadonlyMap<string, OffsetRange>,
): number {
  if (member.activeTasks.has(taskId)) return 0;
  const offsets = member.taskOffsets.get(taskId);
  let lag = 0n;
  for (const changelog of changelogs) {
    const { earliest, end } = ranges.get(changelog) ?? { earliest: 0n, end: 0n };
    const offset = offsets?.get(changelog);
    const from = offset === undefined || offset > end || offset < earliest ? earliest : offset;
    lag += end - from;
  }
  return Number(lag);
}

/**
 * Offsets to compute lags with when the changelogs' real offsets could not be fetched: the furthest offset any
 * member reported stands for the end. Lags come out too small, but their order (who holds the best copy) holds.
 */
export function rangesFromReports(members: ReadonlyArray<MemberState>): Map<string, OffsetRange> {
  const ranges = new Map<string, OffsetRange>();
  for (const member of members) {
    for (const offsets of member.taskOffsets.values()) {
      for (const [changelog, offset] of offsets) {
        const end = ranges.get(changelog)?.end ?? 0n;
        ranges.set(changelog, { earliest: 0n, end: offset > end ? offset : end });
      }
    }
  }
  return ranges;
}
