// The NetworkPolicies of openshift/: which traffic they let into and out of the project's pods.
import { type Manifest } from './manifests.js';
import { KAFKA_CLUSTER, PART_OF, podLabels, workloads, type Workload } from './openshift.js';
import { CLUSTER_LABEL } from './policy.js';
import { type LabelSelector, isEmptySelector, matchesSelector } from './selectors.js';

export interface Peer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr?: string };
}
export interface Rule {
  readonly from?: ReadonlyArray<Peer>;
  readonly to?: ReadonlyArray<Peer>;
  readonly ports?: ReadonlyArray<{ readonly port?: number | string; readonly protocol?: string }>;
}
interface PolicySpec {
  readonly podSelector?: LabelSelector;
  readonly policyTypes?: ReadonlyArray<string>;
  readonly ingress?: ReadonlyArray<Rule>;
  readonly egress?: ReadonlyArray<Rule>;
}

const policies = (manifests: ReadonlyArray<Manifest>): PolicySpec[] =>
  manifests.filter((m) => m.kind === 'NetworkPolicy').map((m) => (m.spec ?? {}) as PolicySpec);

/** Ingress rules of every policy that selects the workload's pods. */
export const ingressRules = (manifests: ReadonlyArray<Manifest>, w: Workload): Rule[] =>
  policies(manifests)
    .filter((p) => matchesSelector(p.podSelector ?? {}, podLabels(w)))
    .flatMap((p) => p.ingress ?? []);

/** Egress rules of every policy that selects the workload's pods. */
export const egressRules = (manifests: ReadonlyArray<Manifest>, w: Workload): Rule[] =>
  policies(manifests)
    .filter((p) => matchesSelector(p.podSelector ?? {}, podLabels(w)))
    .flatMap((p) => p.egress ?? []);

/** Some ingress rule admits a peer for which `peer` holds. */
export const admits = (manifests: ReadonlyArray<Manifest>, w: Workload, peer: (p: Peer) => boolean): boolean =>
  ingressRules(manifests, w).some((rule) => (rule.from ?? []).some(peer));

/** Some egress rule lets the pods reach a peer for which `peer` holds. */
export const reaches = (manifests: ReadonlyArray<Manifest>, w: Workload, peer: (p: Peer) => boolean): boolean =>
  egressRules(manifests, w).some((rule) => (rule.to ?? []).some(peer));

/** The label selectors of the Services that Routes send traffic to. */
function routedSelectors(manifests: ReadonlyArray<Manifest>): Array<Readonly<Record<string, string>>> {
  const services = manifests.filter((m) => m.kind === 'Service');
  return manifests
    .filter((m) => m.kind === 'Route')
    .flatMap((route) => {
      const target = (route.spec as { to?: { name?: string } } | undefined)?.to?.name;
      const service = services.find((s) => s.metadata?.name === target);
      const selector = (service?.spec as { selector?: Record<string, string> } | undefined)?.selector;
      return selector === undefined || Object.keys(selector).length === 0 ? [] : [selector];
    });
}

const isRouted = (manifests: ReadonlyArray<Manifest>, w: Workload): boolean =>
  routedSelectors(manifests).some((selector) => matchesSelector({ matchLabels: selector }, podLabels(w)));

/** The router's namespaces: labelled policy-group ingress; on the host network, the host-network group. */
export const ROUTER_PEERS: ReadonlyArray<{ readonly label: string; readonly value: string }> = [
  { label: 'network.openshift.io/policy-group', value: 'ingress' },
  { label: 'policy-group.network.openshift.io/host-network', value: '' },
];

/** Labels of the pods Strimzi runs for the Kafka `streams-kafka` (node pools `broker` and `controller`). */
const strimziPod = (name: string, extra: Readonly<Record<string, string>>): Readonly<Record<string, string>> => ({
  [CLUSTER_LABEL]: KAFKA_CLUSTER,
  'strimzi.io/kind': 'Kafka',
  'strimzi.io/name': `${KAFKA_CLUSTER}-${name}`,
  'app.kubernetes.io/managed-by': 'strimzi-cluster-operator',
  'app.kubernetes.io/part-of': `strimzi-${KAFKA_CLUSTER}`,
  ...extra,
});
export const STRIMZI_PODS = {
  broker: strimziPod('kafka', {
    'strimzi.io/component-type': 'kafka',
    'strimzi.io/pool-name': 'broker',
    'strimzi.io/broker-role': 'true',
    'strimzi.io/controller-role': 'false',
  }),
  controller: strimziPod('kafka', {
    'strimzi.io/component-type': 'kafka',
    'strimzi.io/pool-name': 'controller',
    'strimzi.io/broker-role': 'false',
    'strimzi.io/controller-role': 'true',
  }),
  'entity operator': strimziPod('entity-operator', { 'strimzi.io/component-type': 'entity-operator' }),
  'Kafka Exporter': strimziPod('kafka-exporter', { 'strimzi.io/component-type': 'kafka-exporter' }),
  'Cruise Control': strimziPod('cruise-control', { 'strimzi.io/component-type': 'cruise-control' }),
} as const;

/** OpenShift's DNS pods: the daemonset `dns-default` in openshift-dns. */
export const DNS_NAMESPACE: Readonly<Record<string, string>> = { 'kubernetes.io/metadata.name': 'openshift-dns' };
export const DNS_POD: Readonly<Record<string, string>> = { 'dns.operator.openshift.io/daemonset-dns': 'default' };

interface NamespaceView {
  /** The namespace of the policy itself (a peer without namespaceSelector means this one). */
  readonly own: boolean;
  readonly labels: Readonly<Record<string, string>>;
}

/** Whether `peer` selects a pod with `labels` in `namespace`. */
export function peerSelects(peer: Peer, labels: Readonly<Record<string, string>>, namespace: NamespaceView): boolean {
  if (peer.ipBlock !== undefined) return false;
  const inNamespace =
    peer.namespaceSelector === undefined ? namespace.own : matchesSelector(peer.namespaceSelector, namespace.labels);
  return inNamespace && matchesSelector(peer.podSelector ?? {}, labels);
}

/** The namespace the overlay is applied to, as the policies see it. */
const ownNamespace = (manifests: ReadonlyArray<Manifest>): NamespaceView => ({
  own: true,
  labels: { 'kubernetes.io/metadata.name': manifests.find((m) => m.metadata?.namespace)?.metadata?.namespace ?? '' },
});

/** Routed workloads admit the router from both kinds of router namespace. */
export function checkRouterIngress(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests)
    .filter((w) => isRouted(manifests, w))
    .flatMap((w) =>
      ROUTER_PEERS.filter(
        ({ label, value }) => !admits(manifests, w, (p) => p.namespaceSelector?.matchLabels?.[label] === value),
      ).map(
        ({ label, value }) =>
          `${w.kind}/${w.name}: routed, but no NetworkPolicy admits the router (${label}=${JSON.stringify(value)})`,
      ),
    );
}

/** Egress to the Kafka brokers, and to no other pod Strimzi runs (controllers, entity operator, exporter...). */
export function checkKafkaEgress(manifests: ReadonlyArray<Manifest>): string[] {
  const namespace = ownNamespace(manifests);
  return workloads(manifests).flatMap((w) => {
    // A rule without `to` reaches every destination.
    const peers = egressRules(manifests, w).flatMap((rule) => rule.to ?? [{}]);
    const problems: string[] = [];
    if (!peers.some((p) => peerSelects(p, STRIMZI_PODS.broker, namespace)))
      problems.push(`${w.kind}/${w.name}: no NetworkPolicy lets it reach the Kafka pods`);
    for (const [pod, labels] of Object.entries(STRIMZI_PODS))
      if (pod !== 'broker' && peers.some((p) => peerSelects(p, labels, namespace)))
        problems.push(`${w.kind}/${w.name}: a NetworkPolicy lets it reach the ${pod} pods`);
    return problems;
  });
}

/** Names resolve through OpenShift's DNS pods, and no egress rule is open to every namespace. */
export function checkDnsEgress(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests).flatMap((w) => {
    const rules = egressRules(manifests, w);
    const problems: string[] = [];
    const dns = rules.some(
      (rule) =>
        (rule.ports ?? []).some((port) => port.port === 5353) &&
        (rule.to ?? []).some((p) => peerSelects(p, DNS_POD, { own: false, labels: DNS_NAMESPACE })),
    );
    if (!dns) problems.push(`${w.kind}/${w.name}: no NetworkPolicy lets it reach DNS`);
    const everyNamespace = rules.some(
      (rule) =>
        rule.to === undefined ||
        rule.to.some(
          (p) =>
            p.namespaceSelector !== undefined && isEmptySelector(p.namespaceSelector) && isEmptySelector(p.podSelector),
        ),
    );
    if (everyNamespace) problems.push(`${w.kind}/${w.name}: a NetworkPolicy opens egress to every namespace`);
    return problems;
  });
}

/**
 * Default deny for the project's pods (every pod carries the label it selects), ingress from the router to
 * every routed workload, egress to the Kafka brokers and to OpenShift's DNS only, and word-count instances
 * reaching each other.
 */
export function checkNetworkPolicies(manifests: ReadonlyArray<Manifest>, streamsApp: string): string[] {
  const problems: string[] = [];
  const pods = workloads(manifests);
  for (const w of pods)
    if (podLabels(w)[PART_OF.key] !== PART_OF.value)
      problems.push(
        `${w.kind}/${w.name}: pods lack label ${PART_OF.key}=${PART_OF.value}, so no NetworkPolicy covers them`,
      );
  const denyAll = policies(manifests).find(
    (p) =>
      p.podSelector?.matchLabels?.[PART_OF.key] === PART_OF.value &&
      ['Ingress', 'Egress'].every((t) => p.policyTypes?.includes(t)) &&
      (p.ingress ?? []).length === 0 &&
      (p.egress ?? []).length === 0,
  );
  if (denyAll === undefined)
    problems.push(`no default-deny NetworkPolicy (Ingress and Egress) for ${PART_OF.key}=${PART_OF.value}`);
  problems.push(...checkRouterIngress(manifests), ...checkKafkaEgress(manifests), ...checkDnsEgress(manifests));
  const streams = pods.find((w) => w.name === streamsApp);
  if (streams !== undefined) {
    const peer = (p: Peer) =>
      p.podSelector !== undefined &&
      Object.keys(p.podSelector.matchLabels ?? {}).length > 0 &&
      matchesSelector(p.podSelector, podLabels(streams)) &&
      p.namespaceSelector === undefined;
    if (!admits(manifests, streams, peer) || !reaches(manifests, streams, peer))
      problems.push(`${streams.kind}/${streams.name}: instances cannot reach each other (routed queries)`);
  }
  return problems;
}
