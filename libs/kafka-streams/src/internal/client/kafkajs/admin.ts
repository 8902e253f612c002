import kafkajs, { type Admin } from 'kafkajs';
import type { AdminClient, NewTopic, OffsetRange, TopicPartitionOffset } from '../types.js';
import type { TopicPartition } from '../../../runtime/topic-partition.js';

const { ConfigResourceTypes } = kafkajs;

/** How often, 100 ms apart, the metadata of new topics is asked for before giving up on their leaders. */
const LEADER_WAIT_ATTEMPTS = 50;
const LEADER_WAIT_MS = 100;

export class KafkajsAdminClient implements AdminClient {
  constructor(private readonly admin: Admin) {}

  connect(): Promise<void> {
    return this.admin.connect();
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }

  listTopics(): Promise<string[]> {
    return this.admin.listTopics();
  }

  async partitionCounts(topics: ReadonlyArray<string>): Promise<Map<string, number>> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics)].filter((topic) => existing.has(topic));
    const counts = new Map<string, number>();
    if (wanted.length === 0) return counts;
    const { topics: metadata } = await this.admin.fetchTopicMetadata({ topics: wanted });
    for (const { name, partitions } of metadata) counts.set(name, partitions.length);
    return counts;
  }

  async cleanupPolicies(topics: ReadonlyArray<string>): Promise<Map<string, string>> {
    const existing = new Set(await this.admin.listTopics());
    const wanted = [...new Set(topics)].filter((topic) => existing.has(topic));
    const policies = new Map<string, string>();
    if (wanted.length === 0) return policies;
    const { resources } = await this.admin.describeConfigs({
      includeSynonyms: false,
      resources: wanted.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['cleanup.policy'] })),
    });
    for (const { resourceName, configEntries } of resources) {
      const policy = configEntries.find((entry) => entry.configName === 'cleanup.policy')?.configValue;
      if (policy !== undefined) policies.set(resourceName, policy);
    }
    return policies;
  }

  async createTopics(topics: ReadonlyArray<NewTopic>): Promise<void> {
    if (topics.length === 0) return;
    await this.admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        configEntries: Object.entries(topic.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    await this.waitForLeaders(topics.map((topic) => topic.name));
  }

  /**
   * A topic just created has no leaders for a moment, and a KRaft broker may not know it at all yet: kafkajs' own
   * wait (`waitForLeaders`) gives up on that (UNKNOWN_TOPIC_OR_PARTITION), this one asks again.
   */
  private async waitForLeaders(names: ReadonlyArray<string>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics } = await this.admin.fetchTopicMetadata({ topics: [...names] });
        const led = (name: string) => {
          const partitions = topics.find((topic) => topic.name === name)?.partitions ?? [];
          return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
        };
        if (names.every(led)) return;
      } catch (error) {
        if (attempt >= LEADER_WAIT_ATTEMPTS) throw error;
      }
      if (attempt >= LEADER_WAIT_ATTEMPTS) throw new Error(`topics without leaders: ${names.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, LEADER_WAIT_MS));
    }
  }

  async brokerCount(): Promise<number> {
    const { brokers } = await this.admin.describeCluster();
    return brokers.length;
  }

  async offsetRange(partitions: ReadonlyArray<TopicPartition>): Promise<Map<string, OffsetRange>> {
    const ranges = new Map<string, OffsetRange>();
    for (const topic of new Set(partitions.map((p) => p.topic))) {
      for (const { partition, low, high } of await this.topicOffsets(topic)) {
        ranges.set(`${topic}:${partition}`, { earliest: BigInt(low), end: BigInt(high) });
      }
    }
    return ranges;
  }

  /**
   * kafkajs gives up on retriable errors here (e.g. "not the leader" for a topic another instance just created),
   * and throws a TypeError ("Cannot destructure property 'partitions' of 'high.pop(...)'") when its metadata of a
   * topic created a moment ago has no partitions yet: refresh the topic's metadata and retry a few times.
   */
  private async topicOffsets(
    topic: string,
    attempts = 8,
  ): Promise<Array<{ partition: number; low: string; high: string }>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.admin.fetchTopicOffsets(topic);
      } catch (error) {
        const retriable = (error as { retriable?: unknown }).retriable === true || error instanceof TypeError;
        if (attempt >= attempts || !retriable) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        await this.admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
      }
    }
  }

  async deleteRecords(before: ReadonlyArray<TopicPartitionOffset>): Promise<void> {
    const byTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const { topic, partition, offset } of before) {
      let partitions = byTopic.get(topic);
      if (!partitions) byTopic.set(topic, (partitions = []));
      partitions.push({ partition, offset: offset.toString() });
    }
    for (const [topic, partitions] of byTopic) await this.admin.deleteTopicRecords({ topic, partitions });
  }

  async deleteGroups(groupIds: ReadonlyArray<string>): Promise<void> {
    if (groupIds.length > 0) await this.admin.deleteGroups([...groupIds]);
  }

  async committedOffsets(groupId: string, partitions: ReadonlyArray<TopicPartition>): Promise<TopicPartitionOffset[]> {
    const wanted = new Set(partitions.map(({ topic, partition }) => `${topic}:${partition}`));
    const topics = [...new Set(partitions.map((p) => p.topic))];
    if (topics.length === 0) return [];
    const committed: TopicPartitionOffset[] = [];
    for (const { topic, partitions: found } of await this.admin.fetchOffsets({ groupId, topics })) {
      for (const { partition, offset, metadata } of found) {
        // kafkajs answers "-1" for a partition without a committed offset.
        if (wanted.has(`${topic}:${partition}`) && BigInt(offset) >= 0n) {
          committed.push({ topic, partition, offset: BigInt(offset), ...(metadata ? { metadata } : {}) });
        }
      }
    }
    return committed;
  }
}
