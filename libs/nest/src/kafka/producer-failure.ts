import kafkajs from 'kafkajs';

/**
 * What a failed send says about the cluster and about the producer:
 * - `unreachable`: the cluster could not be reached or did not answer (connection, timeout, retries exhausted);
 * - `producer-state`: the broker refused the producer's identity or sequence numbers (out of order sequence
 *   number, unknown producer id, old epoch, fenced): this producer cannot go on, a new one must take over;
 * - `refused`: anything else (authorization, a record too large, ...): a fault the caller should see as such.
 */
export type ProducerFailure = 'unreachable' | 'producer-state' | 'refused';

const UNREACHABLE_ERRORS: ReadonlySet<string> = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSLockTimeout',
]);

/** Broker error types that end an idempotent or transactional producer's session. */
const PRODUCER_STATE_ERRORS: ReadonlySet<string> = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'INVALID_TXN_STATE',
  'PRODUCER_FENCED',
]);

export function classifyProducerFailure(error: unknown): ProducerFailure {
  if (!(error instanceof kafkajs.KafkaJSError)) return 'refused';
  // kafkajs' retrier wraps the last attempt's error when it gives up (retries exhausted, or an error it does not
  // retry, such as a reconnect that failed): the cause decides.
  if (error instanceof kafkajs.KafkaJSNonRetriableError && error.cause instanceof kafkajs.KafkaJSError) {
    const cause = classifyProducerFailure(error.cause);
    return cause === 'refused' && error instanceof kafkajs.KafkaJSNumberOfRetriesExceeded ? 'unreachable' : cause;
  }
  if (error instanceof kafkajs.KafkaJSProtocolError && PRODUCER_STATE_ERRORS.has(error.type)) return 'producer-state';
  return error.retriable || UNREACHABLE_ERRORS.has(error.name) ? 'unreachable' : 'refused';
}
