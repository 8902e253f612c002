import { describe, it, expect } from '@jest/globals';
import { createStreamTask } from '../../../src/internal/engine/create-task.js';
import {
  Consumed,
  DEAD_LETTER_HEADERS,
  DeadLetter,
  LogAndContinue,
  LogAndFail,
  Serdes,
  StreamsBuilder,
  TaskFailedError,
  TimestampExtractors,
  type ProcessorContext,
  type ProcessorSupplier,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const int = Serdes.Int32();

const headerMap = (headers: ReadonlyArray<readonly [string, Buffer]>) =>
  Object.fromEntries(headers.map(([k, v]) => [k, v.toString()]));

describe('punctuators', () => {
  const punctuating =
    (type: 'stream-time' | 'wall-clock-time', log: string[]): ProcessorSupplier<string, string, string, string> =>
    () => {
      let ctx: ProcessorContext<string, string>;
      return {
        init: (c) => {
          ctx = c;
          ctx.schedule(10, type, (ts) => {
            log.push(`${type}@${ts}`);
            ctx.forward({ key: 'tick', value: String(ts), timestamp: ts, headers: [] });
          });
        },
        process: (r) => ctx.forward(r),
      };
    };

  it('stream-time punctuators fire as stream time passes their due time, once per check, re-aligned after gaps', () => {
    const log: string[] = [];
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').process(punctuating('stream-time', log)).to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', str, str);
    for (const ts of [5, 8, 12, 3, 35, 39, 40]) input.pipeInput('k', String(ts), ts);
    // Aligned to 0: fires at the first record; then due at 10, 20 (missed: next is 40), 40.
    expect(log).toEqual(['stream-time@5', 'stream-time@12', 'stream-time@35', 'stream-time@40']);
    const out = driver.createOutputTopic('out', str, str).readKeyValuesToList();
    expect(out.filter((kv) => kv.key === 'tick').map((kv) => kv.value)).toEqual(['5', '12', '35', '40']);
    expect(driver.metrics().punctuations).toBe(4);
  });

  it('wall-clock punctuators fire from advanceWallClockTime, one interval after init', () => {
    const log: string[] = [];
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').process(punctuating('wall-clock-time', log)).to('out');
    const driver = new TopologyTestDriver(builder.build(), { initialWallClockTimeMs: 1000 });
    driver.advanceWallClockTime(9);
    expect(log).toEqual([]);
    driver.advanceWallClockTime(1);
    driver.advanceWallClockTime(25);
    expect(log).toEqual(['wall-clock-time@1010', 'wall-clock-time@1035']);
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['1010', '1035']);
  });

  it('a cancelled punctuator no longer fires', () => {
    const log: number[] = [];
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').process<string, string>(() => ({
      init: (ctx) => {
        const handle = ctx.schedule(5, 'wall-clock-time', (ts) => {
          log.push(ts);
          handle.cancel();
        });
      },
      process: () => undefined,
    }));
    const driver = new TopologyTestDriver(builder.build());
    driver.advanceWallClockTime(5);
    driver.advanceWallClockTime(5);
    expect(log).toEqual([5]);
  });
});

describe('timestamp extraction', () => {
  it('uses the record timestamp by default, or a custom / wall-clock extractor', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('custom', Consumed.with({ keySerde: str, valueSerde: int, timestampExtractor: (r) => r.value * 1000 }))
      .to('out', { keySerde: str, valueSerde: int });
    builder
      .stream(
        'wall',
        Consumed.with({ keySerde: str, valueSerde: int, timestampExtractor: TimestampExtractors.wallClock() }),
      )
      .to('out', { keySerde: str, valueSerde: int });
    const driver = new TopologyTestDriver(builder.build(), { initialWallClockTimeMs: 777 });
    driver.createInputTopic('custom', str, int).pipeInput('a', 3, 1);
    driver.createInputTopic('wall', str, int).pipeInput('b', 1, 1);
    const out = driver.createOutputTopic('out', str, int);
    expect(out.readRecord().timestamp).toBe(3000);
    expect(out.readRecord().timestamp).toBe(777);
  });

  it('input topics auto-advance timestamps from startTimestamp', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', str, str, { startTimestamp: 100, autoAdvanceMs: 10 });
    input.pipeRecordList([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3', timestamp: 5 },
    ]);
    expect(
      driver
        .createOutputTopic('out', str, str)
        .readRecordsToList()
        .map((r) => r.timestamp),
    ).toEqual([100, 110, 5]);
  });

  it('a negative extracted timestamp skips the record with a warning and a dropped-record count (Java)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream(
        'in',
        Consumed.with({ keySerde: str, valueSerde: str, timestampExtractor: (r) => (r.value === 'bad' ? -1 : 7) }),
      )
      .to('out');
    const driver = new TopologyTestDriver(builder.build());
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'bad');
    input.pipeInput('k', 'good');
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['good']);
    expect(driver.metrics()).toMatchObject({ skipped: 1, deserializationErrors: 0, processed: 1 });
    expect(driver.logs.filter((e) => /negative extracted timestamp/.test(e.message))).toHaveLength(1);
  });

  it("the default extractor fails on a negative record timestamp, as Java's FailOnInvalidTimestamp", () => {
    const builder = new StreamsBuilder();
    builder.stream('in', Consumed.with({ keySerde: str, valueSerde: str })).to('out');
    const failing = new TopologyTestDriver(builder.build());
    expect(() => failing.createInputTopic('in', str, str).pipeInput('k', 'v', -5)).toThrow(/negative\) timestamp -5/);
  });

  it('an extractor returning something other than whole milliseconds goes to the deserialization handler', () => {
    const b2 = new StreamsBuilder();
    b2.stream('in', Consumed.with({ keySerde: str, valueSerde: str, timestampExtractor: () => Number.NaN })).to('out');
    const skipping = new TopologyTestDriver(b2.build(), {
      errorHandlers: { deserialization: LogAndContinue.deserialization() },
    });
    skipping.createInputTopic('in', str, str).pipeInput('k', 'v');
    expect(skipping.metrics()).toMatchObject({ skipped: 1, deserializationErrors: 1, processed: 0 });
  });
});

describe('error handlers', () => {
  const intTopology = () => {
    const builder = new StreamsBuilder();
    builder
      .stream('in', Consumed.with({ keySerde: str, valueSerde: int }))
      .mapValues((v) => v * 2)
      .to('out', { keySerde: str, valueSerde: int });
    return builder.build();
  };
  const pipeBadThenGood = (driver: TopologyTestDriver) => {
    const raw = driver.createInputTopic('in', str, Serdes.Bytes());
    raw.pipeInput('bad', Buffer.from('xy'), 1, [['trace', Buffer.from('t1')]]);
    raw.pipeInput('good', Buffer.from('00000002', 'hex'), 2);
  };

  it('deserialization: LogAndFail stops with a TaskFailedError naming the node', () => {
    const driver = new TopologyTestDriver(intTopology(), {
      errorHandlers: { deserialization: LogAndFail.deserialization() },
    });
    let thrown: unknown;
    try {
      pipeBadThenGood(driver);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TaskFailedError);
    expect((thrown as TaskFailedError).message).toMatch(
      /Deserialization failed at node KSTREAM-SOURCE-0000000000 in task 0_0: Int32 deserializer on topic in: expected 4 bytes, got 2/,
    );
    expect(driver.logs.some((l) => l.level === 'error')).toBe(true);
  });

  it('deserialization: LogAndContinue skips, logs and counts', () => {
    const driver = new TopologyTestDriver(intTopology(), {
      errorHandlers: { deserialization: LogAndContinue.deserialization() },
    });
    pipeBadThenGood(driver);
    expect(driver.createOutputTopic('out', str, int).readKeyValuesToList()).toEqual([{ key: 'good', value: 4 }]);
    expect(driver.metrics()).toMatchObject({ processed: 1, skipped: 1, deserializationErrors: 1, deadLettered: 0 });
    const warning = driver.logs.find((l) => l.level === 'warn');
    expect(warning?.message).toMatch(/deserialization error/);
    expect(warning?.fields).toMatchObject({
      topic: 'in',
      partition: 0,
      offset: '0',
      node: 'KSTREAM-SOURCE-0000000000',
    });
  });

  it('deserialization: DeadLetter sends the original record with __streams.errors.* headers', () => {
    const driver = new TopologyTestDriver(intTopology(), {
      errorHandlers: { deserialization: DeadLetter.deserialization('dlq') },
    });
    pipeBadThenGood(driver);
    const dlq = driver.createOutputTopic('dlq', str, Serdes.Bytes()).readRecordsToList();
    expect(dlq).toHaveLength(1);
    const [record] = dlq;
    expect(record!.key).toBe('bad');
    expect(record!.value.toString()).toBe('xy');
    expect(record!.timestamp).toBe(1);
    const headers = headerMap(record!.headers);
    expect(headers).toMatchObject({
      trace: 't1',
      [DEAD_LETTER_HEADERS.exception]: 'SerializationError',
      [DEAD_LETTER_HEADERS.message]: 'Int32 deserializer on topic in: expected 4 bytes, got 2',
      [DEAD_LETTER_HEADERS.topic]: 'in',
      [DEAD_LETTER_HEADERS.partition]: '0',
      [DEAD_LETTER_HEADERS.offset]: '0',
    });
    expect(headers[DEAD_LETTER_HEADERS.stacktrace]).toMatch(/^SerializationError/);
    expect(driver.metrics()).toMatchObject({ deadLettered: 1, skipped: 1, processed: 1 });
  });

  const throwingTopology = () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder
      .stream('in')
      .mapValues((v) => {
        if (v === 'boom') throw new TypeError('cannot handle boom');
        return v;
      })
      .to('out');
    return builder.build();
  };

  it('processing (KIP-1033): fail by default, continue, or dead-letter the source record', () => {
    const failing = new TopologyTestDriver(throwingTopology());
    expect(() => failing.createInputTopic('in', str, str).pipeInput('k', 'boom')).toThrow(
      /Processing failed at node KSTREAM-MAPVALUES-0000000001 in task 0_0: cannot handle boom/,
    );

    const continuing = new TopologyTestDriver(throwingTopology(), {
      errorHandlers: { processing: LogAndContinue.processing() },
    });
    const input = continuing.createInputTopic('in', str, str);
    input.pipeInput('k', 'boom');
    input.pipeInput('k', 'fine');
    expect(continuing.createOutputTopic('out', str, str).readValuesToList()).toEqual(['fine']);
    expect(continuing.metrics()).toMatchObject({ processingErrors: 1, skipped: 1, processed: 2 });

    const dead = new TopologyTestDriver(throwingTopology(), {
      errorHandlers: { processing: DeadLetter.processing('errors') },
    });
    dead.createInputTopic('in', str, str).pipeInput('k', 'boom', 42);
    const record = dead.createOutputTopic('errors', str, str).readRecord();
    expect(record).toMatchObject({ key: 'k', value: 'boom', timestamp: 42 });
    expect(headerMap(record.headers)).toMatchObject({
      [DEAD_LETTER_HEADERS.exception]: 'TypeError',
      [DEAD_LETTER_HEADERS.message]: 'cannot handle boom',
    });
  });

  it('the processing handler receives the node name and the source record', () => {
    const contexts: unknown[] = [];
    const driver = new TopologyTestDriver(throwingTopology(), {
      errorHandlers: {
        processing: {
          handle: (context, error) => {
            contexts.push({
              node: context.processorNodeName,
              offset: context.sourceRecord?.offset,
              error: error.message,
            });
            return 'continue';
          },
        },
      },
    });
    driver.createInputTopic('in', str, str).pipeInput('k', 'boom');
    expect(contexts).toEqual([{ node: 'KSTREAM-MAPVALUES-0000000001', offset: 0n, error: 'cannot handle boom' }]);
  });

  it('production: serialization failures at a sink go to the production handler', () => {
    const build = () => {
      const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
      builder
        .stream('in')
        .mapValues((v) => Number(v))
        .to('out', { valueSerde: int });
      return builder.build();
    };
    const failing = new TopologyTestDriver(build());
    expect(() => failing.createInputTopic('in', str, str).pipeInput('k', '1.5')).toThrow(
      /Sink KSTREAM-SINK-0000000002 failed to produce to out/,
    );

    const continuing = new TopologyTestDriver(build(), { errorHandlers: { production: LogAndContinue.production() } });
    const input = continuing.createInputTopic('in', str, str);
    input.pipeInput('k', '1.5');
    input.pipeInput('k', '2');
    expect(continuing.createOutputTopic('out', str, int).readValuesToList()).toEqual([2]);
    expect(continuing.metrics()).toMatchObject({ productionErrors: 1, skipped: 1 });
  });
});

describe('task bookkeeping', () => {
  it('commit requests and committable offsets', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').process<string, string>(() => {
      let ctx: ProcessorContext<string, string>;
      return { init: (c) => (ctx = c), process: (r) => r.value === 'commit' && ctx.commit() };
    });
    const plan = builder.build().plan();
    const task = createStreamTask(plan, { subtopology: 0, partition: 3 }, [{ topic: 'in', partition: 3 }], {
      applicationId: 'app',
      collector: { send: () => undefined, partitionsFor: () => 1 },
      errorHandlers: {
        deserialization: LogAndFail.deserialization(),
        processing: LogAndFail.processing(),
        production: LogAndFail.production(),
      },
      internalTopicName: (n) => n,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const rec = (offset: bigint, value: string) => ({
      topic: 'in',
      partition: 3,
      offset,
      timestamp: 1,
      key: null,
      value: Buffer.from(value),
      headers: [],
    });
    task.addRecords([rec(10n, 'x'), rec(11n, 'commit')]);
    expect(task.buffered()).toBe(2);
    expect(task.process(0)).toBe(true);
    expect(task.commitRequested()).toBe(false);
    expect(task.process(0)).toBe(true);
    expect(task.process(0)).toBe(false);
    expect(task.commitRequested()).toBe(true);
    expect(task.committableOffsets().get('in:3')).toBe(12n);
    task.markCommitted();
    expect(task.commitRequested()).toBe(false);
    expect(task.metrics?.()).toMatchObject({ processed: 2 });
    task.close();
  });
});
