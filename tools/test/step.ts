// What a step of `npm test` is: set-up (make the machine ready for a test project) or a check (lint, build,
// typecheck). Each says in one line what it did or why it had nothing to do.

export type StepName =
  | 'docker'
  | 'images'
  | 'compose'
  | 'service images'
  | 'testcontainers env'
  | 'kustomize'
  | 'chromium'
  | 'java'
  | 'broker'
  | 'lint'
  | 'build'
  | 'typecheck';

export interface StepResult {
  /** What the step did, or why it was skipped: the rest of its one line. */
  readonly summary: string;
  /** Variables the tests need from this step (CHROMIUM_PATH, ...). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Step {
  readonly name: StepName;
  /** `setup` runs with --setup-only; `check` (lint, build, typecheck) only before the tests. */
  readonly phase: 'setup' | 'check';
  /** `continue`: a failure fails the run at the end but the tests still run (lint); `stop`: nothing runs after. */
  readonly onFailure: 'stop' | 'continue';
  perform(): Promise<StepResult>;
}

/** The step needs a tool this machine lacks and cannot install by itself; the message says what to install. */
export class MissingTool extends Error {
  override readonly name = 'MissingTool';
}

/** A command the step ran failed. */
export class StepFailed extends Error {
  override readonly name = 'StepFailed';
  /** Where the command's whole output is. */
  readonly log: string;
  /** The part of that output to show: its last lines, or all of it for a check. */
  readonly excerpt: string;

  // Fields assigned by hand: Node runs this file with type stripping, which has no parameter properties.
  constructor(message: string, log: string, excerpt: string) {
    super(message);
    this.log = log;
    this.excerpt = excerpt;
  }
}
