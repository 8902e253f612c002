import type { Logger } from '@nestjs/common';
import { type KafkaStreams, StartAbortedError } from '@streamkit/kafka-streams';

/**
 * Starts the streams app. A shutdown during start-up (SIGTERM: close() aborting start()) is not a failure:
 * it is logged and start-up ends quietly; any other error is thrown.
 */
export async function startStreams(streams: KafkaStreams, logger: Logger): Promise<void> {
  try {
    await streams.start();
  } catch (error) {
    if (!(error instanceof StartAbortedError)) throw error;
    logger.log('start-up ended by the shutdown');
  }
}
