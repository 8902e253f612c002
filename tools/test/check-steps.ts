// The checks `npm test` runs before Jest, each one npm script of package.json so that there is one
// definition of each: lint (its failure fails the run but the tests still run), build, typecheck.
import { runNpmScript } from './commands.ts';
import type { Machine } from './machine.ts';
import type { Step, StepName } from './step.ts';

function npmScriptStep(machine: Machine, name: StepName, what: string, onFailure: Step['onFailure']): Step {
  return {
    name,
    phase: 'check',
    onFailure,
    async perform() {
      await runNpmScript(machine, name, name);
      return { summary: `passed (${what})` };
    },
  };
}

export const lintStep = (machine: Machine): Step =>
  npmScriptStep(machine, 'lint', 'eslint, prettier --check', 'continue');
export const buildStep = (machine: Machine): Step => npmScriptStep(machine, 'build', 'tsc -b', 'stop');
export const typecheckStep = (machine: Machine): Step =>
  npmScriptStep(machine, 'typecheck', 'tsc -p tsconfig.tests.json', 'stop');
