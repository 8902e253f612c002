/**
 * Why Kafka cannot take records now, as the `reason` of the 503 that answers it:
 * - `kafka-unavailable`: Kafka did not acknowledge in time (broker unreachable, no leader, ...);
 * - `producer-resetting`: the producer failed and is being recreated (after a broker restart, a fencing, ...).
 */
export type KafkaUnavailableReason = 'kafka-unavailable' | 'producer-resetting';

/**
 * Kafka did not acknowledge. What was being sent may still be written later: callers should treat it as
 * "not confirmed", not as "not written".
 */
export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
  readonly reason: KafkaUnavailableReason;

  constructor(message: string, options?: ErrorOptions & { readonly reason?: KafkaUnavailableReason }) {
    super(message, options);
    this.reason = options?.reason ?? 'kafka-unavailable';
  }
}
