// openshift/: both overlays render, every object is valid (strict schemas; kubernetes-models for core kinds),
// and the rules of the platform and of the services hold, checked against the Strimzi overlay of the same name.
import { describe, expect, it } from '@jest/globals';
import { type Manifest } from './support/manifests.js';
import {
  checkAgreement,
  checkContainers,
  checkEnvironments,
  checkGracePeriods,
  checkImages,
  checkKafkaConnection,
  checkReferences,
  checkStreamsStatefulSet,
  containerEnvironment,
  validateDocuments,
  workloads,
} from './support/openshift.js';
import { checkNetworkPolicies } from './support/network-policies.js';
import { validateOpenShiftOverlay } from './support/openshift-overlay.js';
import { topics } from './support/policy.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { PROFILES } from './support/strimzi.js';

const countKinds = (manifests: ReadonlyArray<Manifest>): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const m of manifests) counts[String(m.kind)] = (counts[String(m.kind)] ?? 0) + 1;
  return counts;
};

describe.each(PROFILES)('openshift/overlays/%s', (profile) => {
  const manifests = (): Manifest[] => renderedOpenShift(profile);
  const strimzi = (): Manifest[] => rendered(profile);

  it('renders the three services with their Services, Routes, builds and policies', () => {
    expect(countKinds(manifests())).toEqual({
      BuildConfig: 3,
      ConfigMap: 4,
      Deployment: 2,
      HorizontalPodAutoscaler: 2,
      ImageStream: 3,
      NetworkPolicy: 6,
      PodDisruptionBudget: 3,
      Route: 2,
      Service: 4,
      StatefulSet: 1,
    });
    expect(workloads(manifests()).map((w) => `${w.kind}/${w.name}`)).toEqual([
      'Deployment/producer',
      'Deployment/query-api',
      'StatefulSet/word-count',
    ]);
  });

  it("lets query-api's dashboard reach word-count: WORD_COUNT_URLS names word-count's Service, policies admit it", () => {
    const config = manifests().find(
      (m) => m.kind === 'ConfigMap' && String(m.metadata?.name).startsWith('query-api-config'),
    );
    const url = new URL(String((config as { data?: Record<string, string> } | undefined)?.data?.WORD_COUNT_URLS));
    const service = manifests().find((m) => m.kind === 'Service' && m.metadata?.name === url.hostname);
    const servicePort = (service?.spec as { ports: Array<{ port: number }> } | undefined)?.ports[0]?.port;
    expect(servicePort).toBe(Number(url.port));
    type Rule = { to?: PeerRule[]; from?: PeerRule[]; ports?: Array<{ port: number | string }> };
    type PeerRule = { podSelector?: { matchLabels?: Record<string, string> } };
    const policies = manifests()
      .filter((m) => m.kind === 'NetworkPolicy')
      .map(
        (m) => m.spec as { podSelector: { matchLabels?: Record<string, string> }; egress?: Rule[]; ingress?: Rule[] },
      );
    const selects = (labels: Record<string, string> | undefined, app: string) =>
      labels?.['app.kubernetes.io/name'] === app;
    const allows = (rules: Rule[] | undefined, peers: 'to' | 'from', app: string, port: number | string) =>
      (rules ?? []).some(
        (rule) =>
          (rule[peers] ?? []).some((peer) => selects(peer.podSelector?.matchLabels, app)) &&
          (rule.ports ?? []).some((p) => p.port === port),
      );
    expect(
      policies.some(
        (p) => selects(p.podSelector.matchLabels, 'query-api') && allows(p.egress, 'to', 'word-count', 8080),
      ),
    ).toBe(true);
    expect(
      policies.some(
        (p) => selects(p.podSelector.matchLabels, 'word-count') && allows(p.ingress, 'from', 'query-api', 'http'),
      ),
    ).toBe(true);
  });

  it('every object is valid: OpenShift and monitoring kinds by the strict schemas, core kinds by kubernetes-models', () => {
    expect(validateDocuments(manifests())).toEqual([]);
  });

  it('every container has probes on the health endpoints, requests and limits, and a restricted-v2 security context', () => {
    expect(checkContainers(manifests())).toEqual([]);
  });

  it("every container's environment is exactly what its service's config schema accepts and requires", () => {
    expect(checkEnvironments(manifests())).toEqual([]);
  });

  it('pods get longer to stop than the services give their shutdown', () => {
    expect(checkGracePeriods(manifests())).toEqual([]);
  });

  it('workloads run the images the BuildConfigs produce, and follow them with image triggers', () => {
    expect(checkImages(manifests())).toEqual([]);
  });

  it(`reaches Kafka as strimzi/overlays/${profile} serves it: listener, TLS, SCRAM users, topics`, () => {
    expect(checkKafkaConnection(manifests(), strimzi())).toEqual([]);
  });

  it('runs word-count as a StatefulSet with pod identity, routed queries, per-pod state and a disruption budget', () => {
    const input = topics(strimzi()).get('sentences')!.partitions!;
    expect(checkStreamsStatefulSet(manifests(), 'word-count', input)).toEqual([]);
  });

  it('word-count and query-api agree on the window size', () => {
    expect(checkAgreement(manifests(), 'WINDOW_SIZE_MS', ['word-count', 'query-api'])).toEqual([]);
  });

  it('Services, Routes, autoscalers and budgets point at what exists', () => {
    expect(checkReferences(manifests())).toEqual([]);
  });

  it('network policies: default deny, the router in, Kafka and DNS out, word-count instances to each other', () => {
    expect(checkNetworkPolicies(manifests(), 'word-count')).toEqual([]);
  });

  it('passes every check at once (the entry point the negative tests use)', () => {
    expect(validateOpenShiftOverlay(manifests(), strimzi())).toEqual([]);
  });
});

describe('overlay differences', () => {
  const envOf = (profile: 'dev' | 'prod', workload: string): Map<string, string | undefined> => {
    const manifests = renderedOpenShift(profile);
    const w = workloads(manifests).find((x) => x.name === workload)!;
    return containerEnvironment(manifests, w, w.spec.template.spec.containers[0]!).env;
  };

  it('dev talks plain SCRAM to 9092; prod TLS + SCRAM to 9093 with the cluster CA', () => {
    expect(envOf('dev', 'producer').get('KAFKA_BOOTSTRAP_SERVERS')).toBe('streams-kafka-kafka-bootstrap:9092');
    expect(envOf('dev', 'producer').has('KAFKA_CA_FILE')).toBe(false);
    expect(envOf('prod', 'producer').get('KAFKA_BOOTSTRAP_SERVERS')).toBe('streams-kafka-kafka-bootstrap:9093');
    expect(envOf('prod', 'word-count').get('KAFKA_CA_FILE')).toBe('/etc/kafka-ca/ca.crt');
  });

  it("word-count and query-api name the streams library's client in both overlays: platformatic, the default", () => {
    const clients = (['dev', 'prod'] as const).flatMap((profile) =>
      ['word-count', 'query-api'].map((workload) => envOf(profile, workload).get('KAFKA_STREAMS_CLIENT')),
    );
    expect(clients).toEqual(['platformatic', 'platformatic', 'platformatic', 'platformatic']);
  });

  it('word-count announces its pod DNS name for routed queries, and joins its group under the pod name', () => {
    expect(envOf('prod', 'word-count').get('INSTANCE_ID')).toBe('word-count-0');
    expect(envOf('prod', 'word-count').get('APPLICATION_SERVER')).toBe('word-count-0.word-count-headless:8080');
    expect(envOf('prod', 'word-count').get('GROUP_INSTANCE_ID')).toBe('word-count-0');
  });

  it('prod runs more word-count instances and autoscales from 2 pods', () => {
    const replicas = (profile: 'dev' | 'prod') =>
      workloads(renderedOpenShift(profile)).find((w) => w.name === 'word-count')!.spec.replicas;
    expect([replicas('dev'), replicas('prod')]).toEqual([2, 3]);
    const minReplicas = renderedOpenShift('prod')
      .filter((m) => m.kind === 'HorizontalPodAutoscaler')
      .map((m) => (m.spec as { minReplicas: number }).minReplicas);
    expect(minReplicas).toEqual([2, 2]);
  });
});
