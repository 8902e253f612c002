// The validators used on strimzi/ must reject broken manifests: small fixtures added to the rendered dev
// overlay, and mutations of the rendered objects, go through the same functions as the real overlays.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type Manifest, readManifestFile } from './support/manifests.js';
import {
  checkForbiddenConfig,
  checkInternalTopics,
  checkKafkaVersion,
  checkListenerPeers,
  checkListeners,
  checkNamespaces,
  checkNoTopicCreate,
  checkNodePoolSpread,
  checkReplication,
  checkUsers,
} from './support/policy.js';
import { rendered } from './support/render-cache.js';
import { INPUT_TOPIC, readInternalTopicNames, repoRoot, validateOverlay } from './support/strimzi.js';

/** A fixture as if listed in the dev overlay's resources: in its namespace. */
const fixture = (name: string): Manifest[] => {
  const namespace = rendered('dev')[0]!.metadata?.namespace;
  return readManifestFile(join(repoRoot, 'test', 'manifests', 'fixtures', name)).map((m) => ({
    ...m,
    metadata: { ...m.metadata, namespace },
  }));
};

/** The parts of `spec.kafka` the mutations touch. */
interface MutableKafka {
  version?: string;
  listeners: Array<Record<string, unknown>>;
  authorization?: { type: string };
  config: Record<string, unknown>;
}

/** A rendered overlay with its Kafka spec changed by `mutate`. */
function withKafka(profile: 'dev' | 'prod', mutate: (kafka: MutableKafka) => void): Manifest[] {
  const manifests = rendered(profile);
  mutate((manifests.find((m) => m.kind === 'Kafka')!.spec as { kafka: MutableKafka }).kafka);
  return manifests;
}

describe('fixtures added to the dev overlay are rejected', () => {
  it.each([
    ['misspelled-field.yaml', /^KafkaTopic\/fixture-misspelled .*: \/spec: unknown field "partitons"$/],
    ['missing-cluster-label.yaml', /^KafkaUser\/fixture-unlabelled: label strimzi\.io\/cluster is missing$/],
    ['too-many-replicas.yaml', /^KafkaTopic\/fixture-over-replicated: replicas 3 > broker count 1 /],
    ['v1beta2-topic.yaml', /^KafkaTopic\/fixture-old-api .*unknown kind kafka\.strimzi\.io\/v1beta2 KafkaTopic/],
    ['unknown-kind.yaml', /^ConfigMap\/fixture-kafka-metrics .*unknown kind v1 ConfigMap/],
  ])('%s', (file, expected) => {
    const problems = validateOverlay([...rendered('dev'), ...fixture(file)], 'dev');
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });
});

describe('mutated overlays are rejected', () => {
  it('forbidden broker config keys, but not the documented exceptions', () => {
    const manifests = withKafka('prod', (kafka) => {
      Object.assign(kafka.config, {
        listeners: 'PLAINTEXT://:9092',
        'advertised.listeners': 'PLAINTEXT://x:9092',
        'ssl.keystore.location': '/tmp/ks',
        'sasl.enabled.mechanisms': 'PLAIN',
        'broker.id': 1,
        'node.id': 1,
        'process.roles': 'broker',
        'controller.quorum.voters': '1@x:9090',
        'log.dirs': '/tmp',
        'ssl.cipher.suites': 'TLS_AES_256_GCM_SHA384',
        'controller.quorum.election.timeout.ms': 2000,
      });
    });
    expect(
      checkForbiddenConfig(manifests)
        .map((p) => /"(.+)"/.exec(p)![1])
        .sort(),
    ).toEqual(
      [
        'listeners',
        'advertised.listeners',
        'ssl.keystore.location',
        'sasl.enabled.mechanisms',
        'broker.id',
        'node.id',
        'process.roles',
        'controller.quorum.voters',
        'log.dirs',
      ].sort(),
    );
  });

  it('a plain or unauthenticated client listener in prod, a route without TLS anywhere', () => {
    const plain = withKafka('prod', (kafka) => {
      kafka.listeners.push({ name: 'plain', port: 9092, type: 'internal', tls: false });
      kafka.listeners.push({
        name: 'ext',
        port: 9094,
        type: 'nodeport',
        tls: true,
        authentication: { type: 'scram-sha-512' },
      });
      kafka.listeners.push({
        name: 'route',
        port: 9095,
        type: 'route',
        tls: false,
        authentication: { type: 'scram-sha-512' },
      });
    });
    expect(checkListeners(plain, 'prod')).toEqual([
      'Kafka/streams-kafka listener plain: no authentication while authorization is simple',
      'Kafka/streams-kafka listener plain: prod listeners must use TLS',
      'Kafka/streams-kafka listener plain: prod listeners must use scram-sha-512 authentication',
      'Kafka/streams-kafka listener ext: type nodeport is not allowed in prod (internal or route only)',
      'Kafka/streams-kafka listener route: route listeners need tls: true',
      'Kafka/streams-kafka listener route: prod listeners must use TLS',
    ]);
  });

  it('a client listener open to every pod: no networkPolicyPeers, or a peer that selects everything', () => {
    const manifests = withKafka('prod', (kafka) => {
      delete kafka.listeners[0]!.networkPolicyPeers;
      kafka.listeners.push({
        name: 'wide',
        port: 9095,
        type: 'internal',
        tls: true,
        authentication: { type: 'scram-sha-512' },
        networkPolicyPeers: [{ namespaceSelector: {} }, { podSelector: {} }],
      });
    });
    expect(checkListenerPeers(manifests)).toEqual([
      'Kafka/streams-kafka listener tls: no networkPolicyPeers, so every pod of the cluster may connect',
      'Kafka/streams-kafka listener wide: networkPolicyPeers[0] admits every pod of every namespace',
      'Kafka/streams-kafka listener wide: networkPolicyPeers[1] admits every pod of the namespace',
    ]);
  });

  it('prod without simple authorization (and users whose ACLs then mean nothing)', () => {
    const open = withKafka('prod', (kafka) => {
      delete kafka.authorization;
    });
    expect(checkListeners(open, 'prod')).toEqual([
      'Kafka/streams-kafka: prod needs authorization type simple, found undefined',
    ]);
    // One problem per KafkaUser.
    expect(checkUsers(open)).toHaveLength(open.filter((m) => m.kind === 'KafkaUser').length);
  });

  it('min.insync.replicas equal to the replicas, and cluster replication factors above the broker count', () => {
    const manifests = withKafka('prod', (kafka) => {
      kafka.config['min.insync.replicas'] = 3;
      kafka.config['offsets.topic.replication.factor'] = 5;
    });
    const problems = checkReplication(manifests);
    expect(problems).toContain(
      'Kafka/streams-kafka: offsets.topic.replication.factor 5 must be between 1 and the broker count 3',
    );
    // The cluster defaults, then every KafkaTopic.
    const topicCount = manifests.filter((m) => m.kind === 'KafkaTopic').length;
    expect(problems.filter((p) => p.includes('min.insync.replicas 3 must be < replicas 3'))).toHaveLength(
      1 + topicCount,
    );
  });

  it('a Kafka version other than versions.env', () => {
    const manifests = withKafka('dev', (kafka) => {
      kafka.version = '4.2.0';
    });
    expect(checkKafkaVersion(manifests, '4.3.1')).toEqual([
      'Kafka/streams-kafka: version 4.2.0, versions.env pins 4.3.1',
    ]);
  });

  it('an internal topic whose partitions differ from the input topic, or a changelog that is not compacted', () => {
    const manifests = rendered('dev');
    const topic = (name: string): { partitions: number; config: Record<string, unknown> } =>
      manifests.find((m) => m.kind === 'KafkaTopic' && m.metadata?.name === name)!.spec as {
        partitions: number;
        config: Record<string, unknown>;
      };
    topic('word-count-words-repartition').partitions = 3;
    topic('word-count-word-counts-changelog').config['cleanup.policy'] = 'delete';
    expect(checkInternalTopics(manifests, INPUT_TOPIC, readInternalTopicNames())).toEqual([
      'internal topic word-count-words-repartition: 3 partitions, input sentences has 6',
      'changelog word-count-word-counts-changelog: cleanup.policy delete is not compacted',
    ]);
  });

  it('an ACL on a topic no KafkaTopic declares (a typo in a user)', () => {
    const manifests = rendered('dev');
    const producer = manifests.find((m) => m.kind === 'KafkaUser' && m.metadata?.name === 'producer')!;
    (
      producer.spec as { authorization: { acls: Array<{ resource: { name?: string } }> } }
    ).authorization.acls[0]!.resource.name = 'sentence';
    expect(checkUsers(manifests)).toEqual([
      'KafkaUser/producer: ACL on topic "sentence", which no KafkaTopic declares',
    ]);
  });

  it('a user outside the namespace of its Kafka (the User Operator watches only its own)', () => {
    const manifests = rendered('dev');
    const user = manifests.find((m) => m.kind === 'KafkaUser')!;
    manifests[manifests.indexOf(user)] = { ...user, metadata: { ...user.metadata, namespace: 'streamkit-prod' } };
    expect(checkNamespaces(manifests)).toEqual(['objects are spread over namespaces: streamkit-dev, streamkit-prod']);
  });

  it('a user that may create topics (the old word-count prefix ACL, or All on the cluster)', () => {
    const manifests = rendered('prod');
    const acls = (name: string) =>
      (
        manifests.find((m) => m.kind === 'KafkaUser' && m.metadata?.name === name)!.spec as {
          authorization: {
            acls: Array<{ resource: { type: string; name?: string; patternType?: string }; operations: string[] }>;
          };
        }
      ).authorization.acls;
    acls('word-count').push({
      resource: { type: 'topic', name: 'word-count-', patternType: 'prefix' },
      operations: ['Read', 'Write', 'Describe', 'Create'],
    });
    acls('producer').push({ resource: { type: 'cluster' }, operations: ['All'] });
    expect(checkNoTopicCreate(manifests)).toEqual([
      'KafkaUser/producer: may create topics (All on the cluster)',
      'KafkaUser/word-count: may create topics (Read, Write, Describe, Create on prefix topic "word-count-")',
    ]);
  });

  it('prod node pools whose pods may share a node', () => {
    const manifests = rendered('prod');
    const pool = (name: string) => manifests.find((m) => m.kind === 'KafkaNodePool' && m.metadata?.name === name)!;
    delete (pool('controller').spec as { template?: object }).template;
    const broker = pool('broker').spec as {
      template: {
        pod: {
          affinity: {
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: Array<{ topologyKey: string }> };
          };
        };
      };
    };
    broker.template.pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]!.topologyKey =
      'topology.kubernetes.io/zone';
    expect(checkNodePoolSpread(manifests).sort()).toEqual([
      'KafkaNodePool/broker: 3 nodes may share a node (no required pod anti-affinity on kubernetes.io/hostname for its pods)',
      'KafkaNodePool/controller: 3 nodes may share a node (no required pod anti-affinity on kubernetes.io/hostname for its pods)',
    ]);
  });

  it('an even number of KRaft controllers, or no broker at all', () => {
    const manifests = rendered('prod').filter((m) => !(m.kind === 'KafkaNodePool' && m.metadata?.name === 'broker'));
    (manifests.find((m) => m.kind === 'KafkaNodePool')!.spec as { replicas: number }).replicas = 2;
    const problems = checkReplication(manifests);
    expect(problems).toContain('Kafka/streams-kafka: no node pool with the broker role');
    expect(problems).toContain('Kafka/streams-kafka: 2 controllers; a KRaft quorum wants an odd number');
  });
});
