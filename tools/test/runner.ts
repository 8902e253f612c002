// Runs steps in order, one line each: what it did, why it skipped, what to install, or why it failed (then the
// end of its output). Stops at a step that cannot be done or fails, unless that step lets the run continue.
import { MissingTool, type Step, StepFailed, type StepName } from './step.ts';

export const PREFIX = '[test]';

export interface StepsOutcome {
  /** Every step ran; false when one could not be done or failed and stopped the run. */
  readonly completed: boolean;
  readonly failed: ReadonlyArray<StepName>;
  /** What the steps give the tests (CHROMIUM_PATH, ...). */
  readonly env: Readonly<Record<string, string>>;
}

export interface RunnerOptions {
  readonly write: (text: string) => void;
  /** Milliseconds, for the time a step took. */
  readonly now?: () => number;
}

/** ` (12s)` after a step that took a while; nothing for quick ones (skips). */
export function tookSuffix(milliseconds: number): string {
  if (milliseconds < 1_000) return '';
  const seconds = Math.round(milliseconds / 1_000);
  return seconds < 60 ? ` (${seconds}s)` : ` (${Math.floor(seconds / 60)}m ${seconds % 60}s)`;
}

export async function runSteps(steps: ReadonlyArray<Step>, options: RunnerOptions): Promise<StepsOutcome> {
  const { write, now = () => performance.now() } = options;
  const env: Record<string, string> = {};
  const failed: StepName[] = [];
  for (const step of steps) {
    const started = now();
    try {
      const result = await step.perform();
      Object.assign(env, result.env);
      write(`${PREFIX} ${step.name}: ${result.summary}${tookSuffix(now() - started)}`);
    } catch (error) {
      failed.push(step.name);
      if (error instanceof MissingTool) {
        write(`${PREFIX} ${step.name}: cannot be done here: ${error.message}`);
        return { completed: false, failed, env };
      }
      if (error instanceof StepFailed) {
        write(`${PREFIX} ${step.name}: failed: ${error.message} (log: ${error.log})${tookSuffix(now() - started)}`);
        write(`---- last lines of ${error.log} ----\n${error.excerpt}\n----`);
        if (step.onFailure === 'continue') continue;
        return { completed: false, failed, env };
      }
      write(`${PREFIX} ${step.name}: failed: ${error instanceof Error ? error.message : String(error)}`);
      return { completed: false, failed, env };
    }
  }
  return { completed: true, failed, env };
}
