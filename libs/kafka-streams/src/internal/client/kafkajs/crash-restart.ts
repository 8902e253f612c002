// kafkajs restarts a crashed consumer only when the crash's root cause is retriable. Some errors it gives up on only
// say that the cluster could not be reached within its retry budget (about 10 s): "Failed to find group coordinator"
// (KafkaJSGroupCoordinatorNotFound) after a broker outage longer than that, for one. Java's consumer waits out such
// an outage however long it lasts; so do these consumers, restarted here until the cluster answers again.
import type { Consumer, ConsumerRunConfig } from 'kafkajs';

/** Errors that mean the cluster (or the coordinator) could not be reached, not that anything is wrong with the call. */
const OUTAGE_ERRORS = new Set([
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

/** True when `error`, or an error it was caused by, is one of an unreachable cluster. */
export function isOutageError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; depth++) {
    if (OUTAGE_ERRORS.has(cause.name)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

export const FIRST_RESTART_DELAY_MS = 1_000;
export const MAX_RESTART_DELAY_MS = 10_000;

export interface CrashSupervisor {
  /** No restart after this; one under way stops the consumer again once kafkajs started it. */
  stop(): void;
}

/**
 * Watches `consumer`'s crashes: one kafkajs restarts itself is left to it; one kafkajs gives up on is restarted here
 * (the same run config, after a delay growing up to 10 s, back to 1 s after a join) when it is an outage, and handed
 * to `onFatal` otherwise.
 */
export function superviseCrashes(
  consumer: Consumer,
  runConfig: ConsumerRunConfig,
  onFatal: (error: Error) => void,
): CrashSupervisor {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let delayMs = FIRST_RESTART_DELAY_MS;
  const restart = async () => {
    timer = undefined;
    if (stopped) return;
    try {
      // A start that fails crashes again (kafkajs catches it and emits CRASH): that schedules the next restart.
      await consumer.run(runConfig);
    } catch (error) {
      onFatal(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    // kafkajs' disconnect stops nothing that is still joining: a close meanwhile must stop it once it joined.
    if (stopped) await consumer.disconnect().catch(() => undefined);
  };
  const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
    delayMs = FIRST_RESTART_DELAY_MS;
  });
  const removeCrash = consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopped) return;
    if (!isOutageError(payload.error)) {
      onFatal(payload.error);
      return;
    }
    consumer.logger().warn('the consumer crashed: the cluster could not be reached; restarting it', {
      error: `${payload.error.name}: ${payload.error.message}`,
      inMs: delayMs,
    });
    clearTimeout(timer);
    timer = setTimeout(() => void restart(), delayMs);
    delayMs = Math.min(delayMs * 2, MAX_RESTART_DELAY_MS);
  });
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      removeJoin();
      removeCrash();
    },
  };
}
