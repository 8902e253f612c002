import { describe, expect, it } from '@jest/globals';
import { median, type RoundRun, summariseRounds } from './rounds.ts';
import type { ContenderResult } from './run-contender.ts';

function run(id: string, round: number, wordsPerSecond: number, ok = true): RoundRun {
  const result = {
    id,
    wordsPerSecond,
    cpuSecondsPerMillionWords: 1_000_000 / wordsPerSecond,
    verification: { ok, problems: ok ? [] : ['w1: 3, expected 4'] },
  } as unknown as ContenderResult;
  return { round, result };
}

describe('summariseRounds', () => {
  it("takes each contender's median round, its range, and its median ratio to the anchor of the same round", () => {
    const { results, spread } = summariseRounds(
      new Map([
        ['java-alos-1t', [run('java-alos-1t', 1, 100), run('java-alos-1t', 2, 50), run('java-alos-1t', 3, 80)]],
        ['streamkit-alos-default', [run('s', 1, 90), run('s', 2, 50), run('s', 3, 40)]],
      ]),
    );
    expect(results.map((r) => r.wordsPerSecond)).toEqual([80, 50]);
    expect(spread['streamkit-alos-default']).toEqual({
      rounds: 3,
      wordsPerSecond: [40, 90],
      cpuSecondsPerMillionWords: [1_000_000 / 90, 1_000_000 / 40],
      // 0.9, 1.0, 0.5: the slow second round hit both alike.
      perRoundAnchorRatio: 0.9,
    });
    expect(spread['java-alos-1t']?.perRoundAnchorRatio).toBe(1);
  });

  it('shows a wrong round rather than a median that hides it, and leaves the anchor ratio out without an anchor', () => {
    const { results, spread } = summariseRounds(
      new Map([['quix-eos', [run('quix-eos', 1, 10), run('quix-eos', 2, 12, false), run('quix-eos', 3, 11)]]]),
    );
    expect(results[0]?.verification.ok).toBe(false);
    expect(spread['quix-eos']?.perRoundAnchorRatio).toBeUndefined();
  });
});

describe('median', () => {
  it('is a measured item: the lower middle one of an even count', () => {
    expect(median([3, 1, 2], (n) => n)).toBe(2);
    expect(median([4, 1, 3, 2], (n) => n)).toBe(2);
    expect(() => median([], (n: number) => n)).toThrow('median of nothing');
  });
});
