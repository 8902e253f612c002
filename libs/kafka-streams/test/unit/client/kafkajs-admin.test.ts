// KafkajsAdminClient over a fake kafkajs Admin: what offsetRange retries and what it does not; how createTopics waits
// for the new topics' leaders.
import { describe, expect, it } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { KafkajsAdminClient } from '../../../src/internal/client/kafkajs/admin.js';

/** An Admin whose fetchTopicOffsets fails with `failures` (in order), then answers. */
function fakeAdmin(failures: unknown[]) {
  const calls = { offsets: 0, metadata: 0 };
  const admin = {
    async fetchTopicOffsets() {
      calls.offsets++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return [{ partition: 0, offset: '7', low: '2', high: '7' }];
    },
    async fetchTopicMetadata() {
      calls.metadata++;
      return { topics: [] };
    },
  };
  return { client: new KafkajsAdminClient(admin as unknown as Admin), calls };
}

const retriable = Object.assign(new Error('This server is not the leader for that topic-partition'), {
  retriable: true,
});

describe('KafkajsAdminClient.offsetRange', () => {
  it('answers the earliest and end offset of each partition', async () => {
    const { client } = fakeAdmin([]);
    expect(await client.offsetRange([{ topic: 't', partition: 0 }])).toEqual(
      new Map([['t:0', { earliest: 2n, end: 7n }]]),
    );
  });

  it('refreshes the metadata and retries after a retriable error, or kafkajs failing on a topic without partitions yet', async () => {
    // What kafkajs throws when its metadata of a just-created topic holds no partitions.
    const noPartitions = new TypeError(
      "Cannot destructure property 'partitions' of 'high.pop(...)' as it is undefined.",
    );
    const { client, calls } = fakeAdmin([noPartitions, retriable]);
    expect(await client.offsetRange([{ topic: 't', partition: 0 }])).toEqual(
      new Map([['t:0', { earliest: 2n, end: 7n }]]),
    );
    expect(calls).toEqual({ offsets: 3, metadata: 2 });
  });

  it('fails at once on an error that retrying cannot help', async () => {
    const denied = Object.assign(new Error('Not authorized to access topics'), { retriable: false });
    const { client, calls } = fakeAdmin([denied]);
    await expect(client.offsetRange([{ topic: 't', partition: 0 }])).rejects.toBe(denied);
    expect(calls.offsets).toBe(1);
  });
});

describe('KafkajsAdminClient.createTopics', () => {
  // A KRaft broker that just created a topic may answer its metadata with UNKNOWN_TOPIC_OR_PARTITION, on which kafkajs'
  // own wait for leaders fails the creation (seen starting the broker-restart e2e test's instances).
  it('waits for every new partition to have a leader, asking again while the broker does not know the topic', async () => {
    const unknown = Object.assign(new Error('This server does not host this topic-partition'), {
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
    const answers: Array<Error | ReadonlyArray<number>> = [unknown, [0, -1], [0, 0]];
    const created: unknown[] = [];
    let metadataCalls = 0;
    const admin = {
      async createTopics(options: unknown) {
        created.push(options);
        return true;
      },
      async fetchTopicMetadata() {
        metadataCalls++;
        const answer = answers.shift()!;
        if (answer instanceof Error) throw answer;
        return { topics: [{ name: 't', partitions: answer.map((leader, partitionId) => ({ partitionId, leader })) }] };
      },
    };
    const client = new KafkajsAdminClient(admin as unknown as Admin);
    await client.createTopics([{ name: 't', partitions: 2, replicationFactor: 1 }]);
    expect(created).toEqual([
      { waitForLeaders: false, topics: [{ topic: 't', numPartitions: 2, replicationFactor: 1, configEntries: [] }] },
    ]);
    expect(metadataCalls).toBe(3);
  });
});
