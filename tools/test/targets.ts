// Which steps each test command needs, as data: `npm run test:<project>` does what its Jest project needs,
// `npm test` what all three need plus the checks of the whole code base.
import type { StepName } from './step.ts';

export const JEST_PROJECTS = ['unit', 'integration', 'e2e'] as const;
export type JestProject = (typeof JEST_PROJECTS)[number];
/** A Jest project, or `all` for `npm test`. */
export type Target = JestProject | 'all';

/** What each Jest project needs before it runs (see jest.config.js and the tests). */
export const PROJECT_NEEDS: Readonly<Record<JestProject, ReadonlyArray<StepName>>> = {
  // test/manifests/*.test.ts render the kustomizations; conformance/ runs Java's TopologyTestDriver (a jar
  // Maven builds once); everything else runs from source.
  unit: ['kustomize', 'java'],
  // The dashboard's browser test drives Chromium; the global setup starts the process broker; some tests
  // run the services and the library from their built dist/.
  integration: ['chromium', 'broker', 'build'],
  // Testcontainers' Kafka and `docker compose` on the services' images.
  e2e: ['docker', 'images', 'compose', 'service images', 'testcontainers env', 'build'],
};

/** Checks of the whole code base, run by `npm test` only. */
const WHOLE_RUN_CHECKS: ReadonlyArray<StepName> = ['lint', 'typecheck'];

/** The order steps run in: each after what it relies on, set-up before the checks. */
export const STEP_ORDER: ReadonlyArray<StepName> = [
  'docker',
  'images',
  'compose',
  'service images',
  'testcontainers env',
  'kustomize',
  'chromium',
  'java',
  'broker',
  'lint',
  'build',
  'typecheck',
];

export function isTarget(value: string | undefined): value is Target {
  return value === 'all' || (JEST_PROJECTS as ReadonlyArray<string | undefined>).includes(value);
}

/** The steps `target` needs, in the order they run. */
export function stepsFor(target: Target): StepName[] {
  const needed = new Set(
    target === 'all'
      ? [...JEST_PROJECTS.flatMap((project) => PROJECT_NEEDS[project]), ...WHOLE_RUN_CHECKS]
      : PROJECT_NEEDS[target],
  );
  return STEP_ORDER.filter((name) => needed.has(name));
}

/**
 * Jest's arguments for `target`: the caller's, then --selectProjects (none for `all`, which runs every project).
 * Last, because --selectProjects takes every word after it as a project: `--selectProjects unit tools/` would
 * look for a project named tools/ instead of filtering the tests by path.
 */
export function jestArguments(target: Target, extra: ReadonlyArray<string>): string[] {
  return target === 'all' ? [...extra] : [...extra, '--selectProjects', ...JEST_PROJECT_NAMES[target]];
}

/** The projects in jest.config.js a target runs: the library's integration tests run on both of its clients. */
const JEST_PROJECT_NAMES: Readonly<Record<JestProject, ReadonlyArray<string>>> = {
  unit: ['unit'],
  integration: ['integration', 'integration-kafkajs'],
  e2e: ['e2e'],
};
