import { describe, expect, it } from '@jest/globals';
import { longestStallSeconds } from './stalls.ts';

const samples = (points: ReadonlyArray<[number, number]>) => points.map(([t, words]) => ({ t, words }));

describe('longestStallSeconds', () => {
  it('is the longest time between two samples at which the output grew, from the first output to the last word', () => {
    const run = samples([
      [0.25, 0], // before the first output: starting up, not a stall
      [0.5, 0],
      [0.75, 10],
      [1.0, 20],
      [1.25, 20],
      [1.5, 20],
      [1.75, 35], // stood still from 1.0 to 1.75
      [2.0, 50],
      [2.25, 50],
      [2.5, 50],
      [2.75, 50], // every word counted at 2.0: what follows is not a stall
    ]);
    expect(longestStallSeconds(run, 50)).toBeCloseTo(0.75);
  });

  it('is one sampling interval when the output grew at every sample, and 0 without output', () => {
    expect(
      longestStallSeconds(
        samples([
          [0.25, 1],
          [0.5, 2],
          [0.75, 3],
        ]),
        3,
      ),
    ).toBeCloseTo(0.25);
    expect(
      longestStallSeconds(
        samples([
          [0.25, 0],
          [0.5, 0],
        ]),
        3,
      ),
    ).toBe(0);
  });
});
