// A service of this repository as its container runs it: `node services/<name>/dist/main.js`, with nothing in
// the environment but PATH and what the test passes.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export interface BuiltService {
  /** Absolute path of the built entry point. */
  readonly main: string;
  /** `tsc -b services/<name>`: compiles the service and the libraries it references when they changed. */
  build(): void;
  /** Runs the service to its exit (at most 20 s) and answers its exit status and output. */
  run(env: Record<string, string>): SpawnSyncReturns<string>;
}

export function builtService(name: string): BuiltService {
  const main = `${root}services/${name}/dist/main.js`;
  return {
    main,
    build: () => {
      execFileSync(`${root}node_modules/.bin/tsc`, ['-b', `services/${name}`], { cwd: root });
    },
    run: (env) =>
      spawnSync(process.execPath, [main], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 20_000,
      }),
  };
}
