// A member of a group on the platformatic client whose generation went on without it (here: the coordinator removed
// it, as when its session expires during a network partition) tells the runtime its partitions are lost instead of
// asking it to commit them, and reads them again from the group's committed offsets once it is back in the group:
// another member may have processed them meanwhile, so its own positions are stale. The runtime counts such losses
// (metrics().partitionsLost): the evidence that a zombie noticed it was fenced, whether or not it had a transaction
// open to abort.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { leaveGroupV5 } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { PlatformaticClientFactory } from '../../src/internal/client/platformatic/client-factory.js';
import { ClusterConnection, FIND_COORDINATOR_GROUP } from '../../src/internal/client/platformatic/connection.js';
import type { GroupConsumer } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { upperCasePlan } from './support/fixture-plans.js';
import { produce, StreamsHarness } from './support/streams-harness.js';

jest.setTimeout(90_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('a lost generation on the platformatic client', () => {
  let admin: Admin;
  const input = uniqueName('lost-in');
  const options = { clientId: 'lost-generation-test', brokers: bootstrapServers(), logger: silent };
  const factory = new PlatformaticClientFactory(options);
  const cluster = ClusterConnection.create(options);
  const harness = new StreamsHarness();
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
    await harness.closeAll();
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

  it('is counted by the runtime as partitions lost, not as a rebalance of a member still in the group', async () => {
    const applicationId = uniqueName('lost-app');
    const output = uniqueName('lost-out');
    await createTopics(admin, [{ topic: output, partitions: 1 }]);
    const streams = await harness.startRunning(upperCasePlan(input, output), applicationId, {
      client: 'platformatic',
    });
    expect(streams.metrics().partitionsLost).toBe(0);
    const rebalancesBefore = streams.metrics().rebalances;
    const [group] = (await admin.describeGroups([applicationId])).groups;
    const memberIds = (group?.members ?? []).map((m) => m.memberId);
    expect(memberIds).toHaveLength(1);

    const { connection } = await cluster.coordinator(FIND_COORDINATOR_GROUP, applicationId);
    await leaveGroupV5.api.async(connection, applicationId, [{ memberId: memberIds[0]!, reason: 'session expired' }]);

    await waitFor(
      () => streams.metrics().rebalances > rebalancesBefore && streams.state === 'RUNNING',
      30_000,
      () => `a new generation (state ${streams.state}, metrics ${JSON.stringify(streams.metrics().partitionsLost)})`,
    );
    expect(streams.metrics().partitionsLost).toBe(1);
  });
});
