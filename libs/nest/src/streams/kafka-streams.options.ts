import type { RunnableTopology, StreamsConfigInput } from '@streamkit/kafka-streams';

export interface KafkaStreamsModuleOptions {
  readonly topology: RunnableTopology;
  readonly config: StreamsConfigInput;
  /**
   * How long shutdown may take to finish in-flight records, commit and close stores (SHUTDOWN_GRACE_MS);
   * keep it below the pod's terminationGracePeriodSeconds. Default 30 s.
   */
  readonly shutdownGraceMs?: number;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
