import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMachine } from './machine.ts';

describe('LocalMachine', () => {
  const machine = new LocalMachine(mkdtempSync(join(tmpdir(), 'machine-')));

  it('asks a command and gets its status and output; 127 when it is not installed', async () => {
    expect(await machine.ask('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      status: 3,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    expect((await machine.ask('/nonexistent/tool', ['--version'])).status).toBe(127);
  });

  it("logs a command's output under .local/test/", async () => {
    expect(await machine.runLogged('service images', 'sh', ['-c', 'echo one; echo two >&2; exit 2'])).toEqual({
      status: 2,
      log: join('.local', 'test', 'service-images.log'),
      output: 'one\ntwo\n',
    });
    expect(machine.readText('.local/test/service-images.log')).toBe('one\ntwo\n');
  });

  it('finds executables on PATH', () => {
    expect(machine.which('sh')).toMatch(/\/sh$/);
    expect(machine.which('no-such-command-here')).toBeUndefined();
  });
});
