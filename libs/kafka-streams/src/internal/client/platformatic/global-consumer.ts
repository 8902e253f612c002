// Reads given partitions from given offsets on, without end and without a group (global stores, standby tasks).
import type { ClientConnectionOptions, GlobalConsumer, PositionedBatch, TopicPartitionOffset } from '../types.js';
import { ClusterConnection } from './connection.js';
import { toError } from './errors.js';
import { Fetcher } from './fetcher.js';

const key = ({ topic, partition }: { topic: string; partition: number }) => `${topic}:${partition}`;

export class PlatformaticGlobalConsumer implements GlobalConsumer {
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private connection: ClusterConnection | undefined;

  constructor(private readonly options: ClientConnectionOptions & { readonly maxWaitTimeMs?: number }) {}

  async start(
    positions: ReadonlyArray<TopicPartitionOffset>,
    onBatch: (batch: PositionedBatch) => Promise<void>,
    onError: (error: Error) => void,
  ): Promise<void> {
    if (this.connection) throw new Error('this global consumer was already started');
    const connection = (this.connection = ClusterConnection.create(this.options));
    const fetcher = new Fetcher({
      connection,
      readCommitted: true,
      maxWaitTimeMs: this.options.maxWaitTimeMs ?? 500,
      logger: this.options.logger,
    });
    const starts = new Map(positions.map((p) => [key(p), p.offset]));
    fetcher.assign(positions, (tp) => starts.get(key(tp)));
    await connection.metadata([...new Set(positions.map((p) => p.topic))]);
    this.running = fetcher.run(async (fetched) => {
      try {
        await onBatch(fetched);
      } catch (error) {
        // What the handler could not apply is not read past: the consumer stops and the owner decides.
        onError(toError(error));
        this.stopping.abort();
        throw error;
      }
    }, this.stopping.signal);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
