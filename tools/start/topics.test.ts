import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Admin } from 'kafkajs';
import { ensureTopics, isRetriableKafkaError, readTopicSpecs, type TopicSpec, withPrefix } from './topics.ts';

const strimziTopics = fileURLToPath(new URL('../../strimzi/base/topics', import.meta.url));

describe('readTopicSpecs', () => {
  it('reads every KafkaTopic of the Strimzi manifests, multi-document files included', () => {
    const specs = readTopicSpecs(strimziTopics);
    const names = specs.map((spec) => spec.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'sentences',
        'word-counts',
        'word-counts-windowed',
        'word-count-dlq',
        'word-count-words-repartition',
        'word-count-word-counts-changelog',
        'word-count-windowed-word-counts-changelog',
      ]),
    );
    const sentences = specs.find((spec) => spec.name === 'sentences')!;
    expect(sentences.partitions).toBeGreaterThan(0);
    // The internal topics are co-partitioned with the input.
    for (const spec of specs.filter((s) => s.name.startsWith('word-count-words'))) {
      expect(spec.partitions).toBe(sentences.partitions);
    }
    expect(specs.find((spec) => spec.name === 'word-counts')!.config['cleanup.policy']).toBe('compact');
  });

  it('turns config values into strings and skips other kinds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topics-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      [
        'apiVersion: kafka.strimzi.io/v1',
        'kind: KafkaTopic',
        'metadata: { name: t1 }',
        'spec: { partitions: 4, replicas: 3, config: { retention.ms: 1000, cleanup.policy: delete } }',
        '---',
        'kind: KafkaUser',
        'metadata: { name: u }',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not yaml: [');
    expect(readTopicSpecs(dir)).toEqual([
      { name: 't1', partitions: 4, replicas: 3, config: { 'retention.ms': '1000', 'cleanup.policy': 'delete' } },
    ]);
    expect(withPrefix(readTopicSpecs(dir), 'test-')[0]!.name).toBe('test-t1');
  });

  it('names the file of a KafkaTopic without partitions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'topics-'));
    writeFileSync(join(dir, 'bad.yaml'), 'kind: KafkaTopic\nmetadata: { name: t }\nspec: {}\n');
    expect(() => readTopicSpecs(dir)).toThrow(/bad\.yaml: a KafkaTopic needs metadata.name and spec.partitions/);
  });
});

describe('ensureTopics', () => {
  const spec = (name: string, partitions = 2): TopicSpec => ({ name, partitions, replicas: 3, config: {} });
  /** "This server does not host this topic-partition", as kafkajs raises it. */
  const notHosted = () =>
    Object.assign(new Error('This server does not host this topic-partition'), {
      name: 'KafkaJSProtocolError',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      retriable: true,
    });

  /** A broker in memory; `failures` are thrown by the next createTopics/fetchTopicMetadata calls, in order. */
  function fakeAdmin(existing: Record<string, number>, failures: { create?: Error[]; metadata?: Error[] } = {}) {
    const topics = new Map(Object.entries(existing));
    const calls = { create: 0 };
    const admin = {
      listTopics: async () => [...topics.keys()],
      describeCluster: async () => ({ brokers: [{ nodeId: 1 }] }),
      createTopics: async ({ topics: created }: { topics: Array<{ topic: string; numPartitions: number }> }) => {
        calls.create++;
        for (const t of created) topics.set(t.topic, t.numPartitions); // created even when the answer is an error
        const failure = failures.create?.shift();
        if (failure) throw failure;
        return true;
      },
      fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => {
        const failure = failures.metadata?.shift();
        if (failure) throw failure;
        return {
          topics: names.map((name) => ({
            name,
            partitions: Array.from({ length: topics.get(name) ?? 0 }, (_, partition) => ({
              partitionId: partition,
              leader: 1,
            })),
          })),
        };
      },
    };
    return { admin: admin as unknown as Admin, calls, topics };
  }

  it('creates the missing topics and reports partition mismatches of existing ones', async () => {
    const { admin, topics } = fakeAdmin({ a: 3 });
    const result = await ensureTopics(admin, [spec('a'), spec('b')]);
    expect(result).toEqual({ created: ['b'], mismatched: [{ name: 'a', expected: 2, actual: 3 }] });
    expect(topics.get('b')).toBe(2);
  });

  it('retries quietly when a fresh broker does not host the new topics yet, and counts them as created', async () => {
    const { admin, calls } = fakeAdmin({}, { create: [notHosted()], metadata: [notHosted()] });
    const retries: number[] = [];
    const result = await ensureTopics(admin, [spec('a'), spec('b')], {
      retryDelayMs: 1,
      onRetry: (_error, attempt) => retries.push(attempt),
    });
    expect(result).toEqual({ created: ['a', 'b'], mismatched: [] });
    expect(retries).toEqual([1, 2]);
    expect(calls.create).toBe(1); // the second attempt found them created
  });

  it('treats topics created meanwhile by someone else as created', async () => {
    const exists = Object.assign(new Error('Topic with this name already exists'), {
      name: 'KafkaJSAggregateError',
      errors: [{ name: 'KafkaJSCreateTopicError', type: 'TOPIC_ALREADY_EXISTS', retriable: false }],
    });
    const { admin } = fakeAdmin({}, { create: [exists] });
    expect(await ensureTopics(admin, [spec('a')])).toEqual({ created: ['a'], mismatched: [] });
  });

  it('gives up on errors that are not retriable, and after the last attempt', async () => {
    const invalid = Object.assign(new Error('Replication-factor is invalid'), {
      name: 'KafkaJSProtocolError',
      type: 'INVALID_REPLICATION_FACTOR',
      retriable: false,
    });
    await expect(ensureTopics(fakeAdmin({}, { create: [invalid] }).admin, [spec('a')])).rejects.toBe(invalid);
    const always = fakeAdmin({}, { metadata: [notHosted(), notHosted(), notHosted()] });
    await expect(ensureTopics(always.admin, [spec('a')], { attempts: 3, retryDelayMs: 1 })).rejects.toThrow(
      'does not host',
    );
  });

  it('knows retriable kafkajs errors through causes and aggregates', () => {
    expect(isRetriableKafkaError({ name: 'KafkaJSNumberOfRetriesExceeded' })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSError', cause: notHosted() })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSAggregateError', errors: [{ retriable: false }, notHosted()] })).toBe(
      true,
    );
    expect(isRetriableKafkaError(new Error('boom'))).toBe(false);
  });
});
