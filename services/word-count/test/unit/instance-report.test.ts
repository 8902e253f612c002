// What GET /state/instance and GET /state/topology report: each task with its role and lag, mapped through the
// topology (internal topics as named on the cluster), from a snapshot of the runtime's metrics.
import { describe, expect, it } from '@jest/globals';
import { sentencesTopic, windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import type { StreamsMetrics } from '@streamkit/kafka-streams';
import { instanceReport } from '../../src/state/instance-report.js';
import { topologyLayout } from '../../src/state/topology-layout.js';
import { wordCountTopology } from '../../src/streams/word-count.topology.js';

const layout = topologyLayout(
  wordCountTopology({
    topics: {
      sentences: sentencesTopic('sentences'),
      wordCounts: wordCountsTopic('word-counts'),
      windowedWordCounts: windowedWordCountsTopic(60_000, 'word-counts-windowed'),
    },
    windowSizeMs: 60_000,
    graceMs: 10_000,
    windowRetentionMs: 86_400_000,
  }),
  'wc',
);

const counters = { skipped: 0, deserializationErrors: 0, processingErrors: 0, productionErrors: 0, punctuations: 0 };
const noLatency = { count: 0, sumMs: 0, buckets: [{ leMs: Number.POSITIVE_INFINITY, count: 0 }] };

function metrics(overrides: Partial<StreamsMetrics>): StreamsMetrics {
  return {
    state: 'RUNNING',
    activeTasks: [],
    restoringTasks: [],
    standbyTasks: [],
    standby: {},
    restore: {},
    globalStores: {},
    globalStoreEntries: {},
    tasks: {},
    consumerLag: [],
    commitLatency: noLatency,
    rebalances: 1,
    partitionsLost: 0,
    restoreProgress: [],
    transactions: { committed: 0, aborted: 0 },
    ...overrides,
  };
}

describe('topologyLayout', () => {
  it('names internal topics as on the cluster and maps each sub-topology to its sources and stores', () => {
    expect(layout.subtopologies).toEqual([
      { id: 0, sourceTopics: ['sentences'], stores: [] },
      { id: 1, sourceTopics: ['wc-words-repartition'], stores: ['word-counts', 'windowed-word-counts'] },
    ]);
    expect(layout.internalTopics).toEqual([
      'wc-windowed-word-counts-changelog',
      'wc-word-counts-changelog',
      'wc-words-repartition',
    ]);
    expect(layout.mermaid).toMatch(/^flowchart TD\n {4}subgraph s0\["Sub-topology: 0"\]/);
    expect(layout.description).toMatch(/^Topologies:\n/);
  });
});

describe('instanceReport', () => {
  it('gives an active task the lag of its own input partition only, and its counters', () => {
    const report = instanceReport(
      metrics({
        activeTasks: ['1_2', '0_2'],
        tasks: {
          '0_2': {
            ...counters,
            processed: 10,
            deadLettered: 1,
            droppedLateRecords: 0,
            processLatency: noLatency,
            storeEntries: {},
          },
          '1_2': {
            ...counters,
            processed: 40,
            deadLettered: 0,
            droppedLateRecords: 0,
            processLatency: noLatency,
            storeEntries: {},
          },
        },
        consumerLag: [
          { topic: 'sentences', partition: 2, lag: 5 },
          { topic: 'sentences', partition: 3, lag: 100 },
          { topic: 'wc-words-repartition', partition: 2, lag: 7 },
        ],
      }),
      layout,
      { instanceId: 'wc-1', applicationServer: '127.0.0.1:8081', members: ['127.0.0.1:8081', '127.0.0.1:8082'] },
    );
    expect(report).toEqual({
      instanceId: 'wc-1',
      applicationServer: '127.0.0.1:8081',
      members: ['127.0.0.1:8081', '127.0.0.1:8082'],
      state: 'RUNNING',
      rebalances: 1,
      tasks: [
        {
          id: '0_2',
          subtopology: 0,
          partition: 2,
          role: 'active',
          lag: 5,
          processed: 10,
          deadLettered: 1,
          restore: null,
        },
        {
          id: '1_2',
          subtopology: 1,
          partition: 2,
          role: 'active',
          lag: 7,
          processed: 40,
          deadLettered: 0,
          restore: null,
        },
      ],
    });
  });

  it('shows a restoring task with the progress of its stores, and a standby with its changelog lag', () => {
    const report = instanceReport(
      metrics({
        state: 'REBALANCING',
        activeTasks: ['1_0'],
        restoringTasks: ['1_0'],
        standbyTasks: ['1_1'],
        standby: { '1_1': { lag: 3, recordsApplied: 90 } },
        restoreProgress: [
          { store: 'word-counts', partition: 0, restored: 300, remaining: 700, done: false },
          { store: 'windowed-word-counts', partition: 0, restored: 100, remaining: 0, done: true },
          { store: 'word-counts', partition: 1, restored: 999, remaining: 0, done: true },
        ],
      }),
      layout,
      { instanceId: 'wc-1', applicationServer: null, members: [] },
    );
    expect(report.tasks).toEqual([
      {
        id: '1_0',
        subtopology: 1,
        partition: 0,
        role: 'restoring',
        lag: 700,
        processed: 0,
        deadLettered: 0,
        restore: { restored: 400, remaining: 700 },
      },
      {
        id: '1_1',
        subtopology: 1,
        partition: 1,
        role: 'standby',
        lag: 3,
        processed: 0,
        deadLettered: 0,
        restore: null,
      },
    ]);
  });

  it('lists a task that only restores (not active yet)', () => {
    const report = instanceReport(metrics({ restoringTasks: ['1_4'] }), layout, {
      instanceId: 'wc-1',
      applicationServer: null,
      members: [],
    });
    expect(report.tasks.map(({ id, role }) => [id, role])).toEqual([['1_4', 'restoring']]);
  });
});
