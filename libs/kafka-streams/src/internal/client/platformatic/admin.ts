// The seam's admin calls on @platformatic/kafka's Admin.
import { Admin, ConfigResourceTypes, ListOffsetTimestamps } from '@platformatic/kafka';
import type { TopicPartition } from '../../../runtime/topic-partition.js';
import type { AdminClient, ClientConnectionOptions, NewTopic, OffsetRange, TopicPartitionOffset } from '../types.js';
import { sleep } from './backoff.js';
import { baseOptions } from './connection.js';
import { hasProtocolError } from './errors.js';

const LEADER_WAIT_ATTEMPTS = 50;

export class PlatformaticAdminClient implements AdminClient {
  private readonly admin: Admin;

  constructor(options: ClientConnectionOptions) {
    this.admin = new Admin(baseOptions(options));
  }

  async connect(): Promise<void> {
    await this.admin.metadata({ topics: [] });
  }

  async disconnect(): Promise<void> {
    if (!this.admin.closed) await this.admin.close();
  }

  listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  async partitionCounts(topics: ReadonlyArray<string>): Promise<Map<string, number>> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics)].filter((topic) => existing.has(topic));
    const counts = new Map<string, number>();
    if (wanted.length === 0) return counts;
    const metadata = await this.admin.metadata({ topics: wanted, forceUpdate: true });
    for (const topic of wanted) {
      const count = metadata.topics.get(topic)?.partitionsCount;
      if (count !== undefined) counts.set(topic, count);
    }
    return counts;
  }

  async cleanupPolicies(topics: ReadonlyArray<string>): Promise<Map<string, string>> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics)].filter((topic) => existing.has(topic));
    const policies = new Map<string, string>();
    if (wanted.length === 0) return policies;
    const described = await this.admin.describeConfigs({
      resources: wanted.map((resourceName) => ({
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName,
        configurationKeys: ['cleanup.policy'],
      })),
    });
    for (const { resourceName, configs } of described) {
      const policy = configs.find((config) => config.name === 'cleanup.policy')?.value;
      if (policy !== undefined && policy !== null) policies.set(resourceName, policy);
    }
    return policies;
  }

  async createTopics(topics: ReadonlyArray<NewTopic>): Promise<void> {
    // The request's configs apply to all its topics: one request per topic.
    await Promise.all(
      topics.map(async (topic) => {
        try {
          await this.admin.createTopics({
            topics: [topic.name],
            partitions: topic.partitions,
            replicas: topic.replicationFactor,
            configs: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
          });
        } catch (error) {
          if (!hasProtocolError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
        }
      }),
    );
    await this.waitForLeaders(topics.map((t) => t.name));
  }

  /** A topic just created has no leaders for a moment: wait, as kafkajs' `waitForLeaders` does. */
  private async waitForLeaders(topics: ReadonlyArray<string>): Promise<void> {
    if (topics.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      try {
        const metadata = await this.admin.metadata({ topics: [...topics], forceUpdate: true });
        const ready = topics.every((name) => {
          const topic = metadata.topics.get(name);
          return (
            topic !== undefined &&
            topic.partitions.length === topic.partitionsCount &&
            topic.partitions.every((p) => p.leader >= 0)
          );
        });
        if (ready) return;
      } catch (error) {
        if (attempt >= LEADER_WAIT_ATTEMPTS) throw error;
      }
      if (attempt >= LEADER_WAIT_ATTEMPTS) throw new Error(`topics without leaders: ${topics.join(', ')}`);
      await sleep(100);
    }
  }

  async brokerCount(): Promise<number> {
    const metadata = await this.admin.metadata({ topics: [], forceUpdate: true });
    return metadata.brokers.size;
  }

  async offsetRange(partitions: ReadonlyArray<TopicPartition>): Promise<Map<string, OffsetRange>> {
    const ranges = new Map<string, OffsetRange>();
    if (partitions.length === 0) return ranges;
    const [earliest, latest] = await Promise.all([
      this.listOffsets(partitions, ListOffsetTimestamps.EARLIEST),
      this.listOffsets(partitions, ListOffsetTimestamps.LATEST),
    ]);
    for (const [key, offset] of earliest) ranges.set(key, { earliest: offset, end: latest.get(key) ?? offset });
    return ranges;
  }

  private async listOffsets(
    partitions: ReadonlyArray<TopicPartition>,
    timestamp: bigint,
  ): Promise<Map<string, bigint>> {
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const listed = await this.admin.listOffsets({
      topics: [...byTopic].map(([name, numbers]) => ({
        name,
        partitions: [...new Set(numbers)].map((partitionIndex) => ({ partitionIndex, timestamp })),
      })),
    });
    const offsets = new Map<string, bigint>();
    for (const topic of listed)
      for (const p of topic.partitions) offsets.set(`${topic.name}:${p.partitionIndex}`, p.offset);
    return offsets;
  }

  async deleteRecords(before: ReadonlyArray<TopicPartitionOffset>): Promise<void> {
    if (before.length === 0) return;
    const byTopic = new Map<string, Array<{ partition: number; offset: bigint }>>();
    for (const { topic, partition, offset } of before) {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partition, offset });
    }
    await this.admin.deleteRecords({ topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) });
  }

  async deleteGroups(groupIds: ReadonlyArray<string>): Promise<void> {
    if (groupIds.length === 0) return;
    try {
      await this.admin.deleteGroups({ groups: [...groupIds] });
    } catch (error) {
      // The readers of this client join no group: there is nothing to delete.
      if (!hasProtocolError(error, 'GROUP_ID_NOT_FOUND')) throw error;
    }
  }

  async committedOffsets(groupId: string, partitions: ReadonlyArray<TopicPartition>): Promise<TopicPartitionOffset[]> {
    if (partitions.length === 0) return [];
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    const groups = await this.admin.listConsumerGroupOffsets({
      groups: [{ groupId, topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })) }],
      requireStable: true,
    });
    const wanted = new Set(partitions.map(({ topic, partition }) => `${topic}:${partition}`));
    return (groups[0]?.topics ?? []).flatMap(({ name, partitions: found }) =>
      found
        .filter((p) => p.committedOffset >= 0n && wanted.has(`${name}:${p.partitionIndex}`))
        .map((p) => ({
          topic: name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          ...(p.metadata ? { metadata: p.metadata } : {}),
        })),
    );
  }
}
