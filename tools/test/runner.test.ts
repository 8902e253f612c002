import { describe, expect, it } from '@jest/globals';
import { runSteps, tookSuffix } from './runner.ts';
import { MissingTool, type Step, StepFailed, type StepName, type StepResult } from './step.ts';

function step(name: StepName, perform: () => StepResult, onFailure: Step['onFailure'] = 'stop') {
  const calls: StepName[] = [];
  const value: Step = {
    name,
    phase: 'setup',
    onFailure,
    async perform() {
      calls.push(name);
      return perform();
    },
  };
  return { step: value, calls };
}

async function run(steps: ReadonlyArray<Step>) {
  const lines: string[] = [];
  const outcome = await runSteps(steps, { write: (text) => lines.push(text), now: () => 0 });
  return { outcome, lines };
}

describe('runSteps', () => {
  it('writes one line per step, in order, and gathers what the steps give the tests', async () => {
    const { outcome, lines } = await run([
      step('docker', () => ({ summary: 'skipped: docker info answers' })).step,
      step('chromium', () => ({ summary: 'skipped: /usr/bin/chromium', env: { CHROMIUM_PATH: '/usr/bin/chromium' } }))
        .step,
    ]);
    expect(lines).toEqual([
      '[test] docker: skipped: docker info answers',
      '[test] chromium: skipped: /usr/bin/chromium',
    ]);
    expect(outcome).toEqual({ completed: true, failed: [], env: { CHROMIUM_PATH: '/usr/bin/chromium' } });
  });

  it('stops at a step that needs a tool the machine lacks, naming it', async () => {
    const later = step('kustomize', () => ({ summary: 'never' }));
    const { outcome, lines } = await run([
      step('compose', () => {
        throw new MissingTool('install Go (apt-get install golang-go)');
      }).step,
      later.step,
    ]);
    expect(lines).toEqual(['[test] compose: cannot be done here: install Go (apt-get install golang-go)']);
    expect(outcome).toMatchObject({ completed: false, failed: ['compose'] });
    expect(later.calls).toEqual([]);
  });

  it('shows the end of the log of a step that failed, then stops', async () => {
    const later = step('build', () => ({ summary: 'never' }));
    const { outcome, lines } = await run([
      step('images', () => {
        throw new StepFailed(
          'build-images.sh: docker build of apache/kafka failed',
          '.local/test/images.log',
          'l1\nl2',
        );
      }).step,
      later.step,
    ]);
    expect(lines).toEqual([
      '[test] images: failed: build-images.sh: docker build of apache/kafka failed (log: .local/test/images.log)',
      '---- last lines of .local/test/images.log ----\nl1\nl2\n----',
    ]);
    expect(outcome).toMatchObject({ completed: false, failed: ['images'] });
    expect(later.calls).toEqual([]);
  });

  it('carries on after a failed step that lets the run continue, and reports it', async () => {
    const later = step('build', () => ({ summary: 'passed (tsc -b)' }));
    const { outcome, lines } = await run([
      step(
        'lint',
        () => {
          throw new StepFailed('npm run lint exited with status 1', '.local/test/lint.log', 'problem');
        },
        'continue',
      ).step,
      later.step,
    ]);
    expect(lines.at(-1)).toBe('[test] build: passed (tsc -b)');
    expect(outcome).toEqual({ completed: true, failed: ['lint'], env: {} });
  });

  it('stops with the message of an unexpected error', async () => {
    const { outcome, lines } = await run([
      step('images', () => {
        throw new Error('versions.env: KAFKA_VERSION is missing');
      }).step,
    ]);
    expect(lines).toEqual(['[test] images: failed: versions.env: KAFKA_VERSION is missing']);
    expect(outcome.completed).toBe(false);
  });
});

describe('tookSuffix', () => {
  it('says how long a step took once it is a second or more', () => {
    expect(tookSuffix(400)).toBe('');
    expect(tookSuffix(12_400)).toBe(' (12s)');
    expect(tookSuffix(125_000)).toBe(' (2m 5s)');
  });
});
