/** One or more environment variables are missing or malformed; the message names each of them. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: ReadonlyArray<{ readonly variable: string; readonly reason: string }>) {
    super(`Invalid configuration: ${problems.map(({ variable, reason }) => `${variable}: ${reason}`).join('; ')}`);
  }

  /** The variables at fault, in the order they were reported. */
  get variables(): string[] {
    return this.problems.map(({ variable }) => variable);
  }
}
