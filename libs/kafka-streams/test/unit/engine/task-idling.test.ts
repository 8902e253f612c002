// Java's PartitionGroup.readyToProcess, on a task merging two partitions: with one empty, the task waits while
// the empty one has unfetched data (or an unknown lag), and up to maxTaskIdleMs when it has none; -1 never waits.
import { describe, expect, it } from '@jest/globals';
import { createStreamTask } from '../../../src/internal/engine/create-task.js';
import type { ConsumedRecord } from '../../../src/internal/engine/contracts.js';
import { Consumed, LogAndFail, Serdes, StreamsBuilder } from '../../../src/index.js';

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };

function mergingTask(maxTaskIdleMs: number, lags: Map<string, bigint | undefined>, processed: number[]) {
  const builder = new StreamsBuilder();
  builder
    .stream('left', Consumed.with(strings))
    .merge(builder.stream('right', Consumed.with(strings)))
    .peek((_key, value) => void processed.push(Number(value)));
  return createStreamTask(
    builder.build().plan(),
    { subtopology: 0, partition: 0 },
    [
      { topic: 'left', partition: 0 },
      { topic: 'right', partition: 0 },
    ],
    {
      applicationId: 'app',
      collector: { send: () => undefined, partitionsFor: () => 1 },
      errorHandlers: {
        deserialization: LogAndFail.deserialization(),
        processing: LogAndFail.processing(),
        production: LogAndFail.production(),
      },
      internalTopicName: (name) => name,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      idling: { maxTaskIdleMs, fetchedLag: (topic) => lags.get(topic) },
    },
  );
}

const record = (topic: string, offset: bigint, timestamp: number): ConsumedRecord => ({
  topic,
  partition: 0,
  offset,
  timestamp,
  key: Buffer.from('k'),
  value: Buffer.from(String(timestamp)),
  headers: [],
});

describe('task idling', () => {
  it('waits for an empty partition whose lag is unknown or positive, then processes in timestamp order', () => {
    const processed: number[] = [];
    const lags = new Map<string, bigint | undefined>([['right', undefined]]);
    const task = mergingTask(0, lags, processed);
    task.addRecords([record('left', 0n, 30), record('left', 1n, 40)]);
    expect(task.process(1_000)).toBe(false);
    lags.set('right', 2n);
    expect(task.process(1_000)).toBe(false);
    task.addRecords([record('right', 0n, 10), record('right', 1n, 35)]);
    lags.set('right', 0n);
    while (task.process(1_000));
    expect(processed).toEqual([10, 30, 35, 40]);
  });

  it('with maxTaskIdleMs 0, goes on at once when the empty partition has nothing on the broker', () => {
    const processed: number[] = [];
    const task = mergingTask(0, new Map([['right', 0n]]), processed);
    task.addRecords([record('left', 0n, 30)]);
    expect(task.process(1_000)).toBe(true);
    expect(processed).toEqual([30]);
  });

  it('with maxTaskIdleMs > 0, waits that long (wall clock) for new data first', () => {
    const processed: number[] = [];
    const task = mergingTask(200, new Map([['right', 0n]]), processed);
    task.addRecords([record('left', 0n, 30)]);
    expect(task.process(1_000)).toBe(false);
    expect(task.process(1_199)).toBe(false);
    expect(task.process(1_200)).toBe(true);
    expect(processed).toEqual([30]);
  });

  it('with maxTaskIdleMs -1, never waits', () => {
    const processed: number[] = [];
    const task = mergingTask(-1, new Map([['right', undefined]]), processed);
    task.addRecords([record('left', 0n, 30)]);
    expect(task.process(1_000)).toBe(true);
  });
});
