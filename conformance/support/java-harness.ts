// The Java side: builds conformance/java once per content hash into .local/conformance/<hash>/ (harness.jar +
// lib/), then keeps one JVM running for the whole test file. Each request is one line of JSON (a batch of
// runs) on its stdin, answered by one line on its stdout, so a batch costs one round trip and shrinking a
// generated failure costs no JVM start-up.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { RunRequest, RunResult } from './protocol.js';
import { conformanceCacheMaxBytes } from './cache-size.js';

const here = dirname(fileURLToPath(import.meta.url));
const javaDir = resolve(here, '../java');
const repoRoot = resolve(here, '../..');
const cacheRoot = join(repoRoot, '.local/conformance');

function files(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'target') return [];
      return statSync(path).isDirectory() ? files(path) : [path];
    })
    .sort();
}

/** Hash of pom.xml and every Java source: the cache key of the built harness. */
export function harnessHash(): string {
  const hash = createHash('sha256');
  for (const file of files(javaDir)) hash.update(relative(javaDir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function requireTool(command: string, args: string[], what: string): void {
  const probe = spawnSync(command, args, { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `The conformance suite needs ${what} (\`${command} ${args.join(' ')}\` failed: ${probe.error?.message ?? probe.stderr}). ` +
        'Install a JDK 17+ and Maven 3.8+ (Debian: apt-get install openjdk-17-jdk-headless maven).',
    );
  }
}

/** The harness directory (harness.jar, lib/), built with Maven if this hash has not been built yet. */
export function ensureHarness(log: (line: string) => void = () => {}): string {
  const dir = join(cacheRoot, harnessHash());
  if (existsSync(join(dir, 'harness.jar'))) return dir;
  requireTool('java', ['-version'], 'Java');
  requireTool('mvn', ['-v'], 'Maven');
  log(`building the Java conformance harness into ${relative(repoRoot, dir)} (mvn -q -B package)`);
  const build = spawnSync('mvn', ['-q', '-B', 'package'], { cwd: javaDir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (build.status !== 0) {
    throw new Error(`mvn -q -B package failed in ${javaDir}:\n${build.stdout}\n${build.stderr}`);
  }
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(join(javaDir, 'target/harness.jar'), join(staging, 'harness.jar'));
  cpSync(join(javaDir, 'target/lib'), join(staging, 'lib'), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

export class JavaHarness {
  private readonly pending: Array<(line: string) => void> = [];
  private stderr = '';
  private exited: string | undefined;

  private constructor(private readonly process: ChildProcessWithoutNullStreams) {
    createInterface({ input: process.stdout }).on('line', (line) => this.pending.shift()?.(line));
    process.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    });
    process.on('exit', (code, signal) => {
      this.exited = `the Java harness exited (${code ?? signal}):\n${this.stderr}`;
      for (const resolveLine of this.pending.splice(0)) resolveLine('');
    });
  }

  static start(log?: (line: string) => void): JavaHarness {
    const dir = ensureHarness(log);
    const classpath = [join(dir, 'harness.jar'), join(dir, 'lib', '*')].join(':');
    const child = spawn(
      'java',
      ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss4m', '-cp', classpath, 'streamkit.conformance.Harness'],
      // The JVM's cache size is the suite's (a test file may set it: Jest's process.env is its own copy).
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, CONFORMANCE_CACHE_MAX_BYTES: String(conformanceCacheMaxBytes()) },
      },
    );
    return new JavaHarness(child);
  }

  /** Runs a batch in the JVM; results in request order. */
  async run(runs: readonly RunRequest[]): Promise<RunResult[]> {
    if (this.exited) throw new Error(this.exited);
    const line = await new Promise<string>((resolveLine) => {
      this.pending.push(resolveLine);
      this.process.stdin.write(`${JSON.stringify({ runs })}\n`);
    });
    if (this.exited || line === '')
      throw new Error(this.exited ?? `the Java harness answered nothing:\n${this.stderr}`);
    return (JSON.parse(line) as { results: RunResult[] }).results;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolveExit) => this.process.once('exit', () => resolveExit()));
    this.process.stdin.end();
    await done;
  }
}
