// The NetworkPolicies of openshift/: which traffic they let into and out of the project's pods.
import { type Manifest } from './manifests.js';
import { KAFKA_CLUSTER, PART_OF, podLabels, workloads, type Workload } from './openshift.js';
import { CLUSTER_LABEL } from './policy.js';
import { type LabelSelector, matchesSelector } from './selectors.js';

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

/**
 * Default deny for the project's pods (every pod carries the label it selects), ingress from the router to
 * every routed workload, egress to the Kafka pods and to DNS, and word-count instances reaching each other.
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
  for (const w of pods) {
    const what = `${w.kind}/${w.name}`;
    if (
      isRouted(manifests, w) &&
      !admits(
        manifests,
        w,
        (p) => p.namespaceSelector?.matchLabels?.['network.openshift.io/policy-group'] === 'ingress',
      )
    )
      problems.push(`${what}: routed, but no NetworkPolicy admits the router`);
    if (!reaches(manifests, w, (p) => p.podSelector?.matchLabels?.[CLUSTER_LABEL] === KAFKA_CLUSTER))
      problems.push(`${what}: no NetworkPolicy lets it reach the Kafka pods`);
    if (!egressRules(manifests, w).some((rule) => (rule.ports ?? []).some((port) => port.port === 53)))
      problems.push(`${what}: no NetworkPolicy lets it reach DNS`);
  }
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
