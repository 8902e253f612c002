// Temporary directories (state directories, mostly) of one test file, removed together once it is done, or kept
// for a look after a failure when KEEP_STATE is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class TempDirs {
  private readonly dirs: string[] = [];

  constructor(private readonly prefix: string) {}

  /** A new empty directory. */
  create(): string {
    const dir = mkdtempSync(join(tmpdir(), `${this.prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    const dirs = this.dirs.splice(0);
    if (process.env.KEEP_STATE) return;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
