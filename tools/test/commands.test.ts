import { describe, expect, it } from '@jest/globals';
import { failureReason, lastLines, runNpmScript, runScript } from './commands.ts';
import { FakeMachine } from './fake-machine.ts';
import { StepFailed } from './step.ts';

describe('failureReason', () => {
  it("takes the script's own ERROR message", () => {
    const output = '[ensure-compose] building\n[ensure-compose] ERROR: go build of docker compose failed\nmore\n';
    expect(failureReason(output)).toBe('go build of docker compose failed');
  });

  it('falls back to the last line', () => {
    expect(failureReason('Installing Chromium...\nE: Unable to locate package chromium\n')).toBe(
      'E: Unable to locate package chromium',
    );
    expect(failureReason('')).toBe('no output');
  });
});

describe('runScript and runNpmScript', () => {
  it('turn a failure into StepFailed with the log and its end', async () => {
    const machine = new FakeMachine();
    const output = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    machine.scripts.set('bash tools/docker/ensure-kustomize.sh', { status: 1, output });
    const failure = await runScript(machine, 'kustomize', 'tools/docker/ensure-kustomize.sh').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StepFailed);
    expect(failure).toMatchObject({
      message: 'tools/docker/ensure-kustomize.sh: line 49',
      log: '.local/test/kustomize.log',
      excerpt: lastLines(output, 30),
    });

    machine.scripts.set('npm run --silent build', { status: 2, output: 'error TS2322' });
    await expect(runNpmScript(machine, 'build', 'build')).rejects.toThrow('npm run build exited with status 2');
  });
});
