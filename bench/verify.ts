// A run counts only if its output is exactly right: for every word, the counts output must be 1, 2, ..., n in
// order and nothing else (n: how often the input holds the word), and each window of the windowed output the same
// within the window, its windows adding up to n. A lost record leaves a count out, a repeated one repeats one.
import type { OutputRecord } from './output-watcher.ts';

export interface Verification {
  readonly ok: boolean;
  readonly problems: ReadonlyArray<string>;
}

const EXAMPLES = 3;

export function verifyOutputs(
  output: { readonly counts: ReadonlyArray<OutputRecord>; readonly windowedCounts: ReadonlyArray<OutputRecord> },
  expected: ReadonlyMap<string, number>,
): Verification {
  const problems = [
    ...checkSequences('counts', output.counts, expected, (r) => r.word),
    ...checkSequences('windowed counts', output.windowedCounts, expected, (r) => `${r.word}@${r.window}`),
  ];
  return { ok: problems.length === 0, problems };
}

/** Each group's counts must be 1..k in arrival order; the groups of a word must add up to its expected count. */
function checkSequences(
  output: string,
  records: ReadonlyArray<OutputRecord>,
  expected: ReadonlyMap<string, number>,
  groupOf: (record: OutputRecord) => string,
): string[] {
  const groups = new Map<string, { word: string; counts: number[] }>();
  for (const record of records) {
    const key = groupOf(record);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { word: record.word, counts: [] }));
    group.counts.push(record.count);
  }
  const perWord = new Map<string, number>();
  const broken: string[] = [];
  for (const [key, { word, counts }] of groups) {
    const first = counts.findIndex((count, i) => count !== i + 1);
    if (first >= 0) broken.push(`${key}: record ${first + 1} of ${counts.length} says ${counts[first]}`);
    perWord.set(word, (perWord.get(word) ?? 0) + counts.length);
  }
  const wrongTotals = [...new Set([...expected.keys(), ...perWord.keys()])]
    .filter((word) => (perWord.get(word) ?? 0) !== (expected.get(word) ?? 0))
    .map((word) => `${word}: ${perWord.get(word) ?? 0} records, expected ${expected.get(word) ?? 0}`);
  const expectedTotal = [...expected.values()].reduce((sum, n) => sum + n, 0);
  const problems: string[] = [];
  if (records.length !== expectedTotal)
    problems.push(`${output}: ${records.length} records, expected ${expectedTotal}`);
  if (broken.length > 0) {
    problems.push(`${output}: ${broken.length} keys not counting 1, 2, 3... (${broken.slice(0, EXAMPLES).join('; ')})`);
  }
  if (wrongTotals.length > 0) {
    problems.push(
      `${output}: ${wrongTotals.length} words with a wrong total (${wrongTotals.slice(0, EXAMPLES).join('; ')})`,
    );
  }
  return problems;
}
