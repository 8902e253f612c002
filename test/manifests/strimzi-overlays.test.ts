// strimzi/: the dev and prod overlays render, match the strict Strimzi/monitoring schemas, and keep the
// rules the operator only enforces at run time.
import { describe, expect, it } from '@jest/globals';
import { type Manifest, renderWithComponents } from './support/manifests.js';
import { CLUSTER_LABEL, checkNodePoolSpread, nodeCount, topics } from './support/policy.js';
import { rendered } from './support/render-cache.js';
import {
  INPUT_TOPIC,
  PROFILES,
  componentDir,
  overlayDir,
  readAllInternalTopicNames,
  readInternalTopicNames,
  schemaValidator,
  validateOverlay,
} from './support/strimzi.js';

const CLUSTER = 'streams-kafka';

const ofKind = (manifests: ReadonlyArray<Manifest>, kind: string): Manifest[] =>
  manifests.filter((m) => m.kind === kind);
const kafkaOf = (manifests: ReadonlyArray<Manifest>): KafkaView => ofKind(manifests, 'Kafka')[0]!.spec as KafkaView;

interface KafkaView {
  kafka: {
    version: string;
    listeners: Array<{ name: string; port: number; type: string; tls: boolean; authentication?: { type: string } }>;
    authorization?: { type: string };
    config: Record<string, unknown>;
    metricsConfig?: { type: string };
    rack?: { topologyKey: string };
  };
  entityOperator?: { topicOperator?: object; userOperator?: object };
  kafkaExporter?: object;
  cruiseControl?: object;
}
interface PoolView {
  replicas: number;
  roles: string[];
  storage: { type: string; volumes?: Array<{ type: string; size?: string; kraftMetadata?: string }> };
}
interface TopicView {
  partitions?: number;
  replicas?: number;
  config?: Record<string, unknown>;
}
interface AclView {
  resource: { type: string; name?: string; patternType?: string };
  operations: string[];
}

describe.each(PROFILES)('strimzi/overlays/%s', (profile) => {
  it('renders with kubectl kustomize into the expected objects', () => {
    const manifests = rendered(profile);
    const counts: Record<string, number> = {};
    for (const m of manifests) counts[String(m.kind)] = (counts[String(m.kind)] ?? 0) + 1;
    expect(counts).toEqual({
      Kafka: 1,
      KafkaNodePool: profile === 'dev' ? 1 : 2,
      KafkaTopic: 7,
      KafkaUser: 3,
    });
    expect(manifests.every((m) => m.apiVersion === 'kafka.strimzi.io/v1')).toBe(true);
    expect(ofKind(manifests, 'Kafka')[0]!.metadata?.name).toBe(CLUSTER);
  });

  it('every object matches its strict schema', () => {
    expect(schemaValidator().validateAll(rendered(profile))).toEqual([]);
  });

  it('every schema and policy check passes', () => {
    expect(validateOverlay(rendered(profile), profile)).toEqual([]);
  });

  it('labels every node pool, topic and user with the Kafka name', () => {
    for (const m of rendered(profile).filter((m) => m.kind !== 'Kafka'))
      expect({ object: `${String(m.kind)}/${m.metadata?.name}`, label: m.metadata?.labels?.[CLUSTER_LABEL] }).toEqual({
        object: `${String(m.kind)}/${m.metadata?.name}`,
        label: CLUSTER,
      });
  });

  it('is KRaft only, with both operators, Kafka Exporter and the Strimzi metrics reporter', () => {
    const spec = kafkaOf(rendered(profile));
    expect(Object.keys(spec)).not.toContain('zookeeper');
    expect(spec.entityOperator).toEqual({ topicOperator: {}, userOperator: {} });
    expect(spec.kafkaExporter).toBeDefined();
    expect(spec.kafka.metricsConfig?.type).toBe('strimziMetricsReporter');
    expect(spec.kafka.authorization).toEqual({ type: 'simple' });
    expect(spec.kafka.config['auto.create.topics.enable']).toBe(false);
  });

  it('declares the topics with their partitions and cleanup policies', () => {
    const declared = topics(rendered(profile));
    const summary = Object.fromEntries([...declared.values()].map((t) => [t.name, [t.partitions, t.cleanupPolicy]]));
    expect(summary).toEqual({
      sentences: [6, 'delete'],
      'word-counts': [6, 'compact'],
      'word-counts-windowed': [6, 'delete'],
      'word-count-dlq': [6, 'delete'],
      'word-count-words-repartition': [6, 'delete'],
      'word-count-word-counts-changelog': [6, 'compact'],
      'word-count-windowed-word-counts-changelog': [6, 'compact,delete'],
    });
    const windowed = ofKind(rendered(profile), 'KafkaTopic').find((t) => t.metadata?.name === 'word-counts-windowed');
    expect(Number((windowed!.spec as TopicView).config?.['retention.ms'])).toBeGreaterThan(0);
  });

  it('gives every internal topic the input topic partition count', () => {
    const declared = topics(rendered(profile));
    const input = declared.get(INPUT_TOPIC)!.partitions;
    for (const name of readAllInternalTopicNames())
      expect({ name, partitions: declared.get(name)?.partitions }).toEqual({ name, partitions: input });
  });
});

describe('dev overlay', () => {
  const manifests = (): Manifest[] => rendered('dev');

  it('runs one dual-role node with replication 1 everywhere', () => {
    const pools = ofKind(manifests(), 'KafkaNodePool').map((p) => p.spec as PoolView);
    expect(pools).toHaveLength(1);
    expect(pools[0]!.replicas).toBe(1);
    expect([...pools[0]!.roles].sort()).toEqual(['broker', 'controller']);
    expect(nodeCount(manifests(), CLUSTER, 'broker')).toBe(1);
    expect(kafkaOf(manifests()).kafka.config).toMatchObject({
      'offsets.topic.replication.factor': 1,
      'transaction.state.log.replication.factor': 1,
      'transaction.state.log.min.isr': 1,
      'default.replication.factor': 1,
      'min.insync.replicas': 1,
    });
    for (const topic of ofKind(manifests(), 'KafkaTopic')) expect((topic.spec as TopicView).replicas).toBe(1);
  });

  it('listens on plain 9092 without TLS, with SCRAM so the ACLs are exercised', () => {
    expect(kafkaOf(manifests()).kafka.listeners).toEqual([
      {
        name: 'plain',
        port: 9092,
        type: 'internal',
        tls: false,
        authentication: { type: 'scram-sha-512' },
        networkPolicyPeers: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'streamkit' } } }],
      },
    ]);
  });
});

describe('prod overlay', () => {
  const manifests = (): Manifest[] => rendered('prod');

  it('runs 3 dedicated controllers and 3 brokers on persistent JBOD volumes', () => {
    const pools = Object.fromEntries(
      ofKind(manifests(), 'KafkaNodePool').map((p): [string, PoolView] => [p.metadata?.name ?? '', p.spec as PoolView]),
    );
    expect(pools.controller).toMatchObject({ replicas: 3, roles: ['controller'] });
    expect(pools.broker).toMatchObject({ replicas: 3, roles: ['broker'] });
    for (const pool of Object.values(pools)) {
      expect(pool.storage.type).toBe('jbod');
      expect(pool.storage.volumes?.map((v) => v.type)).toEqual(['persistent-claim']);
    }
    expect(nodeCount(manifests(), CLUSTER, 'broker')).toBe(3);
    expect(nodeCount(manifests(), CLUSTER, 'controller')).toBe(3);
  });

  it('never puts two controllers or two brokers on one node', () => {
    expect(checkNodePoolSpread(manifests())).toEqual([]);
  });

  it('replicates 3 times with min.insync.replicas 2', () => {
    expect(kafkaOf(manifests()).kafka.config).toMatchObject({
      'offsets.topic.replication.factor': 3,
      'transaction.state.log.replication.factor': 3,
      'transaction.state.log.min.isr': 2,
      'default.replication.factor': 3,
      'min.insync.replicas': 2,
    });
    for (const topic of ofKind(manifests(), 'KafkaTopic')) expect((topic.spec as TopicView).replicas).toBe(3);
  });

  it('offers clients only TLS + SCRAM-SHA-512 on 9093, and runs Cruise Control', () => {
    const spec = kafkaOf(manifests());
    expect(spec.kafka.listeners).toEqual([
      {
        name: 'tls',
        port: 9093,
        type: 'internal',
        tls: true,
        authentication: { type: 'scram-sha-512' },
        networkPolicyPeers: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'streamkit' } } }],
      },
    ]);
    expect(spec.cruiseControl).toBeDefined();
  });

  it('with the route-listener component adds a TLS + SCRAM route listener and stays valid', () => {
    const withRoute = renderWithComponents(overlayDir('prod'), [componentDir('route-listener')]);
    expect(validateOverlay(withRoute, 'prod')).toEqual([]);
    expect(
      kafkaOf(withRoute).kafka.listeners.map((l) => [l.name, l.type, l.port, l.tls, l.authentication?.type]),
    ).toEqual([
      ['tls', 'internal', 9093, true, 'scram-sha-512'],
      ['route', 'route', 9094, true, 'scram-sha-512'],
    ]);
  });

  it('with the rack-awareness component sets the zone topology key and stays valid', () => {
    const withRack = renderWithComponents(overlayDir('prod'), [componentDir('rack-awareness')]);
    expect(validateOverlay(withRack, 'prod')).toEqual([]);
    expect(kafkaOf(withRack).kafka.rack).toEqual({ topologyKey: 'topology.kubernetes.io/zone' });
  });
});

describe('word-count internal topics file', () => {
  it('names exactly the topics the library derives for applicationId word-count', () => {
    expect(readInternalTopicNames().sort()).toEqual([
      'word-count-windowed-word-counts-changelog',
      'word-count-word-counts-changelog',
      'word-count-words-repartition',
    ]);
  });
});

describe('KafkaUser ACLs (least privilege)', () => {
  const aclsOf = (user: string): string[] => {
    const m = ofKind(rendered('prod'), 'KafkaUser').find((u) => u.metadata?.name === user)!;
    const spec = m.spec as { authentication: { type: string }; authorization: { type: string; acls: AclView[] } };
    expect(spec.authentication).toEqual({ type: 'scram-sha-512' });
    expect(spec.authorization.type).toBe('simple');
    return spec.authorization.acls
      .flatMap((acl) =>
        acl.operations.map(
          (op) => `${acl.resource.type}:${acl.resource.patternType ?? 'literal'}:${acl.resource.name ?? '*'}:${op}`,
        ),
      )
      .sort();
  };

  it('producer writes sentences, nothing more', () => {
    expect(aclsOf('producer')).toEqual(
      ['topic:literal:sentences:Write', 'topic:literal:sentences:Describe', 'cluster:literal:*:IdempotentWrite'].sort(),
    );
  });

  it('word-count reads sentences, uses the word-count- prefix and writes its outputs transactionally', () => {
    expect(aclsOf('word-count')).toEqual(
      [
        'topic:literal:sentences:Read',
        'topic:literal:sentences:Describe',
        'topic:prefix:word-count-:Read',
        'topic:prefix:word-count-:Write',
        'topic:prefix:word-count-:Describe',
        'topic:literal:word-counts:Write',
        'topic:literal:word-counts:Describe',
        'topic:literal:word-counts-windowed:Write',
        'topic:literal:word-counts-windowed:Describe',
        'topic:literal:word-count-dlq:Write',
        'topic:literal:word-count-dlq:Describe',
        'group:literal:word-count:Read',
        'group:literal:word-count:Describe',
        'group:prefix:word-count-:Read',
        'group:prefix:word-count-:Describe',
        'transactionalId:prefix:word-count-:Write',
        'transactionalId:prefix:word-count-:Describe',
        'cluster:literal:*:IdempotentWrite',
      ].sort(),
    );
  });

  it('query-api reads the outputs and the dead letters, joins its own group, uses the query-api- prefix and writes nothing', () => {
    expect(aclsOf('query-api')).toEqual(
      [
        'topic:literal:word-counts:Read',
        'topic:literal:word-counts:Describe',
        'topic:literal:word-counts-windowed:Read',
        'topic:literal:word-counts-windowed:Describe',
        'topic:literal:word-count-dlq:Read',
        'topic:literal:word-count-dlq:Describe',
        'group:literal:query-api:Read',
        'group:literal:query-api:Describe',
        'group:prefix:query-api-:Read',
        'group:prefix:query-api-:Describe',
        'topic:prefix:query-api-:Read',
        'topic:prefix:query-api-:Describe',
      ].sort(),
    );
  });

  it('no user gets All, Alter, Delete or cluster-wide rights beyond IdempotentWrite', () => {
    for (const user of ['producer', 'word-count', 'query-api'])
      for (const acl of aclsOf(user)) {
        expect(acl).not.toMatch(/:(All|Alter|AlterConfigs|Delete|ClusterAction)$/);
        if (acl.startsWith('cluster:')) expect(acl).toBe('cluster:literal:*:IdempotentWrite');
      }
  });
});
