// What a task's collector does with records the broker refused: output records are put to the production exception
// handler one by one (one 'fail' fails the task); changelog records fail the task without asking it. And how it sends:
// without waiting for the broker, one send after the other.
import { describe, expect, it } from '@jest/globals';
import {
  type OutgoingRecord,
  RecordsRefusedError,
  type TopicPartitionOffset,
} from '../../../src/internal/client/types.js';
import type { ProducedRecord } from '../../../src/internal/engine/contracts.js';
import { OutputPartitioner } from '../../../src/internal/runtime/output-partitioner.js';
import { TaskRecordCollector } from '../../../src/internal/runtime/task-collector.js';
import { StreamsFatalError, type ProductionExceptionHandler } from '../../../src/index.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';
import { silentLogger } from '../../../src/runtime/logger.js';

const record = (topic: string, key: string): ProducedRecord => ({
  topic,
  partition: 0,
  key: Buffer.from(key),
  value: Buffer.from('v'),
  timestamp: 1,
  headers: [],
});

/** Refuses every send that includes a record of `refusedTopic`. */
function collector(refusedTopic: string, answers: (key: string) => 'fail' | 'continue', asked: string[]) {
  const sent: OutgoingRecord[][] = [];
  const handler: ProductionExceptionHandler = {
    handle: (_context, refused) => {
      const key = refused.key!.toString();
      asked.push(key);
      return answers(key);
    },
  };
  const producer = {
    send: async (records: ReadonlyArray<OutgoingRecord>) => {
      if (records.some((r) => r.topic === refusedTopic)) throw new Error('message too large');
      sent.push([...records]);
      return [];
    },
  };
  const partitioner = new OutputPartitioner(new Map(), async () => new Map());
  return { sent, collector: new TaskRecordCollector('0_0', producer, partitioner, handler, new RecordingLogger()) };
}

describe('TaskRecordCollector on refused records', () => {
  it("asks the handler about every output record of a refused send, and drops them when each answer is 'continue'", async () => {
    const asked: string[] = [];
    const { collector: tasks, sent } = collector('out', () => 'continue', asked);
    tasks.send(record('out', 'a'));
    tasks.send(record('out', 'b'));
    tasks.sendChangelog(record('app-store-changelog', 'a'));
    await tasks.flush();
    expect(asked).toEqual(['a', 'b']);
    // The changelog records went in a send of their own, and were written.
    expect(sent.map((records) => records.map((r) => r.topic))).toEqual([['app-store-changelog']]);
  });

  it("fails when the handler answers 'fail' for any one of them", async () => {
    const asked: string[] = [];
    const { collector: tasks } = collector('out', (key) => (key === 'b' ? 'fail' : 'continue'), asked);
    tasks.send(record('out', 'a'));
    tasks.send(record('out', 'b'));
    await expect(tasks.flush()).rejects.toThrow(StreamsFatalError);
    expect(asked).toEqual(['a', 'b']);
  });

  it('fails on a refused changelog record without asking the handler', async () => {
    const asked: string[] = [];
    const { collector: tasks } = collector('app-store-changelog', () => 'continue', asked);
    tasks.sendChangelog(record('app-store-changelog', 'a'));
    tasks.send(record('out', 'b'));
    await expect(tasks.flush()).rejects.toThrow(
      /failed to write 1 record\(s\) to its changelog\(s\) app-store-changelog: message too large/,
    );
    expect(asked).toEqual([]);
  });
});

/** A producer whose sends wait until the test acknowledges (or fails) them, one by one, in arrival order. */
class ManualProducer {
  readonly sends: Array<{
    readonly records: ReadonlyArray<OutgoingRecord>;
    readonly ack: () => void;
    readonly fail: (error: Error) => void;
  }> = [];

  send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>> {
    return new Promise((resolve, reject) => {
      this.sends.push({
        records,
        ack: () => resolve([{ topic: records[0]!.topic, partition: records[0]!.partition, offset: 1n }]),
        fail: reject,
      });
    });
  }
}

const outRecord = (value: string): ProducedRecord => ({
  topic: 'out',
  partition: 0,
  key: Buffer.from('k'),
  value: Buffer.from(value),
  timestamp: 0,
  headers: [],
});

const handler = (decision: 'fail' | 'continue'): ProductionExceptionHandler => ({ handle: () => decision });

function manualCollector(producer: ManualProducer, decision: 'fail' | 'continue' = 'fail') {
  const partitioner = new OutputPartitioner(new Map([['out', 1]]), async () => new Map());
  return new TaskRecordCollector('0_0', producer, partitioner, handler(decision), silentLogger);
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskRecordCollector sending', () => {
  it('flush hands the pending records to the producer and waits for their acknowledgement', async () => {
    const producer = new ManualProducer();
    const tasks = manualCollector(producer);
    tasks.send(outRecord('a'));
    let flushed = false;
    const flushing = tasks.flush().then(() => (flushed = true));
    await settled();
    expect(producer.sends).toHaveLength(1);
    expect(flushed).toBe(false);
    producer.sends[0]!.ack();
    await flushing;
    expect(tasks.writtenOffsets().get({ topic: 'out', partition: 0 })).toBe(1n);
  });

  it('starts a send only once the previous one is acknowledged, so a partition keeps its order', async () => {
    const producer = new ManualProducer();
    const tasks = manualCollector(producer);
    tasks.send(outRecord('a'));
    const first = tasks.flush();
    tasks.send(outRecord('b'));
    const second = tasks.flush();
    await settled();
    expect(producer.sends.map((s) => s.records.map((r) => r.value?.toString()))).toEqual([['a']]);
    producer.sends[0]!.ack();
    await settled();
    expect(producer.sends.map((s) => s.records.map((r) => r.value?.toString()))).toEqual([['a'], ['b']]);
    producer.sends[1]!.ack();
    await Promise.all([first, second]);
  });

  it('fails this and every later flush after a failed send when the handler says fail', async () => {
    const producer = new ManualProducer();
    const tasks = manualCollector(producer, 'fail');
    tasks.send(outRecord('a'));
    const flushing = tasks.flush();
    await settled();
    producer.sends[0]!.fail(new Error('record too large'));
    await expect(flushing).rejects.toThrow(
      /failed to produce to out \(one of 1 record\(s\) sent together\): record too large/,
    );
    tasks.send(outRecord('b'));
    await expect(tasks.flush()).rejects.toThrow(/record too large/);
    expect(producer.sends).toHaveLength(1);
  });

  it('goes on after a failed send when the handler says continue', async () => {
    const producer = new ManualProducer();
    const tasks = manualCollector(producer, 'continue');
    tasks.send(outRecord('a'));
    const first = tasks.flush();
    await settled();
    producer.sends[0]!.fail(new Error('record too large'));
    await first;
    tasks.send(outRecord('b'));
    const second = tasks.flush();
    await settled();
    producer.sends[1]!.ack();
    await second;
    expect(producer.sends).toHaveLength(2);
  });
});

describe('TaskRecordCollector with records its client refused', () => {
  /** Refuses the records whose value is "big", writes the others (offset after them: 1 per record written). */
  const refusingProducer = {
    async send(records: ReadonlyArray<OutgoingRecord>): Promise<ReadonlyArray<TopicPartitionOffset>> {
      const refused = records.filter((r) => r.value?.toString() === 'big');
      const written = records.length - refused.length;
      const offsets = written === 0 ? [] : [{ topic: 'out', partition: 0, offset: BigInt(written) }];
      if (refused.length > 0) throw new RecordsRefusedError('MESSAGE_TOO_LARGE', refused, offsets);
      return offsets;
    },
  };
  const asked: string[] = [];
  const collector = (decision: 'fail' | 'continue') => {
    const partitioner = new OutputPartitioner(new Map([['out', 1]]), async () => new Map());
    const handler: ProductionExceptionHandler = {
      handle: (_context, record) => {
        asked.push(record.value?.toString() ?? '');
        return decision;
      },
    };
    return new TaskRecordCollector('0_0', refusingProducer, partitioner, handler, silentLogger);
  };

  it('puts only the refused records to the handler, and keeps the offsets of the written ones', async () => {
    asked.length = 0;
    const tasks = collector('continue');
    for (const value of ['a', 'big', 'b']) tasks.send(outRecord(value));
    await tasks.flush();
    expect(asked).toEqual(['big']);
    expect(tasks.writtenOffsets().get({ topic: 'out', partition: 0 })).toBe(2n);
  });

  it("fails the flush when the handler says 'fail' about a refused record", async () => {
    asked.length = 0;
    const tasks = collector('fail');
    for (const value of ['a', 'big']) tasks.send(outRecord(value));
    await expect(tasks.flush()).rejects.toThrow(/MESSAGE_TOO_LARGE/);
    expect(asked).toEqual(['big']);
  });
});

describe('TaskRecordCollector and sink topics met at run time', () => {
  const unpartitioned = (topic: string, key: string): ProducedRecord => ({
    ...record(topic, key),
    partition: undefined,
  });

  function learningCollector(counts: Record<string, number>) {
    const lookups: string[][] = [];
    const sent: OutgoingRecord[][] = [];
    const partitioner = new OutputPartitioner(new Map([['known', 3]]), async (topics) => {
      lookups.push([...topics]);
      return new Map(Object.entries(counts).filter(([topic]) => topics.includes(topic)));
    });
    const producer = {
      send: async (records: ReadonlyArray<OutgoingRecord>) => {
        sent.push([...records]);
        return [];
      },
    };
    const tasks = new TaskRecordCollector('0_0', producer, partitioner, handler('fail'), silentLogger);
    return { tasks, lookups, sent };
  }

  it('looks up each unknown topic once, then partitions its records by key', async () => {
    const { tasks, lookups, sent } = learningCollector({ dynamic: 4 });
    for (const key of ['a', 'b', 'c']) tasks.send(unpartitioned('dynamic', key));
    tasks.send(unpartitioned('known', 'a'));
    tasks.send(record('changelog', 'a'));
    await tasks.flush();
    tasks.send(unpartitioned('dynamic', 'd'));
    await tasks.flush();

    expect(lookups).toEqual([['dynamic']]);
    const partitions = sent.flat().map((r) => [r.topic, r.partition]);
    expect(partitions.slice(0, 3).every(([topic, p]) => topic === 'dynamic' && Number(p) < 4)).toBe(true);
    expect(partitions).toContainEqual(['changelog', 0]);
    expect(sent.flat()).toHaveLength(6);
  });

  it('fails the send when a sink topic does not exist', async () => {
    const { tasks } = learningCollector({});
    tasks.send(unpartitioned('missing', 'a'));
    await expect(tasks.flush()).rejects.toThrow('Sink topic missing does not exist');
  });
});
