// A member of a group on the platformatic client whose generation went on without it (here: the coordinator removed
// it, as when its session expires during a network partition) tells the runtime its partitions are lost instead of
// asking it to commit them, and reads them again from the group's committed offsets once it is back in the group:
// another member may have processed them meanwhile, so its own positions are stale.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { leaveGroupV5 } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { PlatformaticClientFactory } from '../../src/internal/client/platformatic/client-factory.js';
import { ClusterConnection, FIND_COORDINATOR_GROUP } from '../../src/internal/client/platformatic/connection.js';
import type { GroupConsumer } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce } from './support/streams-harness.js';

jest.setTimeout(90_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('a lost generation on the platformatic client', () => {
  let admin: Admin;
  const input = uniqueName('lost-in');
  const options = { clientId: 'lost-generation-test', brokers: bootstrapServers(), logger: silent };
  const factory = new PlatformaticClientFactory(options);
  const cluster = ClusterConnection.create(options);
  let consumer: GroupConsumer | undefined;

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic: input, partitions: 1 }]);
    await produce(
      kafka(),
      input,
      Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: 0 })),
    );
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await cluster.close();
    await admin.disconnect();
  });

  it('calls onLost, not onRebalancing, and starts from the committed offset, not from its own position', async () => {
    const groupId = uniqueName('lost-group');
    const events: string[] = [];
    const read: bigint[] = [];
    const member = (consumer = factory.consumer({
      groupId,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 300,
      maxWaitTimeMs: 100,
    }));
    await member.connect();
    await member.subscribe([input]);
    await member.run(
      async ({ records }) => {
        read.push(...records.map((r) => r.offset));
      },
      {
        onRebalancing: () => void events.push('rebalancing'),
        onLost: () => void events.push('lost'),
        onAssigned: (partitions) => void events.push(`assigned ${partitions.length}`),
      },
    );
    await waitFor(() => read.length === 10, 30_000, 'the ten records');
    await member.commit([{ topic: input, partition: 0, offset: 4n }]);
    const before = member.groupMetadata!();

    // The coordinator forgets the member, as it does when its session expires.
    const { connection } = await cluster.coordinator(FIND_COORDINATOR_GROUP, groupId);
    await leaveGroupV5.api.async(connection, groupId, [{ memberId: before.memberId, reason: 'session expired' }]);

    await waitFor(
      () => events.length >= 3,
      30_000,
      () => `a new generation (events ${events})`,
    );
    expect(events).toEqual(['assigned 1', 'lost', 'assigned 1']);
    expect(member.groupMetadata!().memberId).not.toBe(before.memberId);
    // Offsets 4..9 again: the partition starts where the group committed, not where this member had read to.
    await waitFor(
      () => read.length === 16,
      30_000,
      () => `offsets 4 to 9 read again (read ${read})`,
    );
    expect(read.slice(10)).toEqual([4n, 5n, 6n, 7n, 8n, 9n]);
  });
});
