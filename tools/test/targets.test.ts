import { describe, expect, it } from '@jest/globals';
import { allSteps } from './steps.ts';
import { FakeMachine } from './fake-machine.ts';
import { isTarget, jestArguments, STEP_ORDER, stepsFor } from './targets.ts';

describe('stepsFor', () => {
  it('gives each Jest project only the set-up it needs', () => {
    expect(stepsFor('unit')).toEqual(['kustomize', 'java']);
    expect(stepsFor('integration')).toEqual(['chromium', 'broker', 'build']);
    expect(stepsFor('e2e')).toEqual(['docker', 'images', 'compose', 'service images', 'testcontainers env', 'build']);
  });

  it('gives npm test everything, then lint, build and typecheck', () => {
    expect(stepsFor('all')).toEqual([
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
    ]);
  });

  it('orders every step there is, once', () => {
    const names = Object.keys(allSteps(new FakeMachine()));
    expect([...STEP_ORDER].sort()).toEqual(names.sort());
  });

  it('runs set-up before checks', () => {
    const steps = allSteps(new FakeMachine());
    const phases = STEP_ORDER.map((name) => steps[name].phase);
    expect(phases.lastIndexOf('setup')).toBeLessThan(phases.indexOf('check'));
  });
});

describe('jestArguments', () => {
  it("selects the Jest project of a project target after the caller's arguments, none for npm test", () => {
    expect(jestArguments('unit', ['tools/'])).toEqual(['tools/', '--selectProjects', 'unit']);
    expect(jestArguments('integration', [])).toEqual(['--selectProjects', 'integration', 'integration-kafkajs']);
    expect(jestArguments('all', ['--json', '--outputFile=r.json'])).toEqual(['--json', '--outputFile=r.json']);
  });
});

describe('isTarget', () => {
  it('knows the targets', () => {
    expect(['all', 'unit', 'integration', 'e2e'].every(isTarget)).toBe(true);
    expect(isTarget('--json')).toBe(false);
    expect(isTarget(undefined)).toBe(false);
  });
});
