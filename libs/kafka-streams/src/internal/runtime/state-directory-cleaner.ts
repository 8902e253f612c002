// Deletes the directories of tasks this instance no longer owns once they were left untouched for
// `delayMs` (Java's state.cleanup.delay.ms): a task that comes back soon keeps its state and only
// restores the changelog tail, one that went elsewhere for good does not fill the disk.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamsLogger } from '../../runtime/logger.js';

const TASK_DIRECTORY = /^\d+_\d+$/;
const MAX_CHECK_INTERVAL_MS = 60_000;

export class StateDirectoryCleaner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly applicationDirectory: string,
    private readonly delayMs: number,
    /** Task ids whose directories are in use (active, restoring or closing tasks). */
    private readonly inUse: () => ReadonlySet<string>,
    private readonly logger: StreamsLogger,
  ) {}

  start(): void {
    const interval = Math.max(1_000, Math.min(this.delayMs, MAX_CHECK_INTERVAL_MS));
    this.timer = setInterval(() => void this.clean(), interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  clean(now = Date.now()): Promise<void> {
    this.running ??= this.cleanOnce(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async cleanOnce(now: number): Promise<void> {
    let entries: string[];
    try {
      entries = await readdir(this.applicationDirectory);
    } catch {
      return; // no state yet
    }
    for (const taskId of entries.filter((name) => TASK_DIRECTORY.test(name))) {
      if (this.inUse().has(taskId)) continue;
      const directory = join(this.applicationDirectory, taskId);
      try {
        const { mtimeMs } = await stat(directory);
        if (now - mtimeMs < this.delayMs || this.inUse().has(taskId)) continue;
        await rm(directory, { recursive: true, force: true });
        this.logger.info('deleted the state directory of a task no longer owned', { taskId, directory });
      } catch (error) {
        this.logger.warn('could not clean a task state directory', { taskId, error: String(error) });
      }
    }
  }
}
