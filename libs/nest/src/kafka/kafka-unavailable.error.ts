/**
 * Kafka did not acknowledge in time (broker unreachable, no leader, ...). What was being sent may still
 * be written later: callers should treat it as "not confirmed", not as "not written".
 */
export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
}
