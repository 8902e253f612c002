// Interleaved rounds (`--rounds N`): every contender runs once per round, so a slow spell of a shared machine lands
// on every contender alike rather than on whichever ran then. A contender's figure is its median round.
import type { ContenderResult } from './run-contender.ts';

export const ANCHOR_ID = 'java-alos-1t';

export interface RoundRun {
  readonly round: number;
  readonly result: ContenderResult;
}

/** How a contender's rounds spread; in the report beside its median round. */
export interface RoundSpread {
  readonly rounds: number;
  readonly wordsPerSecond: readonly [min: number, max: number];
  readonly cpuSecondsPerMillionWords: readonly [min: number, max: number];
  /** The median over rounds of its words/s ÷ the anchor's in the same round; undefined without such a round. */
  readonly perRoundAnchorRatio: number | undefined;
}

export interface RoundsSummary {
  /** Per contender, in the order given: its median round by words/s, or its first wrong round if it had one. */
  readonly results: ContenderResult[];
  readonly spread: Record<string, RoundSpread>;
}

export function summariseRounds(runsById: ReadonlyMap<string, ReadonlyArray<RoundRun>>): RoundsSummary {
  const anchorByRound = new Map(
    (runsById.get(ANCHOR_ID) ?? []).filter((r) => r.result.verification.ok).map((r) => [r.round, r.result]),
  );
  const results: ContenderResult[] = [];
  const spread: Record<string, RoundSpread> = {};
  for (const [id, runs] of runsById) {
    if (runs.length === 0) continue;
    const wrong = runs.find((r) => !r.result.verification.ok);
    results.push(
      wrong
        ? wrong.result
        : median(
            runs.map((r) => r.result),
            (r) => r.wordsPerSecond,
          ),
    );
    const ratios = runs.flatMap(({ round, result }) => {
      const anchor = anchorByRound.get(round);
      return anchor && result.verification.ok ? [result.wordsPerSecond / anchor.wordsPerSecond] : [];
    });
    spread[id] = {
      rounds: runs.length,
      wordsPerSecond: range(runs.map((r) => r.result.wordsPerSecond)),
      cpuSecondsPerMillionWords: range(runs.map((r) => r.result.cpuSecondsPerMillionWords)),
      perRoundAnchorRatio: ratios.length === 0 ? undefined : median(ratios, (ratio) => ratio),
    };
  }
  return { results, spread };
}

/** The middle item by `key`; of an even count, the lower of the two middle ones (an item that was measured). */
export function median<T>(items: ReadonlyArray<T>, key: (item: T) => number): T {
  if (items.length === 0) throw new Error('median of nothing');
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function range(values: ReadonlyArray<number>): readonly [number, number] {
  return [Math.min(...values), Math.max(...values)];
}
