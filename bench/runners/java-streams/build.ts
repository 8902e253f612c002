// Builds the Java contender (./pom.xml, ./src) into one shaded jar with Maven, cached under
// .local/bench/java-streams-<hash of pom.xml and src>/word-count.jar: a changed source rebuilds, nothing else does.
// Maven builds a copy of the module there, so bench/ never holds a target/ folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'target' ? [] : sources(path);
      return path.endsWith('.xml') || path.endsWith('.java') ? [path] : [];
    });
}

/** The jar's path, building it first if its sources changed since the cached build. */
export function javaStreamsJar(root: string, log: (line: string) => void): string {
  const hash = createHash('sha256');
  for (const file of sources(MODULE)) hash.update(relative(MODULE, file)).update('\0').update(readFileSync(file));
  const dir = join(root, '.local', 'bench', `java-streams-${hash.digest('hex').slice(0, 12)}`);
  const jar = join(dir, 'word-count.jar');
  if (existsSync(jar)) return jar;
  log(`  building the Java contender with Maven into ${relative(root, dir)} (once per source change)`);
  const build = join(dir, 'build');
  rmSync(build, { recursive: true, force: true });
  cpSync(join(MODULE, 'pom.xml'), join(build, 'pom.xml'));
  cpSync(join(MODULE, 'src'), join(build, 'src'), { recursive: true });
  const mvn = spawnSync('mvn', ['-q', '-B', 'package'], { cwd: build, encoding: 'utf8' });
  if (mvn.status !== 0) throw new Error(`mvn package failed:\n${(mvn.stdout + mvn.stderr).slice(-4_000)}`);
  cpSync(join(build, 'target', 'word-count.jar'), jar);
  rmSync(build, { recursive: true, force: true });
  return jar;
}

/** "OpenJDK 17.0.x" (the first line of `java -version`). */
export function javaVersion(): string {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (java.stderr.split('\n')[0] ?? 'java: unknown').replaceAll('"', '');
}
