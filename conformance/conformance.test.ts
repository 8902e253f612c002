// Differential conformance: every scenario runs through Apache Kafka Streams 4.3.1's TopologyTestDriver (the
// Java harness in conformance/java, one JVM for the whole file) and through this library's TopologyTestDriver;
// output records (key, value, timestamp, order, per topic) and queried stores must be identical. A scenario with a
// `knownDifference` must still differ (fixing it fails the test: remove the marker and its README row).
// Generated scenarios: random record sequences (fast-check, fixed seed) over a few topologies; a failure prints
// the shrunk input. Needs Java 17+ and Maven (no broker). See conformance/README.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { JavaHarness } from './support/java-harness.js';
import { render, renderSteps, request, same, view, withoutTimestamps, type View } from './support/compare.js';
import type { RunRequest, RunResult } from './support/protocol.js';
import { runTs } from './support/run-ts.js';
import { conformanceCacheMaxBytes } from './support/cache-size.js';
import { advance, type InputStep, type Scenario, type Step } from './support/scenario.js';
import { handWritten } from './scenarios/index.js';
import { families, type GeneratedFamily } from './scenarios/generated.js';

/** fast-check seed and runs per generated family (CONFORMANCE_SEED / CONFORMANCE_RUNS override them). */
const SEED = Number(process.env.CONFORMANCE_SEED ?? 20261206);
const RUNS = Number(process.env.CONFORMANCE_RUNS ?? 150);
/** Both drivers' record cache (CONFORMANCE_CACHE_MAX_BYTES, default Java's 10 MiB; 0: no cache). */
const CACHE_ON = conformanceCacheMaxBytes() > 0;

/** A scenario's known difference in this run: some show only without the cache (`onlyWithoutCache`). */
const knownDifferenceOf = (scenario: Scenario) =>
  CACHE_ON && scenario.knownDifference?.onlyWithoutCache ? undefined : scenario.knownDifference;

let harness: JavaHarness | undefined;
const java = new Map<string, RunResult>();
const stepsKey = (scenario: string, steps: readonly Step[]) => `${scenario} ${JSON.stringify(steps)}`;

/** A family's steps as run: with a wall-clock second before each record when it is paced. */
const script = (family: GeneratedFamily, records: readonly InputStep[]): Step[] =>
  family.paced ? records.flatMap((r) => [advance(1000), r]) : [...records];

function generatedRequests(): Array<{ key: string; request: RunRequest }> {
  return families.flatMap((family) =>
    fc.sample(family.steps, { seed: SEED, numRuns: RUNS }).map((sample, i) => {
      const steps = script(family, sample);
      return {
        key: stepsKey(family.scenario.id, steps),
        request: request({ ...family.scenario, steps }, `${family.scenario.id}#${i}`),
      };
    }),
  );
}

beforeAll(async () => {
  const started = Date.now();
  harness = JavaHarness.start((line) => console.log(line));
  // One batch: every hand-written scenario and the generated runs fast-check will ask for first.
  const generated = generatedRequests();
  const batch = [...handWritten.map((s) => request(s, s.id)), ...generated.map((g) => g.request)];
  const results = await harness.run(batch);
  console.log(
    `Java harness: ${batch.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s (build and JVM start included)`,
  );
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const s of handWritten) java.set(stepsKey(s.id, s.steps), byId.get(s.id)!);
  for (const g of generated) java.set(g.key, byId.get(g.request.id)!);
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

/** Java's result for these steps: from the batch, else one more round trip to the running JVM (shrinking). */
async function javaResult(scenario: Scenario, steps: readonly Step[]): Promise<RunResult> {
  const key = stepsKey(scenario.id, steps);
  const cached = java.get(key);
  if (cached) return cached;
  const [result] = await harness!.run([request(scenario, `${scenario.id}~`, steps)]);
  java.set(key, result!);
  return result!;
}

async function compare(scenario: Scenario): Promise<{ theirs: View; mine: View; report: string }> {
  const javaSide = await javaResult(scenario, scenario.steps);
  const ours = await runTs(request(scenario, scenario.id), scenario.build);
  const theirs = view(scenario, javaSide);
  const mine = view(scenario, ours);
  const report =
    `${scenario.id}: ${scenario.description}\n input: ${renderSteps(scenario.steps)}\n` +
    `Java:\n${render(theirs, javaSide.error)}\nours:\n${render(mine, ours.error)}`;
  return { theirs, mine, report };
}

describe('hand-written scenarios', () => {
  it('ids are unique', () => {
    const ids = [...handWritten.map((s) => s.id), ...families.map((f) => f.scenario.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("README's table of known differences lists exactly the marked scenarios", () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('## Known differences');
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    const rows = section.split('\n').filter((line) => line.startsWith('| `'));
    const listed = rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]));
    const marked = handWritten.filter((s) => s.knownDifference).map((s) => s.id);
    expect([...listed].sort()).toEqual([...marked].sort());
  });

  it.each(handWritten.map((s) => [s.id, s] as [string, Scenario]))('%s', async (_id, scenario) => {
    const { theirs, mine, report } = await compare(scenario);
    const knownDifference = knownDifferenceOf(scenario);
    if (knownDifference) {
      if (same(theirs, mine)) {
        throw new Error(
          `${scenario.id} is marked as a known difference but now matches Java: remove its knownDifference and its row in conformance/README.md\n${report}`,
        );
      }
      console.log(`known difference (${knownDifference.issue}): ${knownDifference.reason}\n${report}`);
      return;
    }
    if (!same(theirs, mine)) throw new Error(`differs from Java\n${report}`);
  });
});

describe(`generated scenarios (seed ${SEED}, ${RUNS} runs each)`, () => {
  it.each(families.map((f) => [f.scenario.id, f] as const))(
    '%s',
    async (_id, family) => {
      await fc.assert(
        fc.asyncProperty(family.steps, async (records) => {
          const { theirs, mine, report } = await compare({ ...family.scenario, steps: script(family, records) });
          const equal = family.ignoreTimestamps
            ? same(withoutTimestamps(theirs), withoutTimestamps(mine))
            : same(theirs, mine);
          if (!equal) throw new Error(`differs from Java\n${report}`);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    },
    120_000,
  );
});
