// The real client factory with some of its clients replaced or watched: what a test does not override stays the real
// factory's, including what it says it can do (exactly-once v2), so the runtime takes the same paths as without it.
import type { KafkaClientFactory } from '../../../src/internal/client/types.js';

type ClientMethods = Omit<KafkaClientFactory, 'fencesZombiesByGeneration'>;

export function wrapClientFactory(real: KafkaClientFactory, overrides: Partial<ClientMethods>): KafkaClientFactory {
  return {
    ...(real.fencesZombiesByGeneration !== undefined
      ? { fencesZombiesByGeneration: real.fencesZombiesByGeneration }
      : {}),
    admin: () => real.admin(),
    producer: (options) => real.producer(options),
    transactionalProducer: (options) => real.transactionalProducer(options),
    consumer: (options) => real.consumer(options),
    changelogReader: (options) => real.changelogReader(options),
    globalConsumer: (options) => real.globalConsumer(options),
    ...overrides,
  };
}
