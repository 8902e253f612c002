// Differential conformance: every scenario runs through Apache Kafka Streams 4.3.1's TopologyTestDriver (the
// Java harness in conformance/java, one JVM for the file) and through this library's TopologyTestDriver; output
// records (key, value, timestamp, order, per topic) and queried stores must be identical. A scenario with a
// `knownDifference` must still differ (fixing it fails the test: remove the marker and the README row).
// Needs Java 17+ and Maven (not a broker). See conformance/README.md.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JavaHarness } from './support/java-harness.js';
import { render, renderSteps, request, same, view } from './support/compare.js';
import type { RunResult } from './support/protocol.js';
import { runTs } from './support/run-ts.js';
import type { Scenario } from './support/scenario.js';
import { handWritten } from './scenarios/index.js';

let harness: JavaHarness | undefined;
const java = new Map<string, RunResult>();

beforeAll(async () => {
  harness = JavaHarness.start((line) => console.log(line));
  const results = await harness.run(handWritten.map((s) => request(s, s.id)));
  for (const result of results) java.set(result.id, result);
}, 300_000);

afterAll(async () => {
  await harness?.close();
});

describe('hand-written scenarios', () => {
  it('ids are unique', () => {
    expect(new Set(handWritten.map((s) => s.id)).size).toBe(handWritten.length);
  });

  it.each(handWritten.map((s) => [s.id, s] as [string, Scenario]))('%s', async (_id, scenario) => {
    const javaResult = java.get(scenario.id);
    if (!javaResult) throw new Error(`no Java result for ${scenario.id}`);
    const ours = await runTs(request(scenario, scenario.id), scenario.build);
    const theirs = view(scenario, javaResult);
    const mine = view(scenario, ours);
    const report =
      `${scenario.id}: ${scenario.description}\n input: ${renderSteps(scenario.steps)}\n` +
      `Java:\n${render(theirs, javaResult.error)}\nours:\n${render(mine, ours.error)}`;
    if (scenario.knownDifference) {
      if (same(theirs, mine)) {
        throw new Error(
          `${scenario.id} is marked as a known difference but now matches Java: remove its knownDifference and its row in conformance/README.md\n${report}`,
        );
      }
      console.log(`known difference (${scenario.knownDifference.issue}): ${scenario.knownDifference.reason}\n${report}`);
      return;
    }
    if (!same(theirs, mine)) throw new Error(`differs from Java\n${report}`);
  });
});
