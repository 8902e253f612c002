// Hand-written TopologyPlans: they exercise the runtime through the engine contract alone, without the DSL.
import type { ConsumedRecord, RecordCollector, StreamTask } from '../../../src/internal/engine/contracts.js';
import type { TaskId } from '../../../src/processor/task-id.js';
import type {
  InternalTopicSpec,
  SubtopologyPlan,
  TaskEnvironment,
  TopologyPlan,
} from '../../../src/internal/topology/plan.js';

export interface ProcessedEntry {
  readonly taskId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly value: string;
}

type RecordHandler = (record: ConsumedRecord, collector: RecordCollector, env: TaskEnvironment) => void;

export interface FixtureBehaviour {
  /** Called on every wall-clock punctuation. */
  readonly onPunctuate?: (taskId: string, wallClockMs: number, collector: RecordCollector) => void;
  /** The task asks for a commit after each record (as `context.commit()` does). */
  readonly requestCommitAfterEachRecord?: boolean;
}

/** Processes records in arrival order (one input per task in these fixtures) and logs each one. */
class FixtureTask implements StreamTask {
  private readonly queue: ConsumedRecord[] = [];
  private readonly nextOffsets = new Map<string, bigint>();
  private wantsCommit = false;

  constructor(
    readonly id: TaskId,
    readonly inputs: ReadonlyArray<{ topic: string; partition: number }>,
    private readonly env: TaskEnvironment,
    private readonly handler: RecordHandler,
    private readonly log: ProcessedEntry[],
    private readonly behaviour: FixtureBehaviour,
  ) {}

  addRecords(records: ReadonlyArray<ConsumedRecord>): void {
    this.queue.push(...records);
  }
  buffered(): number {
    return this.queue.length;
  }
  process(): boolean {
    const record = this.queue.shift();
    if (!record) return false;
    this.handler(record, this.env.collector, this.env);
    this.log.push({
      taskId: `${this.id.subtopology}_${this.id.partition}`,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      value: record.value?.toString('utf8') ?? '',
    });
    this.nextOffsets.set(`${record.topic}:${record.partition}`, record.offset + 1n);
    if (this.behaviour.requestCommitAfterEachRecord) this.wantsCommit = true;
    return true;
  }
  punctuateWallClock(wallClockMs: number): void {
    this.behaviour.onPunctuate?.(`${this.id.subtopology}_${this.id.partition}`, wallClockMs, this.env.collector);
  }
  committableOffsets(): ReadonlyMap<string, bigint> {
    return this.nextOffsets;
  }
  commitRequested(): boolean {
    return this.wantsCommit;
  }
  markCommitted(): void {
    this.wantsCommit = false;
  }
  close(): void {}
}

function fixturePlan(
  subtopologies: ReadonlyArray<SubtopologyPlan>,
  internalTopics: ReadonlyArray<InternalTopicSpec>,
  handlers: ReadonlyArray<RecordHandler>,
  log: ProcessedEntry[],
  behaviour: FixtureBehaviour = {},
): TopologyPlan {
  return {
    subtopologies,
    internalTopics,
    customTasks: (id, inputs, env) => new FixtureTask(id, inputs, env, handlers[id.subtopology]!, log, behaviour),
  };
}

const forward =
  (topic: string, transform: (key: string | null, value: string) => { key: string | null; value: string }) =>
  (record: ConsumedRecord, collector: RecordCollector) => {
    const { key, value } = transform(record.key?.toString('utf8') ?? null, record.value?.toString('utf8') ?? '');
    collector.send({
      topic,
      key: key === null ? null : Buffer.from(key),
      value: Buffer.from(value),
      timestamp: record.timestamp,
      headers: [],
    });
  };

/** input → upper-cased value, same key → output. */
export function upperCasePlan(
  input: string,
  output: string,
  log: ProcessedEntry[] = [],
  behaviour: FixtureBehaviour = {},
): TopologyPlan {
  return fixturePlan(
    [
      {
        id: 0,
        sourceTopics: [{ name: input, internal: false }],
        sourcePatterns: [],
        sinkTopics: [{ name: output, internal: false }],
        copartitionGroups: [],
        nodes: [],
      },
    ],
    [],
    [forward(output, (key, value) => ({ key, value: value.toUpperCase() }))],
    log,
    behaviour,
  );
}

/**
 * input "<newKey>:<rest>" → re-keyed by <newKey> through the internal topic `rekey-repartition` →
 * upper-cased → output (what `selectKey(...).mapValues(...)` compiles to).
 */
export function rekeyPlan(input: string, output: string, log: ProcessedEntry[] = []): TopologyPlan {
  const repartition = { name: 'rekey-repartition', internal: true };
  return fixturePlan(
    [
      {
        id: 0,
        sourceTopics: [{ name: input, internal: false }],
        sourcePatterns: [],
        sinkTopics: [repartition],
        copartitionGroups: [],
        nodes: [],
      },
      {
        id: 1,
        sourceTopics: [repartition],
        sourcePatterns: [],
        sinkTopics: [{ name: output, internal: false }],
        copartitionGroups: [],
        nodes: [],
      },
    ],
    [{ name: 'rekey-repartition', kind: 'repartition' }],
    [
      (record, collector, env) =>
        forward(env.internalTopicName('rekey-repartition'), (_key, value) => ({ key: value.split(':')[0]!, value }))(
          record,
          collector,
        ),
      forward(output, (key, value) => ({ key, value: value.toUpperCase() })),
    ],
    log,
  );
}
