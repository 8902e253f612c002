// What probes need to know of a streams app (`KafkaStreams.health()`). Ready: it processes and answers queries from
// every store it owns — RUNNING, no active task restoring, global stores bootstrapped. Live: it is not failed, the one
// state it cannot leave without a restart (Kubernetes' liveness probe restarts it then).
import type { KafkaStreamsState } from './states.js';

export interface StreamsHealth {
  readonly live: boolean;
  readonly ready: boolean;
  /** Why it is not ready (or not live); "running" when it is both. */
  readonly reason: string;
}

export interface StreamsHealthInput {
  readonly state: KafkaStreamsState;
  readonly restoringTasks: ReadonlyArray<string>;
  readonly globalStoresBootstrapped: boolean;
  /** The error that moved the app to ERROR. */
  readonly error?: Error | undefined;
}

export function streamsHealth({
  state,
  restoringTasks,
  globalStoresBootstrapped,
  error,
}: StreamsHealthInput): StreamsHealth {
  if (state === 'ERROR' || state === 'PENDING_ERROR') {
    return { live: false, ready: false, reason: `failed: ${error?.message ?? 'stopped by an error'}` };
  }
  const notReady = (reason: string): StreamsHealth => ({ live: true, ready: false, reason });
  if (state === 'CREATED') return notReady('not started');
  if (state === 'PENDING_SHUTDOWN') return notReady('shutting down');
  if (state === 'NOT_RUNNING') return notReady('stopped');
  if (!globalStoresBootstrapped) return notReady('bootstrapping global stores');
  if (restoringTasks.length > 0) {
    return notReady(`restoring ${restoringTasks.length} task(s): ${restoringTasks.join(', ')}`);
  }
  if (state === 'REBALANCING') return notReady('rebalancing');
  return { live: true, ready: true, reason: 'running' };
}
