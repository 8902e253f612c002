import type { Logger } from '@nestjs/common';
import type { KafkaStreams } from '@streamkit/kafka-streams';
import { drainTimeoutMs } from './kafka-streams.options.js';

/**
 * Finishes the records in flight, commits, flushes, closes the stores and leaves the group. Draining gets
 * most of `shutdownGraceMs`; when it does not finish, the stores are closed anyway without a checkpoint and
 * the uncommitted records are processed again after the restart (at-least-once).
 */
export async function closeStreams(streams: KafkaStreams, shutdownGraceMs: number, logger: Logger): Promise<void> {
  const started = Date.now();
  const timeoutMs = drainTimeoutMs(shutdownGraceMs);
  const drained = await streams.close({ timeoutMs });
  const elapsedMs = Date.now() - started;
  if (drained) logger.log(`drained, committed and closed in ${elapsedMs} ms`);
  else
    logger.warn(
      `not drained within ${timeoutMs} ms, closed in ${elapsedMs} ms; uncommitted records will be processed again`,
    );
}
