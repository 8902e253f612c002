// The runtime's own view of a Kafka client. The runtime talks only to these interfaces, so a client
// other than kafkajs can be plugged in later without touching the runtime's logic or the DSL.
import type { ConsumedRecord } from '../engine/contracts.js';
import type { MutableHeaders } from '../../serde/serde.js';
import type { TopicPartition } from '../../runtime/topic-partition.js';

export interface TopicPartitionOffset extends TopicPartition {
  /** The next offset to read (Kafka's committed-offset convention). */
  readonly offset: bigint;
  /**
   * The metadata string committed with the offset (Kafka Streams keeps the partition time there); read back by
   * `AdminClient.committedOffsets`, written by `GroupConsumer.commit` and `TransactionalProducer.sendOffsets`.
   */
  readonly metadata?: string;
}

export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly config?: Readonly<Record<string, string>>;
}

export interface AdminClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  /** The `cleanup.policy` of each topic that exists (e.g. "delete", "compact", "compact,delete"). */
  cleanupPolicies(topics: ReadonlyArray<string>): Promise<Map<string, string>>;
  /** Partition counts of the topics that exist; missing topics are absent from the map. */
  partitionCounts(topics: ReadonlyArray<string>): Promise<Map<string, number>>;
  /** Creates the topics; a topic that already exists is not an error. */
  createTopics(topics: ReadonlyArray<NewTopic>): Promise<void>;
  brokerCount(): Promise<number>;
  /** Earliest and end (high watermark) offsets of the given partitions. */
  offsetRange(partitions: ReadonlyArray<TopicPartition>): Promise<Map<string, OffsetRange>>;
  /**
   * Deletes the records before each given offset (Kafka's DeleteRecords): the partition's log start moves there.
   * Used to purge repartition records every consumer of them has committed.
   */
  deleteRecords(before: ReadonlyArray<TopicPartitionOffset>): Promise<void>;
  /** Deletes consumer groups that have no members left (the private groups of readers that finished). */
  deleteGroups(groupIds: ReadonlyArray<string>): Promise<void>;
  /**
   * The group's committed offsets (with their metadata) of the given partitions; partitions without one are absent
   * from the result.
   */
  committedOffsets(groupId: string, partitions: ReadonlyArray<TopicPartition>): Promise<TopicPartitionOffset[]>;
}

/** Keyed by "<topic>:<partition>" in `AdminClient.offsetRange`. */
export interface OffsetRange {
  readonly earliest: bigint;
  /** The offset the next record will get (the high watermark). */
  readonly end: bigint;
}

/** A record to write, already serialized, with its partition chosen by the caller. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: MutableHeaders;
}

/**
 * Some records of a send were refused (by the broker, or by the client before it sent them) and the others written:
 * `refused` are the very objects of the send's input, `written` the offsets after the written ones per partition.
 */
export class RecordsRefusedError extends Error {
  constructor(
    message: string,
    readonly refused: ReadonlyArray<OutgoingRecord>,
    readonly written: ReadonlyArray<TopicPartitionOffset>,
  ) {
    super(message);
  }
}

export interface RecordProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Resolves once the broker acknowledged every record (acks=all), with, per topic-partition written, the
   * offset after the last record written (what a changelog checkpoint records).
   */
  send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>>;
}

/**
 * A producer whose records and consumer-group offsets become visible together or not at all (a Kafka
 * transaction), one transaction at a time. Any call that leaves the transaction unable to commit rejects with
 * a `TransactionFailedError`; the producer must then be disconnected and replaced. Other rejections of `send`
 * concern the records only (e.g. a record too large) and leave the transaction usable.
 */
export interface TransactionalProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Registers the transactional id: fences every older producer with the same id and completes the
   * transaction it left open (the broker aborts it), so nothing it did afterwards can commit.
   */
  initTransactions(): Promise<void>;
  beginTransaction(): Promise<void>;
  /** Writes within the open transaction; resolves as `RecordProducer.send` does. */
  send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>>;
  /**
   * Adds partitions to the open transaction ahead of its first writes to them (AddPartitionsToTxn), so that those
   * writes do not wait for it. Clients that add partitions only as they write leave it out.
   */
  addPartitions?(partitions: ReadonlyArray<TopicPartition>): Promise<void>;
  /**
   * Adds these consumed offsets of `groupId` to the open transaction (they commit with it). With `groupMetadata`
   * (clients whose consumer gives it), the group coordinator rejects the offsets of a member of an older generation
   * (KIP-447): the transaction then rejects with a `TransactionFailedError`.
   */
  sendOffsets(
    groupId: string,
    offsets: ReadonlyArray<TopicPartitionOffset>,
    groupMetadata?: ConsumerGroupMetadata,
  ): Promise<void>;
  commitTransaction(): Promise<void>;
  abortTransaction(): Promise<void>;
}

/** Who consumed the offsets a transaction commits (Java's ConsumerGroupMetadata), for KIP-447's zombie fencing. */
export interface ConsumerGroupMetadata {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

export interface TransactionalProducerOptions {
  readonly transactionalId: string;
  /** How long the broker lets a transaction stay open before it aborts it. */
  readonly transactionTimeoutMs: number;
}

export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: ReadonlyArray<ConsumedRecord>;
}

export interface BatchContext {
  /** Tells the group coordinator this member is alive; throws when the group is rebalancing. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping or the batch's partition was re-positioned. */
  isActive(): boolean;
}

export type BatchHandler = (batch: FetchedBatch, context: BatchContext) => Promise<void>;

export interface GroupMember {
  readonly memberId: string;
  readonly topics: ReadonlyArray<string>;
  readonly userData: Buffer;
}

export interface MemberAssignment {
  readonly partitions: ReadonlyArray<TopicPartition>;
  readonly userData?: Buffer;
}

/**
 * Decides which member reads which partitions; runs on the group leader. Client-neutral, so a
 * state-aware (standby, stickiness) assignor can be written once and used with any client.
 */
export interface GroupAssignor {
  readonly name: string;
  readonly version: number;
  /** Data this member sends along with its subscription (e.g. the tasks it owns). */
  subscriptionUserData(): Buffer;
  /** May be asynchronous (e.g. to look up changelog offsets); the group waits for it up to its rebalance timeout. */
  assign(input: {
    readonly members: ReadonlyArray<GroupMember>;
    readonly partitionsPerTopic: ReadonlyMap<string, number>;
  }): Map<string, MemberAssignment> | Promise<Map<string, MemberAssignment>>;
}

/**
 * How the member takes part in rebalances. `eager`: every partition is revoked before the member rejoins (Kafka's
 * classic protocol as kafkajs speaks it). `cooperative` (KIP-429): the member keeps its partitions while the group
 * rebalances and gives up only those the new assignment moves elsewhere; a partition another member still owns is
 * handed over in a follow-up rebalance. Every member of a group must use the same one.
 */
export type RebalanceProtocol = 'eager' | 'cooperative';

export interface GroupEvents {
  /**
   * Eager rebalancing: the group started rebalancing and the current assignment is about to be revoked. A client
   * that can (platformatic) rejoins only once the returned promise settled; kafkajs does not wait.
   */
  onRebalancing?(): void | Promise<void>;
  /**
   * Cooperative rebalancing: the member is about to rejoin and keeps its partitions meanwhile (batches keep coming).
   * It rejoins once the returned promise settled: a commit in progress must end first, and none may start until
   * `onRevoked`/`onAssigned` (the group refuses offsets of a generation that is being replaced).
   */
  onRebalanceStarted?(): void | Promise<void>;
  /**
   * Cooperative rebalancing: these partitions, owned until now, are not in the new assignment. Called (and awaited)
   * once the rebalance ended, before `onAssigned`, with no batch being handled: what was processed of them can be
   * committed before they are given up (commit before revoke). Not called when nothing is revoked.
   */
  onRevoked?(partitions: ReadonlyArray<TopicPartition>): void | Promise<void>;
  /**
   * This member's generation ended without it (its session expired, or the coordinator answered that it no longer
   * knows the member or its generation): its partitions may be another member's already, and nothing of theirs can
   * be committed. Their tasks are closed dirty before the member rejoins (Java's onPartitionsLost); the next
   * `onAssigned` starts every task afresh. kafkajs reports it when it rejoins under a new member id. A runtime
   * without it is told `onRebalancing` instead.
   */
  onLost?(): void | Promise<void>;
  /**
   * A new generation was joined, with this member's whole assignment (under cooperative rebalancing, the partitions
   * it kept included); called synchronously before anything is fetched for it.
   */
  onAssigned?(partitions: ReadonlyArray<TopicPartition>): void;
  /**
   * The user data the leader's assignor attached to this member's assignment, for the generation last passed
   * to `onAssigned`. It may arrive after `onAssigned` (kafkajs drops it, so its consumer reads it back with
   * DescribeGroups) and is not delivered when a newer rebalance began meanwhile.
   */
  onAssignmentUserData?(userData: Buffer): void;
  /** The consumer stopped on an error it could not recover from. */
  onFatalError?(error: Error): void;
  /**
   * A fetched batch was handled (one holding only transaction markers or aborted records too): where the consumer
   * now stands in its partition, and the partition's end offset when it was fetched.
   */
  onBatchHandled?(position: TopicPartition & { readonly nextOffset: bigint; readonly highWatermark: bigint }): void;
  /**
   * A round of fetches ended with every partition being fetched read up to where its readable records ended (the
   * last stable offset under read_committed): no input was waiting then. Awaited before the next round. Clients that
   * cannot tell (kafkajs) never call it.
   */
  onCaughtUp?(): Promise<void>;
  /**
   * Given to a consumer that paces processing itself (`pacesProcessing`): its handler only buffers each batch, and
   * the consumer has the buffered records processed a slice at a time between rounds of fetches.
   */
  readonly buffered?: BufferedProcessing;
}

/**
 * The runtime's buffered input, for a consumer that paces processing (Java's stream thread: poll, process a bounded
 * number of records, poll again). Between two rounds of fetches a slice of what is buffered is processed, so records
 * that the last slice produced to a repartition topic are fetched in the next round rather than after everything
 * fetched before them; a partition whose buffer is full is not fetched until it drains (Java's
 * buffered.records.per.partition).
 */
export interface BufferedProcessing {
  /** The partition's buffer is full: it is left out of fetches until it drains. */
  full(partition: TopicPartition): boolean;
  /**
   * Buffered records can be processed now: the next round of fetches does not wait for new data. (Records a task
   * cannot process yet — waiting for another partition's, or for `maxTaskIdleMs` — do not count.)
   */
  pending(): boolean;
  /** Processes a slice of what is buffered, if anything, and commits if due; called after every round. */
  processSlice(context: BatchContext): Promise<void>;
}

export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly assignor?: GroupAssignor;
  readonly sessionTimeoutMs?: number;
  /** Static membership (KIP-345); a client that cannot do it throws. */
  readonly groupInstanceId?: string;
  readonly heartbeatIntervalMs?: number;
  readonly maxWaitTimeMs?: number;
  /** Read only committed transactional records (Kafka's read_committed). */
  readonly readCommitted?: boolean;
  /**
   * Default: the client's own, `cooperative` where it can (platformatic), `eager` on kafkajs, which cannot rebalance
   * cooperatively and refuses to be asked to (a StreamsConfigError naming `rebalanceProtocol`).
   */
  readonly rebalanceProtocol?: RebalanceProtocol;
}

export interface GroupConsumer {
  /** How this member takes part in rebalances: the one asked for, or the client's default (see GroupConsumerOptions). */
  readonly rebalanceProtocol: RebalanceProtocol;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(topics: ReadonlyArray<string>, options?: { fromBeginning?: boolean }): Promise<void>;
  /**
   * True when the consumer paces processing (see BufferedProcessing): its `handler` is to buffer a batch, not to
   * process it. False: the handler processes each batch before the next is fetched.
   */
  readonly pacesProcessing: boolean;
  /** Starts fetching; batches are handed to `handler` one at a time (never concurrently). */
  run(handler: BatchHandler, events: GroupEvents): Promise<void>;
  commit(offsets: ReadonlyArray<TopicPartitionOffset>): Promise<void>;
  pause(partitions: ReadonlyArray<TopicPartition>): void;
  resume(partitions: ReadonlyArray<TopicPartition>): void;
  /** Next fetch of this partition starts at `offset`. Valid from `onAssigned` on. */
  seek(position: TopicPartitionOffset): void;
  /**
   * Makes this member rejoin the group, which rebalances it when the member's subscription changed (or it is the
   * leader). kafkajs offers no call for it: the rejoin happens when the next batch is fetched.
   */
  requestRejoin(): void;
  /**
   * The group metadata of the generation this member is in, for `TransactionalProducer.sendOffsets`; absent on
   * clients whose transactional offset commits cannot carry it (kafkajs).
   */
  readonly groupMetadata?: () => ConsumerGroupMetadata;
}

/** A changelog partition to replay: records with startOffset <= offset < endOffset. */
export interface ChangelogRange extends TopicPartition {
  readonly startOffset: bigint;
  readonly endOffset: bigint;
}

/**
 * Reads given partitions between given offsets, outside the application's consumer group (restoring state
 * stores). Batches come one at a time; the next fetch waits for the handler.
 */
export interface ChangelogReader {
  read(ranges: ReadonlyArray<ChangelogRange>, onBatch: (batch: FetchedBatch) => Promise<void>): Promise<void>;
  /** Stops a read in progress; `read` then resolves without reading the rest. */
  stop(): Promise<void>;
}

/** A batch read by a GlobalConsumer. */
export interface PositionedBatch extends FetchedBatch {
  /** Where reading continues: after the last record, or past records compaction or transaction markers hid. */
  readonly nextOffset: bigint;
  /** The partition's end offset when the batch was fetched (so `highWatermark - nextOffset` is the lag). */
  readonly highWatermark: bigint;
}

/**
 * Reads given partitions from given offsets on, without end and outside the application's consumer group:
 * what keeps global stores current on every instance. Batches come one at a time (`records` may be empty
 * when only transaction markers were read); the next fetch waits for the handler.
 */
export interface GlobalConsumer {
  /** Resolves once reading runs; `onError` is told when the consumer stopped on an error it cannot recover from. */
  start(
    positions: ReadonlyArray<TopicPartitionOffset>,
    onBatch: (batch: PositionedBatch) => Promise<void>,
    onError: (error: Error) => void,
  ): Promise<void>;
  /** Stops reading; resolves once the batch being handled is done and the consumer left its group. */
  stop(): Promise<void>;
}

export interface KafkaClientFactory {
  /**
   * The consumer gives its group metadata and the transactional producer sends it with the offsets (KIP-447): the
   * runtime then runs exactly-once v2 (one producer per stream thread) instead of one producer per task.
   */
  readonly fencesZombiesByGeneration?: boolean;
  admin(): AdminClient;
  producer(options?: { readonly transactionalId?: string }): RecordProducer;
  transactionalProducer(options: TransactionalProducerOptions): TransactionalProducer;
  consumer(options: GroupConsumerOptions): GroupConsumer;
  /** `groupId` must be unique to this reader: it only names the private group the reader joins. */
  changelogReader(options: { readonly groupId: string }): ChangelogReader;
  /** `groupId` must be unique to this consumer, as for `changelogReader`. */
  globalConsumer(options: { readonly groupId: string; readonly maxWaitTimeMs?: number }): GlobalConsumer;
}

export interface ClientLogger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface ClientConnectionOptions {
  readonly clientId: string;
  readonly brokers: ReadonlyArray<string>;
  /** PEM of the CA the brokers' certificates chain to; enables TLS. */
  readonly tls?: { readonly ca?: string };
  readonly sasl?: { readonly mechanism: 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly logger: ClientLogger;
}
