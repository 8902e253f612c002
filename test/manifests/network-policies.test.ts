// The NetworkPolicies of openshift/ as a platform engineer reads them: the router is admitted however it is
// published, the apps reach the Kafka brokers and nothing else of Strimzi's, and DNS only in openshift-dns.
import { describe, expect, it } from '@jest/globals';
import { type Manifest } from './support/manifests.js';
import {
  checkDnsEgress,
  checkKafkaEgress,
  checkRouterIngress,
  type Peer,
  peerSelects,
} from './support/network-policies.js';
import { podLabels, workloads } from './support/openshift.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { PROFILES } from './support/strimzi.js';

interface MutablePolicy {
  ingress?: Array<{ from?: Array<Record<string, unknown>> }>;
  egress?: Array<{ to?: Array<Record<string, unknown>>; ports?: Array<{ port: number; protocol: string }> }>;
}

/** The rendered dev overlay with one NetworkPolicy changed by `mutate`. */
function withPolicy(name: string, mutate: (spec: MutablePolicy) => void): Manifest[] {
  const manifests = renderedOpenShift('dev');
  mutate(manifests.find((m) => m.kind === 'NetworkPolicy' && m.metadata?.name === name)!.spec as MutablePolicy);
  return manifests;
}

describe.each(PROFILES)('openshift/overlays/%s', (profile) => {
  it('admits the router from its namespace and from the host network', () => {
    expect(checkRouterIngress(renderedOpenShift(profile))).toEqual([]);
  });

  it('lets the apps reach the Kafka brokers, not the controllers, entity operator, exporter or Cruise Control', () => {
    expect(checkKafkaEgress(renderedOpenShift(profile))).toEqual([]);
  });

  it("resolves names through OpenShift's DNS pods only", () => {
    expect(checkDnsEgress(renderedOpenShift(profile))).toEqual([]);
  });

  it(`the client listener of strimzi/overlays/${profile} admits exactly the apps' pods (networkPolicyPeers)`, () => {
    const kafka = rendered(profile).find((m) => m.kind === 'Kafka')!;
    const [listener] = (kafka.spec as { kafka: { listeners: Array<{ networkPolicyPeers?: Peer[] }> } }).kafka.listeners;
    const peers = listener!.networkPolicyPeers ?? [];
    const sameNamespace = { own: true, labels: {} };
    for (const w of workloads(renderedOpenShift(profile)))
      expect({ workload: w.name, admitted: peers.some((p) => peerSelects(p, podLabels(w), sameNamespace)) }).toEqual({
        workload: w.name,
        admitted: true,
      });
    // Not the other pods of the namespace: Strimzi's own reach the brokers through their replication listener.
    expect(peers.some((p) => peerSelects(p, { 'strimzi.io/cluster': 'streams-kafka' }, sameNamespace))).toBe(false);
  });
});

describe('policies that would fail on a real cluster are rejected', () => {
  it('router admitted only from policy-group ingress: 503 where the router runs on the host network', () => {
    const manifests = withPolicy('streamkit-allow-from-router', (spec) => {
      spec.ingress![0]!.from = [
        { namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } },
      ];
    });
    expect(checkRouterIngress(manifests)).toEqual([
      'Deployment/producer: routed, but no NetworkPolicy admits the router (policy-group.network.openshift.io/host-network="")',
      'Deployment/query-api: routed, but no NetworkPolicy admits the router (policy-group.network.openshift.io/host-network="")',
    ]);
  });

  it('a Kafka selector of cluster and kind only also reaches every other pod Strimzi runs', () => {
    const manifests = withPolicy('streamkit-allow-kafka-and-dns', (spec) => {
      spec.egress![0]!.to = [
        { podSelector: { matchLabels: { 'strimzi.io/cluster': 'streams-kafka', 'strimzi.io/kind': 'Kafka' } } },
      ];
    });
    expect(checkKafkaEgress(manifests).filter((p) => p.startsWith('Deployment/producer'))).toEqual([
      'Deployment/producer: a NetworkPolicy lets it reach the controller pods',
      'Deployment/producer: a NetworkPolicy lets it reach the entity operator pods',
      'Deployment/producer: a NetworkPolicy lets it reach the Kafka Exporter pods',
      'Deployment/producer: a NetworkPolicy lets it reach the Cruise Control pods',
    ]);
  });

  it('DNS egress to every namespace', () => {
    const manifests = withPolicy('streamkit-allow-kafka-and-dns', (spec) => {
      spec.egress![1]!.to = [{ namespaceSelector: {} }];
    });
    expect(checkDnsEgress(manifests).filter((p) => p.startsWith('StatefulSet/word-count'))).toEqual([
      'StatefulSet/word-count: a NetworkPolicy opens egress to every namespace',
    ]);
    // ... which on its DNS ports also reaches every pod of Strimzi's.
    expect(checkKafkaEgress(manifests).filter((p) => p.startsWith('StatefulSet/word-count'))).toHaveLength(4);
  });

  it('no DNS at all', () => {
    const manifests = withPolicy('streamkit-allow-kafka-and-dns', (spec) => {
      spec.egress = spec.egress!.slice(0, 1);
    });
    expect(checkDnsEgress(manifests)).toEqual([
      'Deployment/producer: no NetworkPolicy lets it reach DNS',
      'Deployment/query-api: no NetworkPolicy lets it reach DNS',
      'StatefulSet/word-count: no NetworkPolicy lets it reach DNS',
    ]);
  });
});
