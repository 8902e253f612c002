// A Topology is the graph of source, processor and sink nodes (Java: Topology / InternalTopologyBuilder).
// The DSL builds one; the Processor API methods below build one by hand. `plan()` validates it and hands
// a runtime (KafkaStreams or the TopologyTestDriver) everything needed to create internal topics and tasks.
import { changelogTopicName } from '../state/changelog-topic-name.js';
import type { StateStore } from '../state/store.js';
import type { StoreBuilder } from '../state/stores.js';
import { TopologyError } from '../errors/exceptions.js';
import type { ProcessorSupplier } from '../processor/api.js';
import { describeGroups, type TopologyDescription } from './describe.js';
import type {
  NamedDeserializer,
  NamedSerializer,
  NodeSpec,
  ProcessorNodeSpec,
  SinkNodeSpec,
  SourceNodeSpec,
  StreamPartitioner,
  TimestampExtractor,
  TopicNameExtractor,
} from './nodes.js';
import { globalStorePlan, type GlobalStoreNodes } from '../internal/topology/global-store.js';
import type { InternalTopicSpec, SubtopologyPlan, TopicRef, TopologyPlan } from '../internal/topology/plan.js';
import { groupNodes, type NodeGroup } from '../internal/topology/subtopologies.js';

/** A state store declaration: the state module's StoreBuilder (see Stores). */
export type StoreDeclaration = StoreBuilder<StateStore>;

export interface SourceOptions<K, V> {
  readonly keySerde?: NamedDeserializer<K> | undefined;
  readonly valueSerde?: NamedDeserializer<V> | undefined;
  readonly timestampExtractor?: TimestampExtractor<K, V> | undefined;
}

export interface SinkOptions<K, V> {
  readonly keySerde?: NamedSerializer<K> | undefined;
  readonly valueSerde?: NamedSerializer<V> | undefined;
  readonly partitioner?: StreamPartitioner<K, V> | undefined;
}

export class Topology {
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly stores = new Map<string, StoreDeclaration>();
  private readonly globalStores = new Map<string, GlobalStoreNodes>();
  private readonly internalTopics = new Map<string, InternalTopicSpec>();
  private readonly problems: string[] = [];
  private readonly copartitioned: string[][] = [];

  /** Adds a source reading `topics` (or every topic matching a RegExp). */
  addSource<K = unknown, V = unknown>(
    name: string,
    topics: string | ReadonlyArray<string> | RegExp,
    options: SourceOptions<K, V> = {},
  ): this {
    return this.addSourceNode(name, topics, options, false);
  }

  /** Adds a processor downstream of `parentNames` (which may be declared later; `plan()` checks them). */
  addProcessor<KIn, VIn, KOut, VOut>(
    name: string,
    supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>,
    ...parentNames: string[]
  ): this {
    this.addNode({
      kind: 'processor',
      name,
      supplier: supplier as ProcessorSupplier<unknown, unknown, unknown, unknown>,
      parents: parentNames,
      stores: [],
    });
    return this;
  }

  /** Adds a sink writing to a topic, or to the topic a TopicNameExtractor picks per record. */
  addSink<K = unknown, V = unknown>(
    name: string,
    topic: string | TopicNameExtractor<K, V>,
    options: SinkOptions<K, V>,
    ...parentNames: string[]
  ): this {
    return this.addSinkNode(name, topic, options, parentNames, false);
  }

  /** Declares a state store and connects it to processors; the runtime builds one instance per task. */
  addStateStore<S extends StateStore>(store: StoreBuilder<S>, ...processorNames: string[]): this {
    this.claimStoreName(store.name);
    this.stores.set(store.name, store);
    return this.connectProcessorAndStateStores(...processorNames.map((p) => [p, store.name] as const));
  }

  /**
   * Adds a global store (Java: Topology#addGlobalStore): every instance fills it from every partition of
   * `topic` through `supplier`'s processor, which receives each record and writes the store. The topic is
   * the store's changelog, so the builder must have logging disabled. Any processor may read the store
   * (read-only) without being connected to it.
   */
  addGlobalStore<K, V, S extends StateStore>(
    store: StoreBuilder<S>,
    sourceName: string,
    topic: string,
    options: SourceOptions<K, V>,
    processorName: string,
    supplier: ProcessorSupplier<K, V>,
  ): this {
    this.claimStoreName(store.name);
    if (store.loggingEnabled) {
      this.problems.push(
        `Global store ${store.name} must not have logging enabled: its topic ${topic} is its changelog (use withLoggingDisabled())`,
      );
    }
    this.addSourceNode(sourceName, topic, options, false);
    this.addProcessor(processorName, supplier, sourceName);
    this.globalStores.set(store.name, { builder: store, sourceName, processorName, topic });
    return this.connectProcessorAndStateStores([processorName, store.name]);
  }

  connectProcessorAndStateStores(...pairs: ReadonlyArray<readonly [processorName: string, storeName: string]>): this {
    for (const [processorName, storeName] of pairs) {
      const node = this.nodes.get(processorName);
      if (node?.kind !== 'processor') {
        this.problems.push(
          `Store ${storeName} is connected to ${processorName}, which is not a processor of this topology`,
        );
      } else if (!node.stores.includes(storeName)) {
        node.stores.push(storeName);
      }
    }
    return this;
  }

  describe(): TopologyDescription {
    const groups = this.groups();
    const globalIds = this.globalGroupIds(groups);
    return describeGroups(this.nodes, groups, (id) => globalIds.has(id));
  }

  /** Every problem of this topology; empty when it is valid. */
  validate(): string[] {
    const problems = [...this.problems];
    const topicOwners = new Map<string, string>();
    for (const node of this.nodes.values()) {
      const label = `${node.kind === 'source' ? 'Source' : node.kind === 'sink' ? 'Sink' : 'Processor'} ${node.name}`;
      if (node.kind === 'source') {
        for (const topic of node.topics) {
          const owner = topicOwners.get(topic);
          if (owner !== undefined) problems.push(`Topic ${topic} is read by two sources: ${owner} and ${node.name}`);
          topicOwners.set(topic, node.name);
        }
        problems.push(...missingSerdes(label, node.keySerde, node.valueSerde, 'Consumed.with'));
      } else {
        if (node.parents.length === 0) problems.push(`${label} has no parent`);
        for (const parent of node.parents) {
          const parentNode = this.nodes.get(parent);
          if (!parentNode) problems.push(`${label} has an unknown parent: ${parent}`);
          else if (parentNode.kind === 'sink') problems.push(`${label} cannot be a child of sink ${parent}`);
        }
        if (node.kind === 'processor') {
          for (const store of node.stores) {
            if (!this.stores.has(store) && !this.globalStores.has(store))
              problems.push(`${label} uses an unknown state store: ${store}`);
          }
        } else {
          problems.push(...missingSerdes(label, node.keySerde, node.valueSerde, 'Produced.with / Repartitioned.with'));
        }
      }
    }
    problems.push(...this.globalStoreProblems());
    const cycle = findCycle(this.nodes);
    if (cycle) problems.push(`The processor graph has a cycle: ${cycle.join(' -> ')}`);
    return problems;
  }

  /**
   * The topics a runtime creates for this topology under `applicationId`, named as on the cluster: its
   * repartition topics and the changelogs of its logged stores. Where ACLs forbid creating topics, these are
   * the ones to pre-create (with the partition count of the sub-topology's source topics).
   */
  internalTopicNames(applicationId: string): string[] {
    const plan = this.plan();
    const repartitions = plan.internalTopics
      .filter((topic) => topic.kind === 'repartition')
      .map((topic) => `${applicationId}-${topic.name}`);
    const changelogs = plan.subtopologies
      .flatMap((subtopology) => subtopology.stores ?? [])
      .filter((store) => store.loggingEnabled)
      .map((store) => changelogTopicName(applicationId, store.name));
    return [...repartitions, ...changelogs].sort();
  }

  /**
   * Validates the topology and returns what a runtime needs. Throws TopologyError listing every problem.
   * @internal The plan's shape belongs to the runtime and the test driver and may change in any release.
   */
  plan(): TopologyPlan {
    const problems = this.validate();
    if (problems.length > 0) throw new TopologyError(problems);
    const groups = this.groups();
    const globalIds = this.globalGroupIds(groups);
    return {
      subtopologies: groups.filter((group) => !globalIds.has(group.id)).map((group) => this.subtopologyPlan(group)),
      globalStores: [...this.globalStores.values()].map((global) =>
        globalStorePlan(global, globalIds.get(global.sourceName)!, this.nodes),
      ),
      internalTopics: [...this.internalTopics.values()],
    };
  }

  // ---- used by the DSL ----

  /** @internal Records a problem found while building (reported by `validate`/`plan`). */
  reportProblem(problem: string): void {
    this.problems.push(problem);
  }

  /** @internal Declares an internal (repartition/changelog) topic; its name is unprefixed. */
  addInternalTopic(spec: InternalTopicSpec): void {
    if (this.internalTopics.has(spec.name)) throw new TopologyError([`Internal topic ${spec.name} is declared twice`]);
    this.internalTopics.set(spec.name, spec);
  }

  /** @internal A source reading an internal topic. */
  addInternalSource<K, V>(name: string, topic: string, options: SourceOptions<K, V>): this {
    return this.addSourceNode(name, topic, options, true);
  }

  /** @internal A sink writing to an internal topic. */
  addInternalSink<K, V>(name: string, topic: string, options: SinkOptions<K, V>, ...parentNames: string[]): this {
    return this.addSinkNode(name, topic, options, parentNames, true);
  }

  /** @internal The source topics upstream of these nodes must be co-partitioned (joins). */
  addCopartitionGroup(nodeNames: ReadonlyArray<string>): void {
    this.copartitioned.push([...nodeNames]);
  }

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  private claimStoreName(name: string): void {
    if (this.stores.has(name) || this.globalStores.has(name))
      throw new TopologyError([`State store ${name} is already added`]);
  }

  private groups(): NodeGroup[] {
    return groupNodes(this.nodes, new Set(this.globalStores.keys()));
  }

  /** Ids of the groups holding a global store's source and processor, keyed both ways (id and source name). */
  private globalGroupIds(groups: ReadonlyArray<NodeGroup>): GlobalGroupIds {
    const ids = new Map<string, number>();
    for (const { sourceName } of this.globalStores.values()) {
      const group = groups.find((g) => g.nodes.includes(sourceName));
      if (group) ids.set(sourceName, group.id);
    }
    const idSet = new Set(ids.values());
    return { has: (id) => idSet.has(id), get: (sourceName) => ids.get(sourceName) };
  }

  /** A global store's source feeds only its processor, whose output goes nowhere (Java enforces the same). */
  private globalStoreProblems(): string[] {
    const problems: string[] = [];
    for (const [store, { sourceName, processorName }] of this.globalStores) {
      for (const node of this.nodes.values()) {
        if (node.kind === 'source' || node.name === processorName) continue;
        const parent = node.parents.find((p) => p === sourceName || p === processorName);
        if (parent !== undefined) {
          problems.push(
            `${node.name} cannot read from ${parent}: the nodes of global store ${store} only fill the store`,
          );
        }
      }
    }
    return problems;
  }

  private addSourceNode<K, V>(
    name: string,
    topics: string | ReadonlyArray<string> | RegExp,
    options: SourceOptions<K, V>,
    internal: boolean,
  ): this {
    const pattern = topics instanceof RegExp ? topics : undefined;
    const list = pattern ? [] : typeof topics === 'string' ? [topics] : [...(topics as ReadonlyArray<string>)];
    if (!pattern && list.length === 0) throw new TopologyError([`Source ${name} must read at least one topic`]);
    const node: SourceNodeSpec = {
      kind: 'source',
      name,
      topics: list,
      pattern,
      internal,
      keySerde: options.keySerde as NamedDeserializer<unknown> | undefined,
      valueSerde: options.valueSerde as NamedDeserializer<unknown> | undefined,
      timestampExtractor: options.timestampExtractor as TimestampExtractor | undefined,
    };
    this.addNode(node);
    return this;
  }

  private addSinkNode<K, V>(
    name: string,
    topic: string | TopicNameExtractor<K, V>,
    options: SinkOptions<K, V>,
    parents: ReadonlyArray<string>,
    internal: boolean,
  ): this {
    const node: SinkNodeSpec = {
      kind: 'sink',
      name,
      topic: topic as string | TopicNameExtractor<unknown, unknown>,
      internal,
      keySerde: options.keySerde as NamedSerializer<unknown> | undefined,
      valueSerde: options.valueSerde as NamedSerializer<unknown> | undefined,
      partitioner: options.partitioner as StreamPartitioner<unknown, unknown> | undefined,
      parents: [...parents],
    };
    this.addNode(node);
    return this;
  }

  private addNode(node: NodeSpec): void {
    if (node.name.trim() === '') throw new TopologyError(['A node name must not be empty']);
    if (this.nodes.has(node.name)) throw new TopologyError([`A node named ${node.name} already exists`]);
    this.nodes.set(node.name, node);
  }

  private subtopologyPlan(group: NodeGroup): SubtopologyPlan {
    const sourceTopics: TopicRef[] = [];
    const sourcePatterns: RegExp[] = [];
    const sinkTopics: TopicRef[] = [];
    for (const name of group.nodes) {
      const node = this.nodes.get(name)!;
      if (node.kind === 'source') {
        if (node.pattern) sourcePatterns.push(node.pattern);
        for (const topic of node.topics) sourceTopics.push({ name: topic, internal: node.internal });
      } else if (node.kind === 'sink' && typeof node.topic === 'string') {
        if (!sinkTopics.some((t) => t.name === node.topic))
          sinkTopics.push({ name: node.topic, internal: node.internal });
      }
    }
    const stores = [...this.stores.values()].filter((store) =>
      group.nodes.some((n) => isStoreUser(this.nodes.get(n), store.name)),
    );
    const copartitionGroups = this.copartitioned
      .filter((names) => names.every((n) => group.nodes.includes(n)))
      .map((names) => this.upstreamSourceTopics(names))
      .filter((topics) => topics.length > 1);
    const nodes = group.nodes.map((name) => this.nodes.get(name)!);
    return { id: group.id, sourceTopics, sourcePatterns, sinkTopics, copartitionGroups, stores, nodes };
  }

  private upstreamSourceTopics(nodeNames: ReadonlyArray<string>): TopicRef[] {
    const topics = new Map<string, TopicRef>();
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const node = this.nodes.get(name);
      if (!node) return;
      if (node.kind === 'source')
        for (const topic of node.topics) topics.set(topic, { name: topic, internal: node.internal });
      else for (const parent of node.parents) visit(parent);
    };
    for (const name of nodeNames) visit(name);
    return [...topics.values()];
  }
}

interface GlobalGroupIds {
  has(groupId: number): boolean;
  get(sourceName: string): number | undefined;
}

const isStoreUser = (node: NodeSpec | undefined, store: string): boolean =>
  node?.kind === 'processor' && node.stores.includes(store);

function missingSerdes(label: string, keySerde: unknown, valueSerde: unknown, hint: string): string[] {
  const problems: string[] = [];
  const fix = `pass it with ${hint}, or set a default in new StreamsBuilder({ defaultKeySerde, defaultValueSerde })`;
  if (keySerde === undefined) problems.push(`${label} has no key serde: ${fix}`);
  if (valueSerde === undefined) problems.push(`${label} has no value serde: ${fix}`);
  return problems;
}

function findCycle(nodes: ReadonlyMap<string, NodeSpec>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    const seen = state.get(name);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    const node = nodes.get(name);
    for (const parent of node && node.kind !== 'source' ? node.parents : []) {
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const name of nodes.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle.reverse();
  }
  return undefined;
}

export type { ProcessorNodeSpec };
