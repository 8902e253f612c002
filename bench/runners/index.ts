// The implementations the benchmark can run, by the name `--runner` takes.
import type { Runner } from './runner.ts';
import { streamkitRunner } from './streamkit/runner.ts';

export const RUNNERS: Readonly<Record<string, Runner>> = {
  streamkit: streamkitRunner,
};
