// The cluster as @platformatic/kafka's network layer sees it: a connection pool, ApiVersions and cached metadata
// (`Base`), on which the runtime sends protocol requests of pinned versions itself.
import {
  Base,
  type BaseOptions,
  type ClusterMetadata,
  type Connection,
  findCoordinatorV4,
  kGetBootstrapConnection,
} from '@platformatic/kafka';
import type { ClientConnectionOptions } from '../types.js';
import { backoffDelay, type BackoffOptions, retriesWithin } from './backoff.js';
import { hasProtocolError } from './errors.js';

export const FIND_COORDINATOR_GROUP = 0;
export const FIND_COORDINATOR_TRANSACTION = 1;

/**
 * How long @platformatic/kafka's clients keep retrying a request that failed for a retriable reason (a broker that
 * cannot be reached or restarts, a coordinator or leader that moves). The runtime fails the application when a task
 * cannot start or restore (its committed offsets, its changelogs' offsets, its producer), so this is the longest
 * outage an instance rides through: Java's Kafka Streams retries such a task for `task.timeout.ms`, 5 minutes by
 * default. With 60 s (Java's max.block.ms), a task starting as the broker stopped for 60 s failed the application.
 * A close ends the waits at once.
 */
export const RETRY_BUDGET_MS = 300_000;
const RETRY_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 2_000, jitter: 0.2 };
/**
 * A transaction's first AddPartitionsToTxn or AddOffsetsToTxn is answered CONCURRENT_TRANSACTIONS while the
 * coordinator still completes the previous transaction (writes its markers): a matter of milliseconds, retried after
 * 4 ms, 8, 16... (Java's producer retries it after 20 ms), not after the 100 ms meant for a broker that moves.
 * Back to back transactions (exactly-once commits every 100 ms) each lost most of 100 ms to it: a thread's first
 * send of a transaction took 32 ms on average in the bench's word count, later ones 11. Adding the next
 * transaction's partitions took 13-18 ms (median) with a first retry after 10 ms, 9-11 ms after 4 ms.
 */
const CONCURRENT_TRANSACTIONS_BACKOFF: BackoffOptions = { initialMs: 4, maxMs: 2_000, jitter: 0.2 };

/** The delay before retry number `attempt` of a request that failed with `error`. */
export function retryDelay(attempt: number, error: unknown): number {
  const concurrent = hasProtocolError(error, 'CONCURRENT_TRANSACTIONS');
  return backoffDelay(attempt, concurrent ? CONCURRENT_TRANSACTIONS_BACKOFF : RETRY_BACKOFF);
}

/** BaseOptions shared by every @platformatic/kafka client the factory makes. */
export function baseOptions(options: ClientConnectionOptions): BaseOptions {
  return {
    clientId: options.clientId,
    bootstrapBrokers: [...options.brokers],
    retries: retriesWithin(RETRY_BUDGET_MS, RETRY_BACKOFF),
    retryDelay: (_client, _operation, attempt, _retries, error) => retryDelay(attempt, error),
    connectTimeout: 5_000,
    ...(options.tls ? { tls: options.tls.ca ? { ca: options.tls.ca, rejectUnauthorized: true } : {} } : {}),
    ...(options.sasl
      ? { sasl: { mechanism: 'SCRAM-SHA-512', username: options.sasl.username, password: options.sasl.password } }
      : {}),
  };
}

export class ClusterConnection {
  /** `base`: a client of its own, or the one of a @platformatic/kafka client whose connections are shared. */
  constructor(readonly base: Base) {}

  static create(options: ClientConnectionOptions): ClusterConnection {
    return new ClusterConnection(new Base(baseOptions(options)));
  }

  get closed(): boolean {
    return this.base.closed;
  }

  metadata(topics: ReadonlyArray<string>, forceUpdate = false): Promise<ClusterMetadata> {
    return this.base.metadata({ topics: [...topics], forceUpdate, autocreateTopics: false });
  }

  async toNode(nodeId: number): Promise<Connection> {
    let metadata = await this.metadata([]);
    if (!metadata.brokers.has(nodeId)) metadata = await this.metadata([], true);
    const broker = metadata.brokers.get(nodeId);
    if (!broker) throw new Error(`broker ${nodeId} is not in the cluster metadata`);
    return this.base.connections.get(broker);
  }

  /** A connection to any reachable broker. */
  any(): Promise<Connection> {
    return new Promise((resolve, reject) =>
      this.base[kGetBootstrapConnection]((error, connection) =>
        error || !connection ? reject(error) : resolve(connection),
      ),
    );
  }

  /** The broker coordinating `key` (a group id or a transactional id). */
  async coordinator(keyType: number, key: string): Promise<{ nodeId: number; connection: Connection }> {
    const response = await findCoordinatorV4.api.async(await this.any(), keyType, [key]);
    const found = response.coordinators.find((c) => c.key === key) ?? response.coordinators[0];
    if (!found) throw new Error(`no coordinator found for ${key}`);
    return { nodeId: found.nodeId, connection: await this.toNode(found.nodeId) };
  }

  close(): Promise<void> {
    return this.base.closed ? Promise.resolve() : this.base.close();
  }
}
