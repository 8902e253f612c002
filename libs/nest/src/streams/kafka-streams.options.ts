import type { RunnableTopology, StreamsConfigInput } from '@streamkit/kafka-streams';

export interface KafkaStreamsModuleOptions {
  readonly topology: RunnableTopology;
  readonly config: StreamsConfigInput;
  /**
   * How long a stop may take to finish in-flight records, commit, flush and close the stores
   * (SHUTDOWN_GRACE_MS); keep it below the pod's terminationGracePeriodSeconds. Default 30 s.
   */
  readonly shutdownGraceMs?: number;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

/**
 * The part of the shutdown grace given to draining and committing; the rest is kept for closing the stores
 * (writing their checkpoints) and leaving the group: a quarter of the grace, at most 5 s.
 */
export function drainTimeoutMs(shutdownGraceMs: number): number {
  return shutdownGraceMs - Math.min(5_000, Math.floor(shutdownGraceMs / 4));
}
