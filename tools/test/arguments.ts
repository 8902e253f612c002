// The command line of tools/test/run.ts: the target (set by the npm script), --setup-only, and the rest for Jest.
import { isTarget, type Target } from './targets.ts';

export const USAGE = 'usage: node tools/test/run.ts all|unit|integration|e2e [--setup-only] [jest arguments...]';

export interface TestArguments {
  readonly target: Target;
  /** Only make the machine ready: no lint, build, typecheck or Jest. */
  readonly setupOnly: boolean;
  readonly jestArguments: ReadonlyArray<string>;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArguments(argv: ReadonlyArray<string>): TestArguments {
  const [target, ...rest] = argv;
  if (!isTarget(target))
    throw new UsageError(`${target === undefined ? 'no target' : `unknown target ${target}`}; ${USAGE}`);
  return {
    target,
    setupOnly: rest.includes('--setup-only'),
    jestArguments: rest.filter((argument) => argument !== '--setup-only'),
  };
}
