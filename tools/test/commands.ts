// Running set-up scripts and checks with their output in a log: a failure becomes a StepFailed that gives the
// command's own reason and the end of its output.
import type { LoggedRun, Machine } from './machine.ts';
import { type StepName, StepFailed } from './step.ts';

/** Enough of a script's log to see why it failed; the log has the rest. */
export const SCRIPT_EXCERPT_LINES = 30;
/** A check's output is the list of problems to fix: show (nearly) all of it. */
const CHECK_EXCERPT_LINES = 200;

export function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** Why a script failed, in its words: what follows its last `ERROR:` (the scripts' `die`), else its last line. */
export function failureReason(output: string): string {
  const lines = output.trimEnd().split('\n');
  const errorAt = lines.findLastIndex((line) => line.includes('ERROR: '));
  if (errorAt === -1) return lines.at(-1)?.trim() || 'no output';
  return lines[errorAt]!.slice(lines[errorAt]!.indexOf('ERROR: ') + 'ERROR: '.length).trim();
}

/** `bash <script>` in the repository; throws StepFailed when it fails. */
export async function runScript(machine: Machine, step: StepName, script: string): Promise<LoggedRun> {
  const run = await machine.runLogged(step, 'bash', [script]);
  if (run.status !== 0) {
    throw new StepFailed(
      `${script}: ${failureReason(run.output)}`,
      run.log,
      lastLines(run.output, SCRIPT_EXCERPT_LINES),
    );
  }
  return run;
}

/** `npm run <script>` (lint, build, typecheck); throws StepFailed with its output when it fails. */
export async function runNpmScript(machine: Machine, step: StepName, script: string): Promise<void> {
  const run = await machine.runLogged(step, 'npm', ['run', '--silent', script]);
  if (run.status !== 0) {
    throw new StepFailed(
      `npm run ${script} exited with status ${run.status}`,
      run.log,
      lastLines(run.output, CHECK_EXCERPT_LINES),
    );
  }
}
