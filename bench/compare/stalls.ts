// The longest output stall of a run: how long the output stood still while input was pending. From the progress
// samples: between the first sample showing output and the first showing every word, the longest time from one
// sample at which the output had grown to the next at which it grew again. The sampling interval (250 ms by
// default) is the resolution: a figure of one interval means no stall was seen.
import type { Sample } from './run-contender.ts';

export function longestStallSeconds(samples: ReadonlyArray<Pick<Sample, 't' | 'words'>>, words: number): number {
  let longest = 0;
  let lastGrowth: number | undefined;
  let previousWords = 0;
  for (const { t, words: seen } of samples) {
    if (seen > previousWords) {
      if (lastGrowth !== undefined) longest = Math.max(longest, t - lastGrowth);
      lastGrowth = t;
      previousWords = seen;
    }
    if (seen >= words) break;
  }
  return longest;
}
