// The seam's clients on @platformatic/kafka (see docs/client.md): its admin and producer, and this library's own
// group member and fetch loop on its connections. Every consumer and reader has connections of its own, so that a
// long-polling Fetch never holds up another client's requests on the same connection.
import type {
  ClientConnectionOptions,
  GroupConsumerOptions,
  KafkaClientFactory,
  TransactionalProducerOptions,
} from '../types.js';
import { PlatformaticAdminClient } from './admin.js';
import { PlatformaticChangelogReader } from './changelog-reader.js';
import { ClusterConnection } from './connection.js';
import { PlatformaticGroupConsumer } from './consumer.js';
import { PlatformaticGlobalConsumer } from './global-consumer.js';
import { PlatformaticRecordProducer } from './producer.js';
import { PlatformaticTransactionalProducer } from './transactional-producer.js';

const DEFAULT_SESSION_TIMEOUT_MS = 45_000;
const DEFAULT_HEARTBEAT_INTERVAL_MS = 3_000;
const DEFAULT_MAX_WAIT_MS = 500;

export class PlatformaticClientFactory implements KafkaClientFactory {
  readonly fencesZombiesByGeneration = true;

  constructor(private readonly options: ClientConnectionOptions) {}

  admin(): PlatformaticAdminClient {
    return new PlatformaticAdminClient(this.options);
  }

  /** Idempotent; a `transactionalId` asks for transactions, which `transactionalProducer` gives. */
  producer(): PlatformaticRecordProducer {
    return new PlatformaticRecordProducer(this.options);
  }

  transactionalProducer(options: TransactionalProducerOptions): PlatformaticTransactionalProducer {
    return new PlatformaticTransactionalProducer(this.options, options);
  }

  /**
   * Cooperative unless asked to be eager. A cooperative consumer's group member has connections of its own: it joins
   * while the consumer fetches.
   */
  consumer(options: GroupConsumerOptions): PlatformaticGroupConsumer {
    const rebalanceProtocol = options.rebalanceProtocol ?? 'cooperative';
    const connection = ClusterConnection.create(this.options);
    return new PlatformaticGroupConsumer(
      connection,
      {
        groupId: options.groupId,
        ...(options.assignor ? { assignor: options.assignor } : {}),
        sessionTimeoutMs: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
        ...(options.groupInstanceId !== undefined ? { groupInstanceId: options.groupInstanceId } : {}),
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
        maxWaitTimeMs: options.maxWaitTimeMs ?? DEFAULT_MAX_WAIT_MS,
        readCommitted: options.readCommitted ?? true,
        rebalanceProtocol,
        logger: this.options.logger,
      },
      rebalanceProtocol === 'cooperative' ? ClusterConnection.create(this.options) : connection,
    );
  }

  /** No group is joined: `groupId` is not needed. */
  changelogReader(): PlatformaticChangelogReader {
    return new PlatformaticChangelogReader(this.options);
  }

  globalConsumer(options: { readonly groupId: string; readonly maxWaitTimeMs?: number }): PlatformaticGlobalConsumer {
    return new PlatformaticGlobalConsumer({
      ...this.options,
      ...(options.maxWaitTimeMs !== undefined ? { maxWaitTimeMs: options.maxWaitTimeMs } : {}),
    });
  }
}
