import { describe, expect, it } from '@jest/globals';
import { Serdes } from '../../../src/serde/serdes.js';
import type { Serializer } from '../../../src/serde/serde.js';
import { Stores } from '../../../src/state/stores.js';
import type { GlobalStorePlan, TopologyPlan } from '../../../src/internal/topology/plan.js';
import { InvalidStateStoreError } from '../../../src/errors/exceptions.js';
import { OutputPartitioner } from '../../../src/internal/runtime/output-partitioner.js';
import { StreamsMetadataState } from '../../../src/internal/runtime/streams-metadata.js';

const string = Serdes.String();
// Only a global store's name matters to the metadata; the rest of its plan is the global-store runtime's.
const countries = {
  topic: 'countries',
  storeBuilder: Stores.keyValueStoreBuilder('countries', string, string).withLoggingDisabled(),
} as Partial<GlobalStorePlan> as GlobalStorePlan;
const plan: TopologyPlan = {
  subtopologies: [
    {
      id: 0,
      sourceTopics: [{ name: 'sentences', internal: false }],
      sourcePatterns: [],
      sinkTopics: [],
      copartitionGroups: [],
      nodes: [],
    },
    {
      id: 1,
      sourceTopics: [{ name: 'words-repartition', internal: true }],
      sourcePatterns: [],
      sinkTopics: [],
      copartitionGroups: [],
      nodes: [],
      stores: [Stores.keyValueStoreBuilder('word-counts', string, Serdes.Int32())],
    },
    {
      id: 2,
      sourceTopics: [
        { name: 'small', internal: false },
        { name: 'big', internal: false },
      ],
      sourcePatterns: [],
      sinkTopics: [],
      copartitionGroups: [],
      nodes: [],
      stores: [Stores.keyValueStoreBuilder('merged', string, string)],
    },
  ],
  globalStores: [countries],
  internalTopics: [{ name: 'words-repartition', kind: 'repartition' }],
  customTasks: () => {
    throw new Error('not used');
  },
};
const layout = [
  { id: 0, sourceTopics: ['sentences'] },
  { id: 1, sourceTopics: ['app-words-repartition'] },
  { id: 2, sourceTopics: ['small', 'big'] },
];
const counts = new Map([
  ['sentences', 3],
  ['app-words-repartition', 4],
  ['small', 2],
  ['big', 6],
]);
const hostA = { host: 'wc-0.wc', port: 8080 };
const hostB = { host: 'wc-1.wc', port: 8080 };
const assignment = {
  hosts: [
    // Listed out of order on purpose: metadata is sorted by host and port.
    { host: 'wc-1.wc:8080', activeTasks: ['0_1', '1_1', '1_3', '2_1', '2_3', '2_5'], standbyTasks: ['1_0'] },
    { host: 'wc-0.wc:8080', activeTasks: ['0_0', '0_2', '1_0', '1_2', '2_0', '2_2', '2_4'], standbyTasks: [] },
  ],
};

function metadataState(localHost = hostA): StreamsMetadataState {
  const state = new StreamsMetadataState(plan, localHost);
  state.setLayout(layout, counts);
  state.setAssignment(assignment);
  return state;
}

describe('StreamsMetadataState', () => {
  it('places a key on the partition the runtime writes it to (murmur2 over the store sub-topology count)', () => {
    const state = metadataState();
    const runtime = new OutputPartitioner(counts, () => Promise.resolve(new Map()));
    for (let i = 0; i < 200; i++) {
      const word = `word-${i}`;
      const metadata = state.keyQueryMetadata('word-counts', word, string)!;
      const written = runtime.partition('app-words-repartition', string.serialize('app-words-repartition', word)!);
      expect(metadata.partition).toBe(written);
      expect(metadata.activeHost).toEqual(written! % 2 === 0 ? hostA : hostB);
    }
  });

  it('matches a partition known from Java (murmur2("21") = -973932308, 7 partitions)', () => {
    const state = new StreamsMetadataState(plan, hostA);
    state.setLayout(layout, new Map([...counts, ['app-words-repartition', 7]]));
    state.setAssignment({
      hosts: [{ host: 'a:1', activeTasks: ['1_0', '1_1', '1_2', '1_3', '1_4', '1_5', '1_6'], standbyTasks: [] }],
    });
    expect(state.keyQueryMetadata('word-counts', '21', string)?.partition).toBe((-973932308 & 0x7fffffff) % 7);
  });

  it('serializes the key for the source topic with the most partitions and uses that count', () => {
    const seen: string[] = [];
    const recording: Serializer<string> = {
      serialize: (topic, key) => {
        seen.push(topic);
        return Buffer.from(key);
      },
    };
    const metadata = metadataState().keyQueryMetadata('merged', 'k', recording)!;
    expect(seen).toEqual(['big']);
    expect(metadata.partition).toBe(
      new OutputPartitioner(counts, async () => new Map()).partition('big', Buffer.from('k')),
    );
  });

  it('names standby hosts of the key’s task', () => {
    const state = metadataState();
    const key = Array.from({ length: 100 }, (_, i) => `k${i}`).find(
      (k) => state.keyQueryMetadata('word-counts', k, string)!.partition === 0,
    )!;
    expect(state.keyQueryMetadata('word-counts', key, string)).toEqual({
      activeHost: hostA,
      standbyHosts: [hostB],
      partition: 0,
    });
  });

  it('answers global stores with this instance and partition -1', () => {
    expect(metadataState(hostB).keyQueryMetadata('countries', 'fr', string)).toEqual({
      activeHost: hostB,
      standbyHosts: [],
      partition: -1,
    });
  });

  it('knows nothing before the first assignment, nor for a task whose owner has no host', () => {
    const state = new StreamsMetadataState(plan, hostA);
    state.setLayout(layout, counts);
    expect(state.keyQueryMetadata('word-counts', 'w', string)).toBeUndefined();
    expect(state.allMetadata()).toEqual([]);
    state.setAssignment({ hosts: [{ host: 'a:1', activeTasks: [], standbyTasks: [] }] });
    expect(state.keyQueryMetadata('word-counts', 'w', string)).toBeUndefined();
  });

  it('describes every host: stores and source partitions of its active tasks, global stores everywhere', () => {
    const [a, b] = metadataState().allMetadata();
    expect(a!.hostInfo).toEqual(hostA);
    expect([...a!.stateStoreNames].sort()).toEqual(['countries', 'merged', 'word-counts']);
    // small has 2 partitions: tasks 2_2 and 2_4 read only big.
    expect(a!.topicPartitions.map(({ topic, partition }) => `${topic}:${partition}`).sort()).toEqual([
      'app-words-repartition:0',
      'app-words-repartition:2',
      'big:0',
      'big:2',
      'big:4',
      'sentences:0',
      'sentences:2',
      'small:0',
    ]);
    expect(a!.standbyStateStoreNames).toEqual([]);
    expect(b!.hostInfo).toEqual(hostB);
    expect(b!.standbyStateStoreNames).toEqual(['word-counts']);
    expect(b!.standbyTopicPartitions).toEqual([{ topic: 'app-words-repartition', partition: 0 }]);
  });

  it('allMetadataForStore lists the hosts holding the store; unknown stores are an error', () => {
    const state = metadataState();
    state.setAssignment({
      hosts: [
        { host: 'wc-0.wc:8080', activeTasks: ['0_0'], standbyTasks: [] },
        { host: 'wc-1.wc:8080', activeTasks: ['1_0'], standbyTasks: [] },
      ],
    });
    expect(state.allMetadataForStore('word-counts').map((m) => m.hostInfo)).toEqual([hostB]);
    expect(state.allMetadataForStore('countries').map((m) => m.hostInfo)).toEqual([hostA, hostB]);
    expect(() => state.allMetadataForStore('nope')).toThrow(InvalidStateStoreError);
    expect(() => state.keyQueryMetadata('nope', 'k', string)).toThrow(/no state store named "nope"/);
    expect(state.localMetadata()?.hostInfo).toEqual(hostA);
  });

  it('rejects a host that is not host:port', () => {
    expect(() =>
      new StreamsMetadataState(plan, hostA).setAssignment({
        hosts: [{ host: 'no-port', activeTasks: [], standbyTasks: [] }],
      }),
    ).toThrow(/invalid host/);
  });

  it('tells whether this instance can answer a store partition now', () => {
    const state = metadataState();
    const runtime = (
      state: 'RUNNING' | 'REBALANCING' | 'PENDING_SHUTDOWN',
      active: string[],
      restoring: string[] = [],
    ) => ({
      state,
      activeTasks: active,
      restoringTasks: restoring,
    });
    expect(state.localQueryState('word-counts', 2, runtime('RUNNING', ['1_2']))).toBe('queryable');
    expect(state.localQueryState('word-counts', 3, runtime('RUNNING', ['1_2']))).toBe('not-active');
    expect(state.localQueryState('word-counts', 2, runtime('REBALANCING', ['1_0'], ['1_2']))).toBe('restoring');
    expect(state.localQueryState('word-counts', 2, runtime('REBALANCING', ['1_2']))).toBe('rebalancing');
    expect(state.localQueryState('word-counts', 2, runtime('PENDING_SHUTDOWN', ['1_2']))).toBe('not-running');
    expect(state.localQueryState('countries', -1, runtime('RUNNING', []))).toBe('queryable');
    // Sub-topology 0 has no store called word-counts: the partition maps to the store's own sub-topology.
    expect(state.localQueryState('word-counts', 0, runtime('RUNNING', ['0_0']))).toBe('not-active');
  });
});
