// Runs docker-compose.yml as a throwaway Compose project through the `docker compose` CLI (Compose v2):
// its own project name (containers, network and volumes apart from any other run), free host ports, and
// `down -v` at the end.
//
// The CLI rather than Testcontainers' DockerComposeEnvironment: `up --wait` already waits on the file's own
// health checks and `service_completed_successfully` conditions, which the environment would restate as
// wait strategies; and on failure the test prints `docker compose logs`, the first thing to read.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `docker compose version --short`, or a clear error when only Compose v1 (or nothing) is there. */
export async function composeVersion(): Promise<string> {
  const hint = 'Docker Compose v2 (`docker compose`) is needed: run tools/docker/ensure-compose.sh';
  try {
    const { stdout } = await run('docker', ['compose', 'version', '--short']);
    const version = stdout.trim();
    if (!/^v?2\./.test(version)) throw new Error(`docker compose reports ${version}. ${hint}`);
    return version;
  } catch (error) {
    throw new Error(`${hint} (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
}

export class ComposeProject {
  constructor(
    readonly root: string,
    readonly name: string,
    /** Variables the compose file interpolates (host ports). */
    readonly variables: Readonly<Record<string, string>>,
  ) {}

  async compose(args: ReadonlyArray<string>, timeoutMs: number): Promise<string> {
    const { stdout, stderr } = await run('docker', ['compose', '--project-name', this.name, ...args], {
      cwd: this.root,
      env: { ...process.env, ...this.variables },
      timeout: timeoutMs,
      maxBuffer: 32 * 1024 * 1024,
    });
    return stdout + stderr;
  }

  /** Starts every service from the existing images and waits until all are healthy (or completed). */
  async up(timeoutSeconds: number): Promise<void> {
    await this.compose(
      ['up', '--detach', '--no-build', '--wait', '--wait-timeout', String(timeoutSeconds)],
      (timeoutSeconds + 30) * 1000,
    );
  }

  async logs(tail = 60): Promise<string> {
    try {
      return await this.compose(['logs', '--no-color', '--tail', String(tail)], 60_000);
    } catch (error) {
      return `docker compose logs failed: ${(error as Error).message}`;
    }
  }

  /** Stops and removes containers, the network and the named volumes. */
  async down(): Promise<void> {
    await this.compose(['down', '--volumes', '--remove-orphans', '--timeout', '60'], 180_000);
  }
}
