import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTopicSpecs, withPrefix } from './topics.ts';

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
