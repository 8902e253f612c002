import { describe, expect, it } from '@jest/globals';
import type { OutgoingRecord, TopicPartitionOffset } from '../../../src/internal/client/types.js';
import type { ProducedRecord } from '../../../src/internal/engine/contracts.js';
import { OutputPartitioner } from '../../../src/internal/runtime/output-partitioner.js';
import { TaskRecordCollector } from '../../../src/internal/runtime/task-collector.js';
import type { ProductionExceptionHandler } from '../../../src/errors/handlers.js';
import { silentLogger } from '../../../src/runtime/logger.js';

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

const record = (value: string): ProducedRecord => ({
  topic: 'out',
  partition: 0,
  key: Buffer.from('k'),
  value: Buffer.from(value),
  timestamp: 0,
  headers: [],
});

const handler = (decision: 'fail' | 'continue'): ProductionExceptionHandler => ({ handle: () => decision });

function collector(producer: ManualProducer, decision: 'fail' | 'continue' = 'fail') {
  const partitioner = new OutputPartitioner(new Map([['out', 1]]), async () => new Map());
  return new TaskRecordCollector('0_0', producer, partitioner, handler(decision), silentLogger);
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskRecordCollector', () => {
  it('hands records to the producer without waiting for the broker, and flush waits for the acknowledgement', async () => {
    const producer = new ManualProducer();
    const tasks = collector(producer);
    tasks.send(record('a'));
    tasks.sendPending();
    await settled();
    expect(producer.sends).toHaveLength(1);
    expect(tasks.unacknowledgedCount()).toBe(1);

    let flushed = false;
    const flushing = tasks.flush().then(() => (flushed = true));
    await settled();
    expect(flushed).toBe(false);
    producer.sends[0]!.ack();
    await flushing;
    expect(tasks.unacknowledgedCount()).toBe(0);
    expect(tasks.writtenOffsets().get({ topic: 'out', partition: 0 })).toBe(1n);
  });

  it('starts a send only once the previous one is acknowledged, so a partition keeps its order', async () => {
    const producer = new ManualProducer();
    const tasks = collector(producer);
    tasks.send(record('a'));
    tasks.sendPending();
    tasks.send(record('b'));
    tasks.sendPending();
    await settled();
    expect(producer.sends.map((s) => s.records.map((r) => r.value?.toString()))).toEqual([['a']]);
    expect(tasks.unacknowledgedCount()).toBe(2);
    producer.sends[0]!.ack();
    await settled();
    expect(producer.sends.map((s) => s.records.map((r) => r.value?.toString()))).toEqual([['a'], ['b']]);
    producer.sends[1]!.ack();
    await tasks.flush();
  });

  it('throws a failed send from the next sendPending and flush when the handler says fail', async () => {
    const producer = new ManualProducer();
    const tasks = collector(producer, 'fail');
    tasks.send(record('a'));
    tasks.sendPending();
    await settled();
    producer.sends[0]!.fail(new Error('record too large'));
    await settled();
    tasks.send(record('b'));
    expect(() => tasks.sendPending()).toThrow(/failed to produce 1 record\(s\) to out: record too large/);
    await expect(tasks.flush()).rejects.toThrow(/record too large/);
    expect(producer.sends).toHaveLength(1);
  });

  it('goes on after a failed send when the handler says continue', async () => {
    const producer = new ManualProducer();
    const tasks = collector(producer, 'continue');
    tasks.send(record('a'));
    tasks.sendPending();
    await settled();
    producer.sends[0]!.fail(new Error('record too large'));
    tasks.send(record('b'));
    const flushing = tasks.flush();
    await settled();
    producer.sends[1]!.ack();
    await flushing;
    expect(producer.sends).toHaveLength(2);
  });
});
