// Rules the Strimzi operator (or the project) enforces at run time, checked offline on rendered manifests.
// Each check returns a list of problems; an empty list means the rule holds.
import { describeManifest, type Manifest } from './manifests.js';
import { type LabelSelector, matchesSelector } from './selectors.js';

export const CLUSTER_LABEL = 'strimzi.io/cluster';
const STRIMZI = 'kafka.strimzi.io/v1';

// Views of the fields the rules read. Structure is the schemas' job; these only read.
interface Listener {
  readonly name?: string;
  readonly port?: number;
  readonly type?: string;
  readonly tls?: boolean;
  readonly authentication?: { readonly type?: string };
  readonly networkPolicyPeers?: ReadonlyArray<ListenerPeer>;
}
type Selector = {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: ReadonlyArray<object>;
};
interface ListenerPeer {
  readonly podSelector?: Selector;
  readonly namespaceSelector?: Selector;
  readonly ipBlock?: object;
}
interface KafkaSpec {
  readonly kafka?: {
    readonly version?: string;
    readonly listeners?: ReadonlyArray<Listener>;
    readonly authorization?: { readonly type?: string };
    readonly config?: Readonly<Record<string, unknown>>;
  };
}
interface NodePoolSpec {
  readonly replicas?: number;
  readonly roles?: ReadonlyArray<string>;
  readonly template?: {
    readonly pod?: {
      readonly affinity?: {
        readonly podAntiAffinity?: {
          readonly requiredDuringSchedulingIgnoredDuringExecution?: ReadonlyArray<{
            readonly topologyKey?: string;
            readonly labelSelector?: LabelSelector;
          }>;
        };
      };
    };
  };
}
interface TopicSpec {
  readonly topicName?: string;
  readonly partitions?: number;
  readonly replicas?: number;
  readonly config?: Readonly<Record<string, unknown>>;
}
interface AclRule {
  readonly resource?: { readonly type?: string; readonly name?: string; readonly patternType?: string };
  readonly operations?: ReadonlyArray<string>;
}
interface UserSpec {
  readonly authentication?: { readonly type?: string };
  readonly authorization?: { readonly type?: string; readonly acls?: ReadonlyArray<AclRule> };
}

const ofKind = (manifests: ReadonlyArray<Manifest>, kind: string): Manifest[] =>
  manifests.filter((m) => m.apiVersion === STRIMZI && m.kind === kind);
const specOf = <T>(manifest: Manifest): T => (manifest.spec ?? {}) as T;
const nameOf = (manifest: Manifest): string => manifest.metadata?.name ?? '';

/** A number from a Kafka config value (numbers or numeric strings); undefined when absent. */
function numeric(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : Number(String(value));
  return Number.isFinite(n) ? n : Number.NaN;
}

export function kafkaClusters(manifests: ReadonlyArray<Manifest>): Manifest[] {
  return ofKind(manifests, 'Kafka');
}

/** The one Kafka of a rendered overlay; a problem when there is none or several. */
export function checkSingleKafka(manifests: ReadonlyArray<Manifest>): string[] {
  const clusters = kafkaClusters(manifests);
  return clusters.length === 1
    ? []
    : [`expected exactly one Kafka, found ${clusters.length} (${clusters.map(nameOf).join(', ')})`];
}

/** Sum of the replicas of the node pools of `cluster` that have `role`. */
export function nodeCount(manifests: ReadonlyArray<Manifest>, cluster: string, role: 'broker' | 'controller'): number {
  return ofKind(manifests, 'KafkaNodePool')
    .filter((pool) => pool.metadata?.labels?.[CLUSTER_LABEL] === cluster)
    .filter((pool) => specOf<NodePoolSpec>(pool).roles?.includes(role))
    .reduce((sum, pool) => sum + (specOf<NodePoolSpec>(pool).replicas ?? 0), 0);
}

/** Every KafkaNodePool, KafkaTopic and KafkaUser carries `strimzi.io/cluster: <the Kafka's name>`. */
export function checkClusterLabels(manifests: ReadonlyArray<Manifest>): string[] {
  const names = new Set(kafkaClusters(manifests).map(nameOf));
  return ['KafkaNodePool', 'KafkaTopic', 'KafkaUser'].flatMap((kind) =>
    ofKind(manifests, kind).flatMap((m) => {
      const label = m.metadata?.labels?.[CLUSTER_LABEL];
      if (label === undefined) return [`${describeManifest(m)}: label ${CLUSTER_LABEL} is missing`];
      if (!names.has(label)) return [`${describeManifest(m)}: label ${CLUSTER_LABEL}=${label} names no Kafka here`];
      return [];
    }),
  );
}

/** No namespace, or one namespace for all: topics and users must live with their Kafka. */
export function checkNamespaces(manifests: ReadonlyArray<Manifest>): string[] {
  const namespaces = new Set(manifests.map((m) => m.metadata?.namespace ?? '<from -n>'));
  return namespaces.size <= 1 ? [] : [`objects are spread over namespaces: ${[...namespaces].join(', ')}`];
}

/**
 * A node pool of more than one node never puts two of its pods on one node (a required pod anti-affinity on
 * the host name): two controllers on a node lose the quorum with it, two brokers two replicas of a partition.
 */
export function checkNodePoolSpread(manifests: ReadonlyArray<Manifest>): string[] {
  return ofKind(manifests, 'KafkaNodePool')
    .filter((pool) => (specOf<NodePoolSpec>(pool).replicas ?? 0) > 1)
    .flatMap((pool) => {
      const podLabels = {
        [CLUSTER_LABEL]: pool.metadata?.labels?.[CLUSTER_LABEL] ?? '',
        'strimzi.io/kind': 'Kafka',
        'strimzi.io/pool-name': nameOf(pool),
      };
      const terms =
        specOf<NodePoolSpec>(pool).template?.pod?.affinity?.podAntiAffinity
          ?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      const spread = terms.some(
        (term) =>
          term.topologyKey === 'kubernetes.io/hostname' &&
          term.labelSelector !== undefined &&
          matchesSelector(term.labelSelector, podLabels),
      );
      return spread
        ? []
        : [
            `${describeManifest(pool)}: ${String(specOf<NodePoolSpec>(pool).replicas)} nodes may share a node (no required pod anti-affinity on kubernetes.io/hostname for its pods)`,
          ];
    });
}

/** kind + name unique (kustomize would merge or reject duplicates; fixtures must not hide behind one). */
export function checkUniqueNames(manifests: ReadonlyArray<Manifest>): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const m of manifests) {
    const key = `${String(m.apiVersion)} ${describeManifest(m)}`;
    if (seen.has(key)) problems.push(`${describeManifest(m)}: declared twice`);
    seen.add(key);
  }
  return problems;
}

/** min ISR must not exceed the replicas, and must leave room for one replica down when replicas > 1. */
function minIsrProblem(what: string, minIsr: number | undefined, replicas: number): string | undefined {
  if (minIsr === undefined) return undefined;
  if (!Number.isInteger(minIsr) || minIsr < 1)
    return `${what}: min.insync.replicas ${minIsr} is not a positive integer`;
  if (minIsr > replicas) return `${what}: min.insync.replicas ${minIsr} > replicas ${replicas}`;
  if (replicas > 1 && minIsr >= replicas)
    return `${what}: min.insync.replicas ${minIsr} must be < replicas ${replicas} (one broker down would stop acks=all writes)`;
  return undefined;
}

/**
 * Replication against the overlay's broker count (sum of broker-role node pools): the cluster defaults,
 * the internal topics' settings and every KafkaTopic's replicas (explicit, else default.replication.factor).
 */
export function checkReplication(manifests: ReadonlyArray<Manifest>): string[] {
  const problems: string[] = [];
  for (const kafka of kafkaClusters(manifests)) {
    const cluster = nameOf(kafka);
    const brokers = nodeCount(manifests, cluster, 'broker');
    const controllers = nodeCount(manifests, cluster, 'controller');
    if (brokers < 1) problems.push(`Kafka/${cluster}: no node pool with the broker role`);
    if (controllers < 1) problems.push(`Kafka/${cluster}: no node pool with the controller role`);
    else if (controllers % 2 === 0)
      problems.push(`Kafka/${cluster}: ${controllers} controllers; a KRaft quorum wants an odd number`);

    const config = specOf<KafkaSpec>(kafka).kafka?.config ?? {};
    const setting = (key: string): number | undefined => numeric(config[key]);
    for (const key of [
      'default.replication.factor',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
    ]) {
      const value = setting(key);
      if (value !== undefined && !(Number.isInteger(value) && value >= 1 && value <= brokers))
        problems.push(`Kafka/${cluster}: ${key} ${value} must be between 1 and the broker count ${brokers}`);
    }
    const txnRf = setting('transaction.state.log.replication.factor');
    const txnProblem = minIsrProblem(
      `Kafka/${cluster} transaction state log`,
      setting('transaction.state.log.min.isr'),
      txnRf ?? 3,
    );
    if (txnProblem) problems.push(txnProblem);
    const defaultRf = setting('default.replication.factor');
    const defaultMinIsr = setting('min.insync.replicas');
    const defaultProblem = minIsrProblem(`Kafka/${cluster} defaults`, defaultMinIsr, defaultRf ?? 1);
    if (defaultProblem) problems.push(defaultProblem);

    for (const topic of ofKind(manifests, 'KafkaTopic').filter(
      (t) => t.metadata?.labels?.[CLUSTER_LABEL] === cluster,
    )) {
      const spec = specOf<TopicSpec>(topic);
      const replicas = spec.replicas ?? defaultRf ?? 1;
      if (replicas > brokers)
        problems.push(`${describeManifest(topic)}: replicas ${replicas} > broker count ${brokers} of Kafka/${cluster}`);
      const topicMinIsr = numeric(spec.config?.['min.insync.replicas']) ?? defaultMinIsr;
      const problem = minIsrProblem(describeManifest(topic), topicMinIsr, replicas);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

export function checkKafkaVersion(manifests: ReadonlyArray<Manifest>, version: string): string[] {
  return kafkaClusters(manifests).flatMap((kafka) => {
    const actual = specOf<KafkaSpec>(kafka).kafka?.version;
    return actual === version
      ? []
      : [`${describeManifest(kafka)}: version ${String(actual)}, versions.env pins ${version}`];
  });
}

/**
 * Broker config keys the operator owns (Strimzi's forbidden options), minus its documented exceptions.
 * Setting them is rejected or silently ignored by the operator.
 */
export const FORBIDDEN_CONFIG_PREFIXES: ReadonlyArray<string> = [
  'listeners',
  'advertised.',
  'broker.',
  'listener.',
  'host.name',
  'port',
  'inter.broker.listener.name',
  'sasl.',
  'ssl.',
  'security.',
  'password.',
  'log.dir',
  'metadata.log.dir',
  'zookeeper.',
  'authorizer.',
  'super.user',
  'cruise.control.metrics.topic',
  'cruise.control.metrics.reporter.bootstrap.servers',
  'node.id',
  'process.roles',
  'controller.',
  'client.quota.callback.static.',
];
export const ALLOWED_CONFIG_EXCEPTIONS: ReadonlyArray<string> = [
  'ssl.cipher.suites',
  'ssl.protocol',
  'ssl.enabled.protocols',
  'ssl.secure.random.implementation',
  'sasl.server.max.receive.size',
  'cruise.control.metrics.topic.num.partitions',
  'cruise.control.metrics.topic.replication.factor',
  'cruise.control.metrics.topic.retention.ms',
  'cruise.control.metrics.topic.auto.create.retries',
  'cruise.control.metrics.topic.auto.create.timeout.ms',
  'cruise.control.metrics.topic.min.insync.replicas',
  'controller.quorum.election.backoff.max.ms',
  'controller.quorum.election.timeout.ms',
  'controller.quorum.fetch.timeout.ms',
];

export function checkForbiddenConfig(manifests: ReadonlyArray<Manifest>): string[] {
  return kafkaClusters(manifests).flatMap((kafka) =>
    Object.keys(specOf<KafkaSpec>(kafka).kafka?.config ?? {})
      .filter((key) => !ALLOWED_CONFIG_EXCEPTIONS.includes(key))
      .filter((key) => FORBIDDEN_CONFIG_PREFIXES.some((prefix) => key.startsWith(prefix)))
      .map((key) => `${describeManifest(kafka)}: config key "${key}" is managed by the operator`),
  );
}

export type Profile = 'dev' | 'prod';

/**
 * Listeners and authorization. Everywhere: unique names and ports, `route` listeners with TLS, and when
 * authorization is simple, authentication on every listener (else clients are ANONYMOUS and ACLs moot).
 * prod: client listeners are `internal` TLS + SCRAM-SHA-512 or `route` (TLS + SCRAM); authorization simple.
 */
export function checkListeners(manifests: ReadonlyArray<Manifest>, profile: Profile): string[] {
  const problems: string[] = [];
  for (const kafka of kafkaClusters(manifests)) {
    const what = describeManifest(kafka);
    const spec = specOf<KafkaSpec>(kafka).kafka ?? {};
    const listeners = spec.listeners ?? [];
    const authorization = spec.authorization?.type;
    if (listeners.length === 0) problems.push(`${what}: no listeners`);
    const names = listeners.map((l) => l.name);
    const ports = listeners.map((l) => l.port);
    if (new Set(names).size !== names.length) problems.push(`${what}: duplicate listener names ${names.join(', ')}`);
    if (new Set(ports).size !== ports.length) problems.push(`${what}: duplicate listener ports ${ports.join(', ')}`);
    for (const listener of listeners) {
      const at = `${what} listener ${String(listener.name)}`;
      if (listener.type === 'route' && listener.tls !== true) problems.push(`${at}: route listeners need tls: true`);
      if (authorization === 'simple' && listener.authentication?.type === undefined)
        problems.push(`${at}: no authentication while authorization is simple`);
      if (profile === 'prod') {
        if (listener.type !== 'internal' && listener.type !== 'route')
          problems.push(`${at}: type ${String(listener.type)} is not allowed in prod (internal or route only)`);
        if (listener.tls !== true) problems.push(`${at}: prod listeners must use TLS`);
        if (listener.authentication?.type !== 'scram-sha-512')
          problems.push(`${at}: prod listeners must use scram-sha-512 authentication`);
      }
    }
    if (profile === 'prod' && authorization !== 'simple')
      problems.push(`${what}: prod needs authorization type simple, found ${String(authorization)}`);
  }
  return problems;
}

const isEmpty = (selector: Selector | undefined): boolean =>
  selector === undefined ||
  (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);

/**
 * Every listener names who may connect (`networkPolicyPeers`, which Strimzi turns into the listener's
 * NetworkPolicy): without it, or with a peer that selects everything, every pod of the cluster reaches it.
 */
export function checkListenerPeers(manifests: ReadonlyArray<Manifest>): string[] {
  return kafkaClusters(manifests).flatMap((kafka) =>
    (specOf<KafkaSpec>(kafka).kafka?.listeners ?? []).flatMap((listener) => {
      const at = `${describeManifest(kafka)} listener ${String(listener.name)}`;
      const peers = listener.networkPolicyPeers ?? [];
      if (peers.length === 0) return [`${at}: no networkPolicyPeers, so every pod of the cluster may connect`];
      return peers.flatMap((peer, i) => {
        if (peer.ipBlock !== undefined) return [];
        if (peer.namespaceSelector !== undefined && isEmpty(peer.namespaceSelector) && isEmpty(peer.podSelector))
          return [`${at}: networkPolicyPeers[${i}] admits every pod of every namespace`];
        if (peer.namespaceSelector === undefined && isEmpty(peer.podSelector))
          return [`${at}: networkPolicyPeers[${i}] admits every pod of the namespace`];
        return [];
      });
    }),
  );
}

/** Users: ACLs need simple authorization on their Kafka; SCRAM users need a SCRAM listener. */
export function checkUsers(manifests: ReadonlyArray<Manifest>): string[] {
  const byName = new Map(kafkaClusters(manifests).map((kafka) => [nameOf(kafka), specOf<KafkaSpec>(kafka).kafka]));
  const topics = new Set(ofKind(manifests, 'KafkaTopic').map((t) => specOf<TopicSpec>(t).topicName ?? nameOf(t)));
  return ofKind(manifests, 'KafkaUser').flatMap((user) => {
    const problems: string[] = [];
    const what = describeManifest(user);
    const kafka = byName.get(user.metadata?.labels?.[CLUSTER_LABEL] ?? '');
    const spec = specOf<UserSpec>(user);
    if (kafka === undefined) return problems; // reported by checkClusterLabels
    if (spec.authorization !== undefined && kafka.authorization?.type !== 'simple')
      problems.push(`${what}: has ACLs but its Kafka has no simple authorization`);
    const auth = spec.authentication?.type;
    if (auth !== undefined && !(kafka.listeners ?? []).some((l) => l.authentication?.type === auth))
      problems.push(`${what}: authentication ${auth} but no listener offers it`);
    for (const acl of spec.authorization?.acls ?? []) {
      const resource = acl.resource ?? {};
      if (
        resource.type === 'topic' &&
        (resource.patternType ?? 'literal') === 'literal' &&
        !topics.has(resource.name ?? '')
      )
        problems.push(`${what}: ACL on topic "${String(resource.name)}", which no KafkaTopic declares`);
    }
    return problems;
  });
}

/**
 * No user may create topics: every topic is a KafkaTopic (the internal ones pre-created), and a client that
 * creates one (a changed topology, a typo) would make a topic no KafkaTopic manages.
 */
export function checkNoTopicCreate(manifests: ReadonlyArray<Manifest>): string[] {
  return ofKind(manifests, 'KafkaUser').flatMap((user) =>
    (specOf<UserSpec>(user).authorization?.acls ?? [])
      .filter((acl) => ['topic', 'cluster'].includes(acl.resource?.type ?? ''))
      .filter((acl) => (acl.operations ?? []).some((op) => op === 'Create' || op === 'All'))
      .map((acl) => {
        const r = acl.resource!;
        const on = r.type === 'cluster' ? 'the cluster' : `${r.patternType ?? 'literal'} topic "${String(r.name)}"`;
        return `${describeManifest(user)}: may create topics (${(acl.operations ?? []).join(', ')} on ${on})`;
      }),
  );
}

export interface TopicInfo {
  readonly name: string;
  readonly partitions: number | undefined;
  readonly cleanupPolicy: string | undefined;
}

export function topics(manifests: ReadonlyArray<Manifest>): Map<string, TopicInfo> {
  return new Map(
    ofKind(manifests, 'KafkaTopic').map((t) => {
      const spec = specOf<TopicSpec>(t);
      const name = spec.topicName ?? nameOf(t);
      const policy = spec.config?.['cleanup.policy'];
      return [
        name,
        { name, partitions: spec.partitions, cleanupPolicy: policy === undefined ? undefined : String(policy) },
      ];
    }),
  );
}

/**
 * The application's internal topics exist, have the input topic's partition count, and changelogs are
 * compacted. `internal` are full names (`<applicationId>-...`).
 */
export function checkInternalTopics(
  manifests: ReadonlyArray<Manifest>,
  input: string,
  internal: ReadonlyArray<string>,
): string[] {
  const all = topics(manifests);
  const source = all.get(input);
  if (source === undefined) return [`input topic ${input} is not declared`];
  return internal.flatMap((name) => {
    const topic = all.get(name);
    if (topic === undefined) return [`internal topic ${name} is not declared`];
    const problems: string[] = [];
    if (topic.partitions !== source.partitions)
      problems.push(
        `internal topic ${name}: ${String(topic.partitions)} partitions, input ${input} has ${String(source.partitions)}`,
      );
    if (name.endsWith('-changelog') && !(topic.cleanupPolicy ?? '').split(',').includes('compact'))
      problems.push(`changelog ${name}: cleanup.policy ${String(topic.cleanupPolicy)} is not compacted`);
    return problems;
  });
}

export interface PolicyOptions {
  readonly profile: Profile;
  readonly kafkaVersion: string;
  readonly inputTopic: string;
  readonly internalTopics: ReadonlyArray<string>;
}

/** Every policy above, for one rendered overlay. */
export function checkPolicies(manifests: ReadonlyArray<Manifest>, options: PolicyOptions): string[] {
  return [
    ...checkSingleKafka(manifests),
    ...checkUniqueNames(manifests),
    ...checkNamespaces(manifests),
    ...checkClusterLabels(manifests),
    ...checkReplication(manifests),
    ...checkNodePoolSpread(manifests),
    ...checkKafkaVersion(manifests, options.kafkaVersion),
    ...checkForbiddenConfig(manifests),
    ...checkListeners(manifests, options.profile),
    ...checkListenerPeers(manifests),
    ...checkUsers(manifests),
    ...checkNoTopicCreate(manifests),
    ...checkInternalTopics(manifests, options.inputTopic, options.internalTopics),
  ];
}
