// The process broker's failure modes: clear messages, non-zero exit, no hang. These never start Java.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { findRepoRoot } from '../versions.ts';

const root = findRepoRoot();

function runBroker(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'tools/kafka/broker.ts'), ...args], {
    cwd: root,
    env: { ...env, NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

/** A PATH with node but without java and mvn. */
function pathWithoutJava(): string {
  const bin = mkdtempSync(join(tmpdir(), 'no-java-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  return bin;
}

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describe('npm run kafka:start failure modes', () => {
  it('names Java when it is missing', () => {
    const { status, stderr } = runBroker(['start'], { PATH: pathWithoutJava(), LOCAL_KAFKA_PORT: '19192' });
    expect(status).toBe(1);
    expect(stderr).toMatch(/Java 17 or newer is required .* `java` was not found on PATH/);
  });

  it('says which port is taken when another process holds it', async () => {
    server = createServer();
    const port = await new Promise<number>((resolve) => {
      server!.listen(0, '127.0.0.1', () => resolve((server!.address() as { port: number }).port));
    });
    const { status, stderr } = runBroker(['start'], { ...process.env, LOCAL_KAFKA_PORT: String(port) });
    expect(status).toBe(1);
    expect(stderr).toContain(`port 127.0.0.1:${port} is already taken by another process`);
  });

  it('prints usage for an unknown command', () => {
    const { status, stderr } = runBroker(['launch'], process.env);
    expect(status).toBe(2);
    expect(stderr).toMatch(/usage: .*start\|stop\|status\|logs\|reset/);
  });
});
