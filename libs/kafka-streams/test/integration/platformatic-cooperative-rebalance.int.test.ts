// Cooperative rebalancing on the platformatic client's group member (KIP-429): a member keeps reading its partitions
// while the group rebalances, gives up only those the new assignment moves, and they reach their new owner in the
// follow-up rebalance it starts. The leader's assignor is held at a gate while two members rebalance, so that "while
// the group rebalances" is a state the test controls rather than a moment it has to catch.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { PlatformaticClientFactory } from '../../src/internal/client/platformatic/client-factory.js';
import { roundRobinAssignor } from '../../src/internal/client/platformatic/round-robin-assignor.js';
import type { GroupAssignor, GroupConsumer, RebalanceProtocol } from '../../src/internal/client/types.js';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce } from './support/streams-harness.js';

jest.setTimeout(120_000);

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const PARTITIONS = 4;

/** Round-robin, but an assignment for two members or more waits until the test opens the gate. */
class GatedAssignor implements GroupAssignor {
  readonly name = 'gated-roundrobin';
  readonly version = 0;
  /** The leader is waiting at the gate: the group is in the middle of its rebalance. */
  waiting = false;
  private open: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  subscriptionUserData(): Buffer {
    return Buffer.alloc(0);
  }

  async assign(input: Parameters<GroupAssignor['assign']>[0]) {
    if (input.members.length > 1) {
      this.waiting = true;
      await this.opened;
      this.waiting = false;
    }
    return roundRobinAssignor.assign(input);
  }

  release(): void {
    this.open();
  }
}

/** What one member saw, in order: its group events and the batches it was handed. */
interface Member {
  readonly consumer: GroupConsumer;
  readonly log: string[];
  /** Records read, as "<partition>:<value>". */
  readonly read: string[];
  /** Resolves once the member joined (its first generation began). */
  readonly joined: Promise<void>;
}

describe('cooperative rebalancing on the platformatic client', () => {
  let admin: Admin;
  const factory = new PlatformaticClientFactory({
    clientId: 'cooperative-test',
    brokers: bootstrapServers(),
    logger: silent,
  });
  const members: Member[] = [];
  const gates: GatedAssignor[] = [];

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
  });
  afterEach(async () => {
    for (const gate of gates.splice(0)) gate.release(); // a failed test may have left a join waiting at its gate
    await Promise.all(members.splice(0).map((m) => m.consumer.disconnect()));
  });
  afterAll(() => admin.disconnect());

  /** Starts a member; it joins meanwhile (a join waits for the leader's assignment, which the gate may hold up). */
  async function start(
    groupId: string,
    topic: string,
    assignor: GroupAssignor,
    rebalanceProtocol: RebalanceProtocol,
  ): Promise<Member> {
    const consumer = factory.consumer({
      groupId,
      assignor,
      rebalanceProtocol,
      // No heartbeats while a member waits for the leader's assignment: longer than the gate is held.
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 300,
      maxWaitTimeMs: 100,
    });
    const log: string[] = [];
    const read: string[] = [];
    await consumer.connect();
    await consumer.subscribe([topic]);
    const partitions = (list: ReadonlyArray<{ partition: number }>) =>
      list
        .map((p) => p.partition)
        .sort()
        .join(',');
    const joined = consumer.run(
      async ({ partition, records }) => {
        if (records.length === 0) return;
        log.push(`batch ${partition}`);
        read.push(...records.map((r) => `${partition}:${r.value?.toString() ?? ''}`));
      },
      {
        onRebalancing: () => void log.push('rebalancing'),
        onRebalanceStarted: () => void log.push('rebalance started'),
        onRevoked: (revoked) => void log.push(`revoked ${partitions(revoked)}`),
        onLost: () => void log.push('lost'),
        onAssigned: (assigned) => void log.push(`assigned ${partitions(assigned)}`),
      },
    );
    const member = { consumer, log, read, joined };
    members.push(member);
    return member;
  }

  const recordsFor = (tag: string) =>
    Array.from({ length: PARTITIONS }, (_, partition) => ({
      key: `k${partition}`,
      value: `${tag}-${partition}`,
      partition,
    }));

  it('keeps reading every partition while the group rebalances and revokes only the partitions that move', async () => {
    const topic = uniqueName('coop-in');
    const groupId = uniqueName('coop-group');
    await createTopics(admin, [{ topic, partitions: PARTITIONS }]);
    const gate = new GatedAssignor();
    gates.push(gate);

    const first = await start(groupId, topic, gate, 'cooperative');
    await first.joined;
    await waitFor(
      () => first.log.includes('assigned 0,1,2,3'),
      30_000,
      () => `the first assignment (${first.log})`,
    );
    await produce(kafka(), topic, recordsFor('before'));
    await waitFor(
      () => first.read.length === PARTITIONS,
      30_000,
      () => `the first records (${first.read})`,
    );

    const second = await start(groupId, topic, gate, 'cooperative');
    await waitFor(() => gate.waiting, 30_000, 'the leader to compute the two-member assignment');
    // The group is rebalancing now. The first member still owns all four partitions and reads on.
    await produce(kafka(), topic, recordsFor('during'));
    await waitFor(
      () => first.read.filter((r) => r.includes('during')).length === PARTITIONS,
      30_000,
      () => `the first member to read the records produced during the rebalance (it read ${first.read})`,
    );
    expect(first.log).toContain('rebalance started');
    expect(first.log.filter((e) => e === 'rebalancing' || e.startsWith('revoked'))).toEqual([]);
    expect(second.read).toEqual([]);

    gate.release();
    await waitFor(
      () => second.log.filter((e) => e.startsWith('assigned')).some((e) => e !== 'assigned '),
      30_000,
      () => `the second member to get its partitions in the follow-up rebalance (${second.log})`,
    );
    const revoked = first.log.filter((e) => e.startsWith('revoked'));
    expect(revoked).toHaveLength(1);
    const moved = revoked[0]!.slice('revoked '.length).split(',');
    expect(moved).toHaveLength(2);
    const kept = ['0', '1', '2', '3'].filter((p) => !moved.includes(p));
    // The first member's last assignment is what it kept; the second one's is what moved, handed over only once
    // the first member gave it up (its own first assignment was empty).
    expect(first.log.filter((e) => e.startsWith('assigned')).at(-1)).toBe(`assigned ${kept.join(',')}`);
    expect(second.log.filter((e) => e.startsWith('assigned'))).toEqual(['assigned ', `assigned ${moved.join(',')}`]);
    expect(first.log).not.toContain('lost');

    await produce(kafka(), topic, recordsFor('after'));
    await waitFor(
      () => [...first.read, ...second.read].filter((r) => r.includes('after')).length === PARTITIONS,
      30_000,
      'the records produced after the rebalance',
    );
    // Each partition is read by its one owner: the moved ones by the second member, the kept ones by the first.
    expect(
      second.read
        .filter((r) => r.includes('after'))
        .map((r) => r.split(':')[0])
        .sort(),
    ).toEqual(moved);
    expect(
      first.read
        .filter((r) => r.includes('after'))
        .map((r) => r.split(':')[0])
        .sort(),
    ).toEqual(kept);
  });

  it('eager, by contrast, revokes every partition before the member rejoins and reads nothing meanwhile', async () => {
    const topic = uniqueName('eager-in');
    const groupId = uniqueName('eager-group');
    await createTopics(admin, [{ topic, partitions: PARTITIONS }]);
    const gate = new GatedAssignor();
    gates.push(gate);

    const first = await start(groupId, topic, gate, 'eager');
    await first.joined;
    await waitFor(
      () => first.log.includes('assigned 0,1,2,3'),
      30_000,
      () => `the first assignment (${first.log})`,
    );
    await start(groupId, topic, gate, 'eager');
    await waitFor(() => gate.waiting, 30_000, 'the leader to compute the two-member assignment');
    await produce(kafka(), topic, recordsFor('during'));
    gate.release();
    await waitFor(
      () => first.log.filter((e) => e.startsWith('assigned')).length === 2,
      30_000,
      () => `the first member's second assignment (${first.log})`,
    );
    // Between the revoke of everything and the new assignment, no batch.
    const rebalancing = first.log.indexOf('rebalancing');
    expect(rebalancing).toBeGreaterThan(0);
    expect(first.log[rebalancing + 1]).toMatch(/^assigned /);
  });
});
