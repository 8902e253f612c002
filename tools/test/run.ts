// `npm test` and `npm run test:<project>` after tools/test/launch.mjs installed the dependencies, on the
// project's Node: the set-up the target's Jest projects need (one line per step), then lint, build and
// typecheck as far as the target asks, then Jest with the remaining arguments. --setup-only stops after the
// set-up.
import { findRepoRoot } from '../versions.ts';
import { parseArguments, UsageError } from './arguments.ts';
import { runJest } from './jest.ts';
import { LocalMachine } from './machine.ts';
import { PREFIX, runSteps } from './runner.ts';
import { allSteps } from './steps.ts';
import { jestArguments, stepsFor } from './targets.ts';

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  const root = findRepoRoot(import.meta.dirname);
  const catalogue = allSteps(new LocalMachine(root));
  const steps = stepsFor(args.target).map((name) => catalogue[name]);

  const setupStarted = performance.now();
  const setup = await runSteps(
    steps.filter((step) => step.phase === 'setup'),
    { write: say },
  );
  if (!setup.completed) {
    say(`${PREFIX} stopped before the tests: ${setup.failed.join(', ')} (see above)`);
    return 1;
  }
  say(`${PREFIX} set-up done in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);
  if (args.setupOnly) return 0;

  const checks = await runSteps(
    steps.filter((step) => step.phase === 'check'),
    { write: say },
  );
  if (!checks.completed) {
    say(`${PREFIX} stopped before the tests: ${checks.failed.join(', ')} failed (see above)`);
    return 1;
  }
  const jest = jestArguments(args.target, args.jestArguments);
  say(`${PREFIX} jest ${jest.join(' ')}`.trimEnd());
  const status = await runJest(root, jest, { ...process.env, ...setup.env });
  if (checks.failed.length > 0) {
    say(`${PREFIX} ${checks.failed.join(', ')} failed (see above)`);
    return status === 0 ? 1 : status;
  }
  return status;
}

main().then(
  (status) => (process.exitCode = status),
  (error: unknown) => {
    say(
      `${PREFIX} ${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}`,
    );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
