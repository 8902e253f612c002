// openshift/: layout, document validation (strict schemas for OpenShift and monitoring kinds, kubernetes-models
// for core kinds) and the rules the platform or the services would otherwise only enforce at run time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readPinnedVersions } from '../../../tools/versions.ts';
import { validateCoreKinds, coreKindOf } from './core-kinds.js';
import { describeManifest, type Manifest } from './manifests.js';
import { CLUSTER_LABEL, topics } from './policy.js';
import { checkEnvironment, effectiveValue, hasVariable, isServiceName, type ServiceName } from './service-configs.js';
import { repoRoot, schemaValidator } from './strimzi.js';

export const openshiftDir = join(repoRoot, 'openshift');
export const openshiftOverlayDir = (profile: string): string => join(openshiftDir, 'overlays', profile);

/** Label on every pod of the project: the default-deny NetworkPolicy selects it. */
export const PART_OF = { key: 'app.kubernetes.io/part-of', value: 'streamkit' } as const;
export const KAFKA_CLUSTER = 'streams-kafka';

// ---- views of the fields the rules read (structure is the validators' job) ---------------------------------
interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: {
    readonly secretKeyRef?: { readonly name: string; readonly key: string };
    readonly configMapKeyRef?: { readonly name: string; readonly key: string };
    readonly fieldRef?: { readonly fieldPath: string };
  };
}
interface Probe {
  readonly httpGet?: { readonly path?: string; readonly port?: string | number };
}
interface SecurityContext {
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly readOnlyRootFilesystem?: boolean;
  readonly capabilities?: { readonly drop?: ReadonlyArray<string>; readonly add?: ReadonlyArray<string> };
  readonly seccompProfile?: { readonly type?: string };
}
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort: number }>;
  readonly env?: ReadonlyArray<EnvVar>;
  readonly envFrom?: ReadonlyArray<{ readonly configMapRef?: { readonly name: string }; readonly secretRef?: object }>;
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string | number>>;
    readonly limits?: Readonly<Record<string, string | number>>;
  };
  readonly securityContext?: SecurityContext;
  readonly volumeMounts?: ReadonlyArray<{ readonly name: string; readonly mountPath: string }>;
}
interface Volume {
  readonly name: string;
  readonly emptyDir?: object;
  readonly hostPath?: object;
  readonly secret?: { readonly secretName?: string; readonly items?: ReadonlyArray<{ key: string; path: string }> };
}
interface PodSpec {
  readonly containers: ReadonlyArray<Container>;
  readonly initContainers?: ReadonlyArray<Container>;
  readonly volumes?: ReadonlyArray<Volume>;
  readonly securityContext?: SecurityContext;
  readonly hostNetwork?: boolean;
  readonly terminationGracePeriodSeconds?: number;
}
interface WorkloadSpec {
  readonly replicas?: number;
  readonly serviceName?: string;
  readonly podManagementPolicy?: string;
  readonly selector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  readonly template: {
    readonly metadata?: { readonly labels?: Readonly<Record<string, string>> };
    readonly spec: PodSpec;
  };
  readonly volumeClaimTemplates?: ReadonlyArray<{ readonly metadata?: { readonly name?: string } }>;
}
interface ServiceSpec {
  readonly clusterIP?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly ports?: ReadonlyArray<{
    readonly name?: string;
    readonly port: number;
    readonly targetPort?: string | number;
  }>;
}

export interface Workload {
  readonly manifest: Manifest;
  readonly name: string;
  readonly kind: string;
  readonly spec: WorkloadSpec;
  readonly annotations: Readonly<Record<string, string>>;
}

const ofKind = (manifests: ReadonlyArray<Manifest>, kind: string): Manifest[] =>
  manifests.filter((m) => m.kind === kind);
const nameOf = (m: Manifest): string => m.metadata?.name ?? '';
const specOf = <T>(m: Manifest): T => (m.spec ?? {}) as T;
const selects = (selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels[k] === v);

export function workloads(manifests: ReadonlyArray<Manifest>): Workload[] {
  return manifests
    .filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet')
    .map((manifest) => ({
      manifest,
      name: nameOf(manifest),
      kind: String(manifest.kind),
      spec: specOf<WorkloadSpec>(manifest),
      annotations: (manifest.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {},
    }));
}
const podLabels = (w: Workload): Readonly<Record<string, string>> => w.spec.template.metadata?.labels ?? {};
const containersOf = (w: Workload): ReadonlyArray<Container> => [
  ...w.spec.template.spec.containers,
  ...(w.spec.template.spec.initContainers ?? []),
];

// ---- documents ---------------------------------------------------------------------------------------------
/** Schema problems of every object: OpenShift/monitoring/Strimzi kinds by the strict schemas, core kinds by kubernetes-models. */
export function validateDocuments(manifests: ReadonlyArray<Manifest>): string[] {
  const core = manifests.filter((m) => coreKindOf(m) !== undefined);
  const other = manifests.filter((m) => coreKindOf(m) === undefined);
  const unnamed = core
    .filter((m) => typeof m.metadata?.name !== 'string' || m.metadata.name === '')
    .map((m) => `${describeManifest(m)} (${m.source}): metadata.name is missing`);
  return [...unnamed, ...validateCoreKinds(core), ...schemaValidator().validateAll(other)];
}

// ---- containers: probes, resources, restricted-v2 -----------------------------------------------------------
/** Probes on the health endpoints, requests and limits, and a security context restricted-v2 admits. */
export function checkContainers(manifests: ReadonlyArray<Manifest>): string[] {
  const problems: string[] = [];
  for (const w of workloads(manifests)) {
    const pod = w.spec.template.spec;
    const podSecurity = pod.securityContext ?? {};
    const what = `${w.kind}/${w.name}`;
    if (pod.hostNetwork) problems.push(`${what}: hostNetwork is not allowed by restricted-v2`);
    for (const volume of pod.volumes ?? [])
      if (volume.hostPath) problems.push(`${what}: hostPath volume ${volume.name} is not allowed by restricted-v2`);
    if (podSecurity.runAsUser !== undefined || podSecurity.runAsGroup !== undefined)
      problems.push(`${what}: a fixed runAsUser/runAsGroup; OpenShift assigns the UID (restricted-v2)`);
    for (const c of containersOf(w)) {
      const at = `${what} container ${c.name}`;
      const probes = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health/ready' };
      for (const [probe, path] of Object.entries(probes)) {
        const httpGet = c[probe as keyof typeof probes]?.httpGet;
        if (httpGet === undefined) problems.push(`${at}: ${probe} is missing`);
        else if (httpGet.path !== path) problems.push(`${at}: ${probe} checks ${httpGet.path}, expected ${path}`);
      }
      for (const resource of ['cpu', 'memory'])
        if (c.resources?.requests?.[resource] === undefined) problems.push(`${at}: requests.${resource} is missing`);
      if (c.resources?.limits?.memory === undefined) problems.push(`${at}: limits.memory is missing`);
      const security = c.securityContext ?? {};
      if (security.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation must be false`);
      if (security.privileged) problems.push(`${at}: privileged is not allowed`);
      if (!(security.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities must drop ALL`);
      if ((security.capabilities?.add ?? []).length > 0) problems.push(`${at}: adds capabilities`);
      if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true)
        problems.push(`${at}: runAsNonRoot must be true`);
      if ((security.seccompProfile?.type ?? podSecurity.seccompProfile?.type) !== 'RuntimeDefault')
        problems.push(`${at}: seccompProfile must be RuntimeDefault`);
      if (security.runAsUser !== undefined || security.runAsGroup !== undefined)
        problems.push(`${at}: a fixed runAsUser/runAsGroup; OpenShift assigns the UID (restricted-v2)`);
      if (security.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem must be true`);
      const tmp = c.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      const tmpVolume = pod.volumes?.find((volume) => volume.name === tmp?.name);
      if (tmpVolume?.emptyDir === undefined) problems.push(`${at}: /tmp must be an emptyDir (read-only root)`);
    }
  }
  return problems;
}

// ---- environment ----------------------------------------------------------------------------------------------
/**
 * A container's environment: `env` entries and the keys of the ConfigMaps it loads with envFrom. Values the
 * platform fills in are `undefined`, except the pod name, shown as `<workload>-0`; `$(VAR)` references to
 * earlier variables are expanded.
 */
export function containerEnvironment(
  manifests: ReadonlyArray<Manifest>,
  workload: Workload,
  container: Container,
): { env: Map<string, string | undefined>; problems: string[] } {
  const env = new Map<string, string | undefined>();
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef === undefined) {
      problems.push(`${workload.kind}/${workload.name}: envFrom other than a ConfigMap cannot be checked`);
      continue;
    }
    const configMap = ofKind(manifests, 'ConfigMap').find((m) => nameOf(m) === source.configMapRef!.name);
    if (configMap === undefined) {
      problems.push(`${workload.kind}/${workload.name}: envFrom ConfigMap ${source.configMapRef.name} is not declared`);
      continue;
    }
    for (const [key, value] of Object.entries((configMap as { data?: Record<string, string> }).data ?? {}))
      env.set(key, value);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      const expanded = variable.value.replace(
        /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g,
        (whole, name: string) => env.get(name) ?? whole,
      );
      env.set(variable.name, expanded.includes('$(') ? undefined : expanded);
    } else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.name')
      env.set(variable.name, `${workload.name}-0`);
    else env.set(variable.name, undefined);
  }
  return { env, problems };
}

const serviceOf = (container: Container): ServiceName | undefined =>
  isServiceName(container.name) ? container.name : undefined;

/** Each container is a service, and its environment is exactly one its config schema accepts. */
export function checkEnvironments(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests).flatMap((w) =>
    w.spec.template.spec.containers.flatMap((c) => {
      const service = serviceOf(c);
      const where = `${w.kind}/${w.name} container ${c.name}`;
      if (service === undefined) return [`${where}: not one of the services (name the container after it)`];
      const { env, problems } = containerEnvironment(manifests, w, c);
      return [...problems, ...checkEnvironment(service, env, where)];
    }),
  );
}

/** What a service runs with: the manifest's value, else the schema default. */
function effective(manifests: ReadonlyArray<Manifest>, w: Workload, c: Container, name: string): unknown {
  const service = serviceOf(c);
  if (service === undefined) return undefined;
  return effectiveValue(service, name, containerEnvironment(manifests, w, c).env.get(name));
}

/** The pod's grace period outlasts the service's own shutdown budget (SHUTDOWN_GRACE_MS). */
export function checkGracePeriods(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests).flatMap((w) =>
    w.spec.template.spec.containers.flatMap((c) => {
      const service = serviceOf(c);
      if (service === undefined || !hasVariable(service, 'SHUTDOWN_GRACE_MS')) return [];
      const graceMs = Number(effective(manifests, w, c, 'SHUTDOWN_GRACE_MS'));
      const podSeconds = w.spec.template.spec.terminationGracePeriodSeconds ?? 30;
      return podSeconds * 1000 > graceMs
        ? []
        : [`${w.kind}/${w.name}: terminationGracePeriodSeconds ${podSeconds} must exceed SHUTDOWN_GRACE_MS ${graceMs}`];
    }),
  );
}

// ---- images and builds -----------------------------------------------------------------------------------------
interface BuildConfigSpec {
  readonly strategy?: {
    readonly type?: string;
    readonly dockerStrategy?: {
      readonly dockerfilePath?: string;
      readonly buildArgs?: ReadonlyArray<{ name: string; value?: string }>;
    };
  };
  readonly output?: { readonly to?: { readonly kind?: string; readonly name?: string } };
}
interface ImageTrigger {
  readonly from?: { readonly kind?: string; readonly name?: string };
  readonly fieldPath?: string;
}

/**
 * Every workload image is an ImageStreamTag a BuildConfig produces (and every build is used), the workload
 * follows it with an image trigger, the ImageStream exists and resolves locally, and the builds use the
 * service's Dockerfile with the pinned Node version.
 */
export function checkImages(manifests: ReadonlyArray<Manifest>): string[] {
  const problems: string[] = [];
  const pinned = readPinnedVersions(repoRoot);
  const outputs = new Map<string, string>();
  for (const build of ofKind(manifests, 'BuildConfig')) {
    const spec = specOf<BuildConfigSpec>(build);
    const what = describeManifest(build);
    const to = spec.output?.to;
    if (to?.kind !== 'ImageStreamTag' || !to.name) problems.push(`${what}: output must be an ImageStreamTag`);
    else outputs.set(to.name, nameOf(build));
    const docker = spec.strategy?.dockerStrategy;
    if (spec.strategy?.type !== 'Docker' || docker === undefined) problems.push(`${what}: strategy must be Docker`);
    const dockerfile = docker?.dockerfilePath ?? 'Dockerfile';
    if (!existsSync(join(repoRoot, dockerfile))) problems.push(`${what}: dockerfilePath ${dockerfile} does not exist`);
    else if (dockerfile !== `services/${nameOf(build)}/Dockerfile`)
      problems.push(`${what}: builds ${dockerfile}, expected services/${nameOf(build)}/Dockerfile`);
    const args = Object.fromEntries((docker?.buildArgs ?? []).map((a) => [a.name, a.value]));
    for (const key of ['NODE_VERSION', 'DEBIAN_SUITE'] as const)
      if (args[key] !== pinned[key])
        problems.push(`${what}: build arg ${key}=${args[key]}, versions.env pins ${pinned[key]}`);
  }
  const streams = new Map(
    ofKind(manifests, 'ImageStream').map((m) => [nameOf(m), specOf<{ lookupPolicy?: { local?: boolean } }>(m)]),
  );
  const used = new Set<string>();
  for (const w of workloads(manifests)) {
    let triggers: ImageTrigger[] = [];
    try {
      triggers = JSON.parse(w.annotations['image.openshift.io/triggers'] ?? '[]') as ImageTrigger[];
    } catch {
      problems.push(`${w.kind}/${w.name}: image.openshift.io/triggers is not JSON`);
    }
    for (const c of w.spec.template.spec.containers) {
      const at = `${w.kind}/${w.name} container ${c.name}`;
      const image = c.image ?? '';
      used.add(image);
      if (!outputs.has(image)) problems.push(`${at}: image ${image} is not the output of any BuildConfig`);
      const stream = streams.get(image.split(':')[0]!);
      if (stream === undefined) problems.push(`${at}: no ImageStream ${image.split(':')[0]}`);
      else if (stream.lookupPolicy?.local !== true)
        problems.push(`${at}: ImageStream ${image.split(':')[0]} needs lookupPolicy.local for "${image}" to resolve`);
      const trigger = triggers.find(
        (t) => t.fieldPath === `spec.template.spec.containers[?(@.name=="${c.name}")].image`,
      );
      if (trigger?.from?.kind !== 'ImageStreamTag' || trigger.from.name !== image)
        problems.push(`${at}: no image trigger from ImageStreamTag ${image}`);
    }
  }
  for (const [tag, build] of outputs)
    if (!used.has(tag)) problems.push(`BuildConfig/${build}: output ${tag} is used by no workload`);
  return problems;
}

// ---- Kafka: connection, credentials, topics ----------------------------------------------------------------
interface StrimziListener {
  readonly name: string;
  readonly port: number;
  readonly type: string;
  readonly tls: boolean;
  readonly authentication?: { readonly type?: string };
}

/**
 * Against the Strimzi overlay the apps run next to: bootstrap = the cluster's bootstrap Service on its
 * internal listener's port; TLS listener <=> KAFKA_CA_FILE, mounted from the cluster CA Secret; SCRAM users
 * that exist, with the password from their Secret; topic variables naming declared KafkaTopics.
 */
export function checkKafkaConnection(manifests: ReadonlyArray<Manifest>, strimzi: ReadonlyArray<Manifest>): string[] {
  const problems: string[] = [];
  const kafka = strimzi.find((m) => m.kind === 'Kafka' && nameOf(m) === KAFKA_CLUSTER);
  if (kafka === undefined) return [`the Strimzi overlay has no Kafka ${KAFKA_CLUSTER}`];
  const listener = specOf<{ kafka: { listeners: StrimziListener[] } }>(kafka).kafka.listeners.find(
    (l) => l.type === 'internal',
  );
  if (listener === undefined) return [`Kafka/${KAFKA_CLUSTER} has no internal listener`];
  const users = new Map(
    ofKind(strimzi, 'KafkaUser').map((u) => [nameOf(u), specOf<{ authentication?: { type?: string } }>(u)]),
  );
  const declaredTopics = topics(strimzi);
  for (const w of workloads(manifests))
    for (const c of w.spec.template.spec.containers) {
      const at = `${w.kind}/${w.name} container ${c.name}`;
      const { env } = containerEnvironment(manifests, w, c);
      const expected = `${KAFKA_CLUSTER}-kafka-bootstrap:${listener.port}`;
      if (env.get('KAFKA_BOOTSTRAP_SERVERS') !== expected)
        problems.push(`${at}: KAFKA_BOOTSTRAP_SERVERS=${env.get('KAFKA_BOOTSTRAP_SERVERS')}, expected ${expected}`);
      const caFile = env.get('KAFKA_CA_FILE');
      if (listener.tls && caFile === undefined)
        problems.push(`${at}: listener ${listener.name} uses TLS but KAFKA_CA_FILE is not set`);
      if (!listener.tls && caFile !== undefined)
        problems.push(`${at}: KAFKA_CA_FILE is set but listener ${listener.name} has no TLS`);
      if (caFile !== undefined) {
        const mount = c.volumeMounts?.find((m) => caFile.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
        const volume = w.spec.template.spec.volumes?.find((v) => v.name === mount?.name);
        const file = mount ? caFile.slice(mount.mountPath.replace(/\/$/, '').length + 1) : '';
        const item = volume?.secret?.items?.find((i) => i.path === file);
        if (volume?.secret?.secretName !== `${KAFKA_CLUSTER}-cluster-ca-cert` || item?.key !== 'ca.crt')
          problems.push(`${at}: KAFKA_CA_FILE ${caFile} is not key ca.crt of Secret ${KAFKA_CLUSTER}-cluster-ca-cert`);
      }
      const user = env.get('KAFKA_SASL_USERNAME');
      const password = c.env?.find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom?.secretKeyRef;
      if (listener.authentication?.type === 'scram-sha-512') {
        if (user === undefined || !users.has(user)) problems.push(`${at}: KAFKA_SASL_USERNAME ${user} is no KafkaUser`);
        else if (users.get(user)?.authentication?.type !== 'scram-sha-512')
          problems.push(`${at}: KafkaUser ${user} does not use scram-sha-512`);
        if (password?.name !== user || password?.key !== 'password')
          problems.push(`${at}: KAFKA_SASL_PASSWORD must come from Secret ${user}, key password`);
      }
      for (const [name, value] of env)
        if (/_TOPIC$/.test(name)) {
          const topic = String(effective(manifests, w, c, name) ?? value);
          if (!declaredTopics.has(topic)) problems.push(`${at}: ${name}=${topic} is no KafkaTopic of strimzi/`);
        }
    }
  return problems;
}

// ---- word-count: identity, routing, state ------------------------------------------------------------------
/**
 * The Kafka Streams StatefulSet: pod name as INSTANCE_ID, APPLICATION_SERVER on the headless Service, the
 * state volume at STATE_DIR, parallel pod management, a disruption budget of one, and no more replicas than
 * input partitions.
 */
export function checkStreamsStatefulSet(
  manifests: ReadonlyArray<Manifest>,
  name: string,
  inputPartitions: number,
): string[] {
  const w = workloads(manifests).find((x) => x.kind === 'StatefulSet' && x.name === name);
  if (w === undefined) return [`StatefulSet/${name} is missing`];
  const what = `StatefulSet/${name}`;
  const problems: string[] = [];
  const container = w.spec.template.spec.containers.find((c) => c.name === name);
  if (container === undefined) return [`${what}: no container ${name}`];
  if (w.spec.podManagementPolicy !== 'Parallel') problems.push(`${what}: podManagementPolicy must be Parallel`);
  if ((w.spec.replicas ?? 1) > inputPartitions)
    problems.push(`${what}: ${w.spec.replicas} replicas but the input has ${inputPartitions} partitions`);
  const instanceId = container.env?.find((e) => e.name === 'INSTANCE_ID');
  if (instanceId?.valueFrom?.fieldRef?.fieldPath !== 'metadata.name')
    problems.push(`${what}: INSTANCE_ID must be the pod name`);
  const headless = ofKind(manifests, 'Service').find((s) => nameOf(s) === w.spec.serviceName);
  const headlessSpec = headless ? specOf<ServiceSpec>(headless) : undefined;
  if (headlessSpec?.clusterIP !== 'None')
    problems.push(`${what}: serviceName ${w.spec.serviceName} is not a headless Service`);
  else if (!selects(headlessSpec.selector, podLabels(w)))
    problems.push(`${what}: the headless Service does not select its pods`);
  const port = container.ports?.find((p) => p.name === 'http')?.containerPort;
  const server = container.env?.find((e) => e.name === 'APPLICATION_SERVER')?.value;
  if (server !== `$(INSTANCE_ID).${w.spec.serviceName}:${port}`)
    problems.push(`${what}: APPLICATION_SERVER ${server}, expected $(INSTANCE_ID).${w.spec.serviceName}:${port}`);
  const stateDir = String(effective(manifests, w, container, 'STATE_DIR'));
  const claims = new Set((w.spec.volumeClaimTemplates ?? []).map((t) => t.metadata?.name));
  const stateMount = container.volumeMounts?.find((m) => m.mountPath === stateDir);
  if (stateMount === undefined || !claims.has(stateMount.name))
    problems.push(`${what}: STATE_DIR ${stateDir} is not a volumeClaimTemplate's mount`);
  const budgets = ofKind(manifests, 'PodDisruptionBudget').filter((p) =>
    selects(specOf<{ selector?: { matchLabels?: Record<string, string> } }>(p).selector?.matchLabels, podLabels(w)),
  );
  if (budgets.length !== 1 || specOf<{ maxUnavailable?: number }>(budgets[0]!).maxUnavailable !== 1)
    problems.push(`${what}: needs one PodDisruptionBudget with maxUnavailable 1`);
  return problems;
}

/** Variables two services must agree on (here: the window size word-count writes and query-api reads). */
export function checkAgreement(
  manifests: ReadonlyArray<Manifest>,
  variable: string,
  services: ReadonlyArray<ServiceName>,
): string[] {
  const values = new Map<string, unknown>();
  for (const w of workloads(manifests))
    for (const c of w.spec.template.spec.containers)
      if (services.includes(c.name as ServiceName)) values.set(c.name, effective(manifests, w, c, variable));
  const distinct = new Set([...values.values()].map(String));
  return distinct.size <= 1
    ? []
    : [`${variable} differs: ${[...values].map(([s, v]) => `${s}=${String(v)}`).join(', ')}`];
}

// ---- services, routes, monitors, autoscalers ----------------------------------------------------------------
/** Every Service, Route, ServiceMonitor, HPA and PDB points at something that exists. */
export function checkReferences(manifests: ReadonlyArray<Manifest>): string[] {
  const problems: string[] = [];
  const pods = workloads(manifests);
  const services = ofKind(manifests, 'Service');
  for (const service of services) {
    const spec = specOf<ServiceSpec>(service);
    const targets = pods.filter((w) => selects(spec.selector, podLabels(w)));
    if (targets.length === 0) problems.push(`${describeManifest(service)}: selects no workload's pods`);
    for (const port of spec.ports ?? [])
      if (typeof port.targetPort === 'string')
        for (const w of targets)
          if (!w.spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name === port.targetPort)))
            problems.push(`${describeManifest(service)}: targetPort ${port.targetPort} is no port of ${w.name}`);
  }
  for (const route of ofKind(manifests, 'Route')) {
    const spec = specOf<{
      to?: { kind?: string; name?: string };
      port?: { targetPort?: string | number };
      tls?: { termination?: string; insecureEdgeTerminationPolicy?: string };
    }>(route);
    const what = describeManifest(route);
    const target = services.find((s) => nameOf(s) === spec.to?.name);
    if (spec.to?.kind !== 'Service' || target === undefined) problems.push(`${what}: routes to no declared Service`);
    else if (!specOf<ServiceSpec>(target).ports?.some((p) => p.name === spec.port?.targetPort))
      problems.push(`${what}: port ${spec.port?.targetPort} is no port name of Service/${nameOf(target)}`);
    if (spec.tls?.termination !== 'edge') problems.push(`${what}: TLS termination must be edge`);
    if (spec.tls?.insecureEdgeTerminationPolicy !== 'Redirect') problems.push(`${what}: plain HTTP must redirect`);
  }
  for (const monitor of ofKind(manifests, 'ServiceMonitor')) {
    const spec = specOf<{ selector?: { matchLabels?: Record<string, string> }; endpoints?: Array<{ port?: string }> }>(
      monitor,
    );
    const matched = services.filter((s) => selects(spec.selector?.matchLabels, s.metadata?.labels ?? {}));
    if (matched.length === 0) problems.push(`${describeManifest(monitor)}: selects no Service`);
    for (const endpoint of spec.endpoints ?? [])
      if (!matched.every((s) => specOf<ServiceSpec>(s).ports?.some((p) => p.name === endpoint.port)))
        problems.push(`${describeManifest(monitor)}: port ${endpoint.port} is not a port of every selected Service`);
  }
  for (const hpa of ofKind(manifests, 'HorizontalPodAutoscaler')) {
    const ref = specOf<{ scaleTargetRef?: { kind?: string; name?: string } }>(hpa).scaleTargetRef;
    const target = pods.find((w) => w.kind === ref?.kind && w.name === ref?.name);
    if (target === undefined) problems.push(`${describeManifest(hpa)}: scales no declared workload`);
    else if (target.spec.replicas !== undefined)
      problems.push(
        `${describeManifest(hpa)}: ${target.kind}/${target.name} sets replicas, which fights the autoscaler`,
      );
  }
  for (const budget of ofKind(manifests, 'PodDisruptionBudget')) {
    const selector = specOf<{ selector?: { matchLabels?: Record<string, string> } }>(budget).selector?.matchLabels;
    if (!pods.some((w) => selects(selector, podLabels(w))))
      problems.push(`${describeManifest(budget)}: selects no pods`);
  }
  return problems;
}

// ---- network policies ------------------------------------------------------------------------------------------
interface PolicySpec {
  readonly podSelector?: {
    readonly matchLabels?: Readonly<Record<string, string>>;
    readonly matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: ReadonlyArray<string> }>;
  };
  readonly policyTypes?: ReadonlyArray<string>;
  readonly ingress?: ReadonlyArray<{ readonly from?: ReadonlyArray<Peer> }>;
  readonly egress?: ReadonlyArray<{
    readonly to?: ReadonlyArray<Peer>;
    readonly ports?: ReadonlyArray<{ port?: number | string }>;
  }>;
}
interface Peer {
  readonly podSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
  readonly namespaceSelector?: { readonly matchLabels?: Readonly<Record<string, string>> };
}

function policySelects(spec: PolicySpec, labels: Readonly<Record<string, string>>): boolean {
  const selector = spec.podSelector ?? {};
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) =>
    e.operator === 'In'
      ? (e.values ?? []).includes(labels[e.key] ?? '')
      : e.operator === 'Exists'
        ? e.key in labels
        : false,
  );
  return byLabels && byExpressions;
}

/**
 * Default deny for the project's pods (every pod carries the label it selects), ingress from the router to
 * every routed workload, egress to the Kafka pods and to DNS, and word-count instances reaching each other.
 */
export function checkNetworkPolicies(manifests: ReadonlyArray<Manifest>, streamsApp: string): string[] {
  const problems: string[] = [];
  const policies = ofKind(manifests, 'NetworkPolicy').map((m) => ({ name: nameOf(m), spec: specOf<PolicySpec>(m) }));
  const pods = workloads(manifests);
  for (const w of pods)
    if (podLabels(w)[PART_OF.key] !== PART_OF.value)
      problems.push(
        `${w.kind}/${w.name}: pods lack label ${PART_OF.key}=${PART_OF.value}, so no NetworkPolicy covers them`,
      );
  const denyAll = policies.find(
    (p) =>
      p.spec.podSelector?.matchLabels?.[PART_OF.key] === PART_OF.value &&
      ['Ingress', 'Egress'].every((t) => p.spec.policyTypes?.includes(t)) &&
      (p.spec.ingress ?? []).length === 0 &&
      (p.spec.egress ?? []).length === 0,
  );
  if (denyAll === undefined)
    problems.push(`no default-deny NetworkPolicy (Ingress and Egress) for ${PART_OF.key}=${PART_OF.value}`);
  const applying = (w: Workload) => policies.filter((p) => policySelects(p.spec, podLabels(w)));
  const allowsFrom = (w: Workload, peer: (p: Peer) => boolean) =>
    applying(w).some((p) => (p.spec.ingress ?? []).some((rule) => (rule.from ?? []).some(peer)));
  const allowsTo = (w: Workload, peer: (p: Peer) => boolean) =>
    applying(w).some((p) => (p.spec.egress ?? []).some((rule) => (rule.to ?? []).some(peer)));
  const routed = new Set(
    ofKind(manifests, 'Route').map((r) => {
      const service = ofKind(manifests, 'Service').find(
        (s) => nameOf(s) === specOf<{ to?: { name?: string } }>(r).to?.name,
      );
      return service ? specOf<ServiceSpec>(service).selector : undefined;
    }),
  );
  for (const w of pods) {
    const isRouted = [...routed].some((selector) => selects(selector, podLabels(w)));
    if (
      isRouted &&
      !allowsFrom(w, (p) => p.namespaceSelector?.matchLabels?.['network.openshift.io/policy-group'] === 'ingress')
    )
      problems.push(`${w.kind}/${w.name}: routed, but no NetworkPolicy admits the router`);
    if (!allowsTo(w, (p) => p.podSelector?.matchLabels?.[CLUSTER_LABEL] === KAFKA_CLUSTER))
      problems.push(`${w.kind}/${w.name}: no NetworkPolicy lets it reach the Kafka pods`);
    const dns = applying(w).some((p) =>
      (p.spec.egress ?? []).some((rule) => (rule.ports ?? []).some((port) => port.port === 53)),
    );
    if (!dns) problems.push(`${w.kind}/${w.name}: no NetworkPolicy lets it reach DNS`);
  }
  const streams = pods.find((w) => w.name === streamsApp);
  if (streams !== undefined) {
    const peer = (p: Peer) =>
      selects(p.podSelector?.matchLabels, podLabels(streams)) && p.namespaceSelector === undefined;
    if (!allowsFrom(streams, peer) || !allowsTo(streams, peer))
      problems.push(`${streams.kind}/${streams.name}: instances cannot reach each other (routed queries)`);
  }
  return problems;
}

/** Every check of one rendered openshift/ overlay, given the Strimzi overlay it runs next to. */
export function validateOpenShiftOverlay(
  manifests: ReadonlyArray<Manifest>,
  strimzi: ReadonlyArray<Manifest>,
): string[] {
  const input = topics(strimzi).get('sentences')?.partitions ?? 0;
  const streamsApps = workloads(manifests)
    .filter((w) => w.kind === 'StatefulSet')
    .map((w) => w.name);
  return [
    ...validateDocuments(manifests),
    ...checkContainers(manifests),
    ...checkEnvironments(manifests),
    ...checkGracePeriods(manifests),
    ...checkImages(manifests),
    ...checkKafkaConnection(manifests, strimzi),
    // Every StatefulSet is a Kafka Streams app with routed queries (word-count, and any you add).
    ...streamsApps.flatMap((name) => checkStreamsStatefulSet(manifests, name, input)),
    ...checkAgreement(manifests, 'WINDOW_SIZE_MS', ['word-count', 'query-api']),
    ...checkReferences(manifests),
    ...streamsApps.flatMap((name) => checkNetworkPolicies(manifests, name)),
  ];
}
