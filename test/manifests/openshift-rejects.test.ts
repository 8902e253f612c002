// The checks used on openshift/ must reject broken manifests: fixtures added to a rendered overlay, and
// mutations of the rendered objects, go through the same functions as the real overlays.
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type Manifest, readManifestFile } from './support/manifests.js';
import {
  type Container,
  checkAgreement,
  checkContainers,
  checkEnvironments,
  checkGracePeriods,
  checkImages,
  checkKafkaConnection,
  checkStreamsStatefulSet,
  validateDocuments,
  workloads,
} from './support/openshift.js';
import { checkNetworkPolicies } from './support/network-policies.js';
import { validateOpenShiftOverlay } from './support/openshift-overlay.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { repoRoot } from './support/strimzi.js';

const fixture = (name: string): Manifest[] =>
  readManifestFile(join(repoRoot, 'test', 'manifests', 'fixtures', 'openshift', name));

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
interface MutablePod {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Array<Mutable<Container>>;
    securityContext: Record<string, unknown>;
    terminationGracePeriodSeconds?: number;
  };
}

/** The rendered dev overlay with one workload's pod template changed by `mutate`. */
function withPod(name: string, mutate: (pod: MutablePod) => void, profile: 'dev' | 'prod' = 'dev'): Manifest[] {
  const manifests = renderedOpenShift(profile);
  const workload = manifests.find(
    (m) => (m.kind === 'Deployment' || m.kind === 'StatefulSet') && m.metadata?.name === name,
  )!;
  mutate((workload.spec as { template: MutablePod }).template);
  return manifests;
}
const configMap = (manifests: Manifest[], prefix: string): Record<string, string> =>
  (
    manifests.find((m) => m.kind === 'ConfigMap' && m.metadata!.name!.startsWith(prefix)) as unknown as {
      data: Record<string, string>;
    }
  ).data;

describe('fixtures added to the dev overlay are rejected', () => {
  it.each([
    [
      'misspelled-service-field.yaml',
      [/^Service\/fixture-misspelled .*selectr.* does not exist in type 'IServiceSpec'/],
    ],
    [
      'misspelled-route-field.yaml',
      [/^Route\/fixture-misspelled .*: \/spec\/tls: unknown field "insecureEdgeTerminatonPolicy"$/],
    ],
    // Both passes: kubernetes-models' validator and its types.
    [
      'wrong-type-service.yaml',
      [
        /^Service\/fixture-wrong-type .*port must be integer/,
        /^Service\/fixture-wrong-type .*'string' is not assignable to type 'number'/,
      ],
    ],
  ])('%s', (file, expected) => {
    expect(validateDocuments([...renderedOpenShift('dev'), ...fixture(file)])).toEqual(
      expected.map((pattern) => expect.stringMatching(pattern)),
    );
  });

  it('the single entry point reports them too', () => {
    const problems = validateOpenShiftOverlay(
      [...renderedOpenShift('dev'), ...fixture('misspelled-route-field.yaml')],
      rendered('dev'),
    );
    expect(problems).toContainEqual(expect.stringMatching(/unknown field "insecureEdgeTerminatonPolicy"/));
  });
});

describe('mutated overlays are rejected', () => {
  it('a container without a readiness probe, or probing the wrong endpoint', () => {
    const manifests = withPod('producer', (pod) => {
      delete pod.spec.containers[0]!.readinessProbe;
      pod.spec.containers[0]!.livenessProbe = { httpGet: { path: '/health/ready', port: 'http' } };
    });
    expect(checkContainers(manifests)).toEqual([
      'Deployment/producer container producer: livenessProbe checks /health/ready, expected /health/live',
      'Deployment/producer container producer: readinessProbe is missing',
    ]);
  });

  it('no resources, a fixed UID, privilege escalation, a writable root', () => {
    const manifests = withPod('query-api', (pod) => {
      const container = pod.spec.containers[0]!;
      delete container.resources;
      container.securityContext = { runAsUser: 1000, capabilities: { drop: ['NET_RAW'] } };
      delete pod.spec.securityContext.seccompProfile;
    });
    expect(checkContainers(manifests)).toEqual([
      'Deployment/query-api container query-api: requests.cpu is missing',
      'Deployment/query-api container query-api: requests.memory is missing',
      'Deployment/query-api container query-api: limits.memory is missing',
      'Deployment/query-api container query-api: allowPrivilegeEscalation must be false',
      'Deployment/query-api container query-api: capabilities must drop ALL',
      'Deployment/query-api container query-api: seccompProfile must be RuntimeDefault',
      'Deployment/query-api container query-api: a fixed runAsUser/runAsGroup; OpenShift assigns the UID (restricted-v2)',
      'Deployment/query-api container query-api: readOnlyRootFilesystem must be true',
    ]);
  });

  it('a variable the schema does not know, a missing required one, a value the schema rejects', () => {
    const manifests = withPod('word-count', (pod) => {
      const container = pod.spec.containers[0]!;
      container.env = [
        ...container.env!.filter((e) => e.name !== 'APPLICATION_SERVER'),
        { name: 'KAFKA_BROKERS', value: 'x:9092' },
      ];
    });
    configMap(manifests, 'word-count-config').LOG_LEVEL = 'verbose';
    expect(checkEnvironments(manifests)).toEqual([
      "StatefulSet/word-count container word-count: KAFKA_BROKERS is not a variable of word-count's config schema",
      "StatefulSet/word-count container word-count: APPLICATION_SERVER is required by word-count's config schema but not set",
      expect.stringMatching(/^StatefulSet\/word-count container word-count: LOG_LEVEL=verbose is rejected: /),
    ]);
  });

  it('a SASL user without its password', () => {
    const manifests = withPod('producer', (pod) => {
      const container = pod.spec.containers[0]!;
      container.env = container.env!.filter((e) => e.name !== 'KAFKA_SASL_PASSWORD');
    });
    expect(checkEnvironments(manifests)).toEqual([
      'Deployment/producer container producer: KAFKA_SASL_PASSWORD is not set: required when KAFKA_SASL_USERNAME is set',
    ]);
  });

  it('a grace period shorter than SHUTDOWN_GRACE_MS', () => {
    const manifests = withPod('word-count', (pod) => {
      pod.spec.terminationGracePeriodSeconds = 20;
    });
    expect(checkGracePeriods(manifests)).toEqual([
      'StatefulSet/word-count: terminationGracePeriodSeconds 20 must exceed the preStop sleep 10 s + SHUTDOWN_GRACE_MS 30000',
    ]);
  });

  it('an image no BuildConfig builds (and a build nobody runs)', () => {
    const manifests = withPod('query-api', (pod) => {
      pod.spec.containers[0]!.image = 'query-api:v2';
    });
    expect(checkImages(manifests)).toEqual([
      'Deployment/query-api container query-api: image query-api:v2 is not the output of any BuildConfig',
      'Deployment/query-api container query-api: no image trigger from ImageStreamTag query-api:v2',
      'BuildConfig/query-api: output query-api:latest is used by no workload',
    ]);
  });

  it('prod without the cluster CA, or with a user that does not exist', () => {
    const manifests = withPod(
      'producer',
      (pod) => {
        const container = pod.spec.containers[0]!;
        container.env = container.env!.map((e) => (e.name === 'KAFKA_SASL_USERNAME' ? { ...e, value: 'writer' } : e));
      },
      'prod',
    );
    delete configMap(manifests, 'kafka-connection').KAFKA_CA_FILE;
    const problems = checkKafkaConnection(manifests, rendered('prod'));
    expect(problems).toContain('Deployment/producer container producer: KAFKA_SASL_USERNAME writer is no KafkaUser');
    expect(problems).toContain(
      'Deployment/producer container producer: KAFKA_SASL_PASSWORD must come from Secret writer, key password',
    );
    // One problem per workload.
    expect(problems.filter((p) => p.endsWith('uses TLS but KAFKA_CA_FILE is not set'))).toHaveLength(
      workloads(manifests).length,
    );
  });

  it('the dev apps pointed at the prod listener', () => {
    const problems = checkKafkaConnection(renderedOpenShift('prod'), rendered('dev'));
    expect(problems).toContain(
      'Deployment/producer container producer: KAFKA_BOOTSTRAP_SERVERS=streams-kafka-kafka-bootstrap:9093, expected streams-kafka-kafka-bootstrap:9092',
    );
    expect(problems).toContain(
      'Deployment/producer container producer: KAFKA_CA_FILE is set but listener plain has no TLS',
    );
  });

  it('a topic variable naming a topic Strimzi does not declare', () => {
    const manifests = renderedOpenShift('dev');
    configMap(manifests, 'producer-config').SENTENCES_TOPIC = 'sentence';
    expect(checkKafkaConnection(manifests, rendered('dev'))).toEqual([
      'Deployment/producer container producer: SENTENCES_TOPIC=sentence is no KafkaTopic of strimzi/',
    ]);
  });

  it('word-count: more replicas than partitions, ordered pod management, a fixed instance id', () => {
    const manifests = renderedOpenShift('dev');
    const statefulSet = workloads(manifests).find((w) => w.name === 'word-count')!;
    const spec = statefulSet.spec as unknown as { replicas: number; podManagementPolicy: string; template: MutablePod };
    spec.replicas = 7;
    spec.podManagementPolicy = 'OrderedReady';
    spec.template.spec.containers[0]!.env = spec.template.spec.containers[0]!.env!.map((e) =>
      e.name === 'INSTANCE_ID' ? { name: 'INSTANCE_ID', value: 'word-count' } : e,
    );
    expect(checkStreamsStatefulSet(manifests, 'word-count', 6)).toEqual([
      'StatefulSet/word-count: podManagementPolicy must be Parallel',
      'StatefulSet/word-count: 7 replicas but the input has 6 partitions',
      'StatefulSet/word-count: INSTANCE_ID must be the pod name',
    ]);
  });

  it('window sizes that disagree', () => {
    const manifests = renderedOpenShift('dev');
    configMap(manifests, 'query-api-config').WINDOW_SIZE_MS = '30000';
    expect(checkAgreement(manifests, 'WINDOW_SIZE_MS', ['word-count', 'query-api'])).toEqual([
      'WINDOW_SIZE_MS differs: query-api=30000, word-count=60000',
    ]);
  });

  it('a pod without the label the default deny selects', () => {
    const manifests = withPod('word-count', (pod) => {
      delete pod.metadata.labels['app.kubernetes.io/part-of'];
    });
    expect(checkNetworkPolicies(manifests, 'word-count')).toEqual([
      'StatefulSet/word-count: pods lack label app.kubernetes.io/part-of=streamkit, so no NetworkPolicy covers them',
      'StatefulSet/word-count: no NetworkPolicy lets it reach the Kafka pods',
      'StatefulSet/word-count: no NetworkPolicy lets it reach DNS',
    ]);
  });

  it('no default deny', () => {
    const manifests = renderedOpenShift('dev').filter((m) => m.metadata?.name !== 'streamkit-default-deny');
    expect(checkNetworkPolicies(manifests, 'word-count')).toEqual([
      'no default-deny NetworkPolicy (Ingress and Egress) for app.kubernetes.io/part-of=streamkit',
    ]);
  });
});
