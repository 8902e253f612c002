// A platformatic Fetcher on its own connection, reading a topic's partitions from offset 0 under read_committed, one
// record batch per partition and response (partitionMaxBytes 1): a test then knows what each round brings.
import { ClusterConnection } from '../../../src/internal/client/platformatic/connection.js';
import { Fetcher } from '../../../src/internal/client/platformatic/fetcher.js';
import { bootstrapServers } from '../../../../../test/support/kafka.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function oneBatchFetcher(topic: string, partitions: number): { fetcher: Fetcher; close: () => Promise<void> } {
  const connection = ClusterConnection.create({
    clientId: 'fetcher-test',
    brokers: bootstrapServers(),
    logger: silent,
  });
  const fetcher = new Fetcher({
    connection,
    readCommitted: true,
    maxWaitTimeMs: 100,
    logger: silent,
    partitionMaxBytes: 1,
  });
  fetcher.assign(
    Array.from({ length: partitions }, (_, partition) => ({ topic, partition })),
    () => 0n,
  );
  return { fetcher, close: () => connection.close() };
}
