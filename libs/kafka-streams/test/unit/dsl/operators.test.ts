import { describe, it, expect } from '@jest/globals';
import { createStreamTask } from '../../../src/internal/engine/create-task.js';
import {
  Branched,
  Consumed,
  Named,
  Produced,
  Repartitioned,
  Serdes,
  StreamsBuilder,
  type KStream,
  type ProcessorSupplier,
  type FixedKeyProcessorSupplier,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';
import { partitionForKey } from '../../../src/internal/engine/partitioner.js';

const str = Serdes.String();
const int = Serdes.Int32();
const strings = Consumed.with({ keySerde: str, valueSerde: str });

function run(build: (builder: StreamsBuilder<string, string>) => void, options: { wallClock?: number } = {}) {
  const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
  build(builder);
  const driver = new TopologyTestDriver(builder.build(), { initialWallClockTimeMs: options.wallClock ?? 0 });
  return {
    driver,
    input: driver.createInputTopic('in', str, str),
    output: driver.createOutputTopic('out', str, str),
  };
}

describe('KStream operators through the TopologyTestDriver', () => {
  it('word count without state: lower-case, split on non-word chars, drop empties, key by word', () => {
    const { input, output } = run((b) =>
      b
        .stream('in', strings)
        .flatMapValues((sentence) => sentence.toLowerCase().split(/\W+/))
        .filter((_key, word) => word.length > 0)
        .selectKey((_key, word) => word)
        .to('out'),
    );
    input.pipeInput('k', 'Hello, hello World!', 5);
    expect(output.readRecordsToList().map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['hello', 'hello', 5],
      ['hello', 'hello', 5],
      ['world', 'world', 5],
    ]);
  });

  it('filter and filterNot', () => {
    const { driver, input } = run((b) => {
      const s = b.stream('in', strings);
      s.filter((_k, v) => v.startsWith('a')).to('out');
      s.filterNot((_k, v) => v.startsWith('a')).to('rest');
    });
    const rest = driver.createOutputTopic('rest', str, str);
    input.pipeKeyValueList([
      { key: '1', value: 'apple' },
      { key: '2', value: 'banana' },
    ]);
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['apple']);
    expect(rest.readValuesToList()).toEqual(['banana']);
  });

  it('map, mapValues and flatMap change types, and the sink serdes follow', () => {
    const { driver, input } = run((b) => {
      const lengths: KStream<number, string> = b.stream('in', strings).map((k, v) => ({ key: v.length, value: k }));
      lengths.to('by-length', Produced.with({ keySerde: int }));
      b.stream('in2', strings)
        .mapValues((v, k) => `${k}:${v}`.length)
        .to('sizes', Produced.with({ valueSerde: int }));
      b.stream('in3', strings)
        .flatMap((k, v) => [...v].map((ch) => ({ key: ch, value: k })))
        .to('chars');
    });
    input.pipeInput('key', 'four');
    driver.createInputTopic('in2', str, str).pipeInput('ab', 'cde');
    driver.createInputTopic('in3', str, str).pipeInput('k', 'xy');
    expect(driver.createOutputTopic('by-length', int, str).readKeyValue()).toEqual({ key: 4, value: 'key' });
    expect(driver.createOutputTopic('sizes', str, int).readKeyValue()).toEqual({ key: 'ab', value: 6 });
    expect(driver.createOutputTopic('chars', str, str).readKeyValuesToList()).toEqual([
      { key: 'x', value: 'k' },
      { key: 'y', value: 'k' },
    ]);
  });

  it('peek passes records on, foreach consumes them', () => {
    const peeked: string[] = [];
    const seen: string[] = [];
    const { input, output } = run((b) => {
      const s = b.stream('in', strings).peek((k, v) => peeked.push(`${k}=${v}`));
      s.foreach((_k, v) => seen.push(v));
      s.to('out');
    });
    input.pipeInput('a', '1');
    expect(peeked).toEqual(['a=1']);
    expect(seen).toEqual(['1']);
    expect(output.readValue()).toBe('1');
    expect(output.isEmpty()).toBe(true);
  });

  it('split routes each record to the first matching branch, with a typed result map', () => {
    const consumed: string[] = [];
    let branches:
      | {
          'split-small': KStream<string, string>;
          'split-big': KStream<string, number>;
          'split-0': KStream<string, string>;
        }
      | undefined;
    const { driver, input } = run((b) => {
      branches = b
        .stream('in', strings)
        .split(Named.as('split-'))
        .branch((_k, v) => v.length < 3, Branched.as('small'))
        .branch(
          (_k, v) => v.length > 5,
          Branched.withFunction((s: KStream<string, string>) => s.mapValues((v) => v.length), 'big'),
        )
        .branch(
          (_k, v) => v === 'skip',
          Branched.withConsumer((s: KStream<string, string>) => s.foreach((_k, v) => consumed.push(v))),
        )
        .defaultBranch();
      branches['split-small'].to('small');
      branches['split-big'].to('big', Produced.with({ valueSerde: int }));
      branches['split-0'].to('other');
    });
    expect(Object.keys(branches!).sort()).toEqual(['split-0', 'split-big', 'split-small']);
    input.pipeKeyValueList(['ab', 'abcdefg', 'skip', 'four', 'x'].map((value) => ({ key: 'k', value })));
    expect(driver.createOutputTopic('small', str, str).readValuesToList()).toEqual(['ab', 'x']);
    expect(driver.createOutputTopic('big', str, int).readValuesToList()).toEqual([7]);
    expect(driver.createOutputTopic('other', str, str).readValuesToList()).toEqual(['four']);
    expect(consumed).toEqual(['skip']);
  });

  it('noDefaultBranch drops unmatched records; unnamed branches are keyed by index', () => {
    let keys: string[] = [];
    const { driver, input } = run((b) => {
      const result = b
        .stream('in', strings)
        .split()
        .branch((_k, v) => v === 'a')
        .noDefaultBranch();
      keys = Object.keys(result);
      result['KSTREAM-BRANCH-00000000011']!.to('out');
    });
    expect(keys).toEqual(['KSTREAM-BRANCH-00000000011']);
    input.pipeInput('k', 'b');
    input.pipeInput('k', 'a');
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['a']);
  });

  it('merge interleaves both inputs by timestamp', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    const left = builder.stream('left');
    const right = builder.stream('right');
    left.merge(right).to('out');
    // One task reads both topics: records buffered before processing come out in timestamp order.
    const topology = builder.build();
    const plan = topology.plan();
    expect(plan.subtopologies).toHaveLength(1);
    const sent: string[] = [];
    const task = createStreamTask(
      plan,
      { subtopology: 0, partition: 0 },
      [
        { topic: 'left', partition: 0 },
        { topic: 'right', partition: 0 },
      ],
      {
        applicationId: 'app',
        collector: { send: (r) => sent.push(r.value!.toString()), partitionsFor: () => 1 },
        errorHandlers: {
          deserialization: { handle: () => 'fail' },
          processing: { handle: () => 'fail' },
          production: { handle: () => 'fail' },
        },
        internalTopicName: (n) => `app-${n}`,
        logger: { debug() {}, info() {}, warn() {}, error() {} },
      },
    );
    const rec = (topic: string, offset: bigint, timestamp: number, value: string) => ({
      topic,
      partition: 0,
      offset,
      timestamp,
      key: null,
      value: Buffer.from(value),
      headers: [],
    });
    task.addRecords([rec('left', 0n, 10, 'L10'), rec('left', 1n, 30, 'L30'), rec('left', 2n, 5, 'L5')]);
    task.addRecords([rec('right', 0n, 20, 'R20'), rec('right', 1n, 25, 'R25')]);
    while (task.process(0));
    // Offset order within a partition, lowest head timestamp across partitions.
    expect(sent).toEqual(['L10', 'R20', 'R25', 'L30', 'L5']);
    expect(task.committableOffsets()).toEqual(
      new Map([
        ['left:0', 3n],
        ['right:0', 2n],
      ]),
    );
  });

  it('repartition writes through <applicationId>-<name>-repartition, partitioned by murmur2, into a new sub-topology', () => {
    const partitions: number[] = [];
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder
      .stream('in')
      .selectKey((_k, v) => v)
      .repartition(Repartitioned.with({ name: 'by-value', numberOfPartitions: 4 }))
      .process<string, string>(() => {
        let ctx: import('../../../src/index.js').ProcessorContext<string, string>;
        return {
          init: (c) => (ctx = c),
          process: (r) => {
            partitions.push(ctx.recordMetadata()!.partition);
            expect(ctx.recordMetadata()!.topic).toBe('my-app-by-value-repartition');
            ctx.forward(r);
          },
        };
      })
      .to('out');
    const topology = builder.build();
    expect(topology.plan().internalTopics).toEqual([
      { name: 'by-value-repartition', kind: 'repartition', partitions: 4 },
    ]);
    const driver = new TopologyTestDriver(topology, { applicationId: 'my-app' });
    const input = driver.createInputTopic('in', str, str);
    for (const v of ['a', 'b', 'c', 'abc']) input.pipeInput('k', v);
    expect(partitions).toEqual(['a', 'b', 'c', 'abc'].map((v) => partitionForKey(Buffer.from(v), 4)));
    expect(
      driver
        .createOutputTopic('out', str, str)
        .readKeyValuesToList()
        .map((kv) => kv.key),
    ).toEqual(['a', 'b', 'c', 'abc']);
    expect(driver.producedTopicNames()).toContain('my-app-by-value-repartition');
  });

  it('to() with a topic name extractor and a custom partitioner', () => {
    const { driver, input } = run((b) =>
      b.stream('in', strings).to((key, _value, ctx) => `${key}-${ctx.topic}`, Produced.with({ partitioner: () => 0 })),
    );
    input.pipeInput('x', 'v');
    expect(driver.createOutputTopic('x-in', str, str).readValue()).toBe('v');
  });

  it('process and processValues run Processor API code; toTable/toStream forward updates', () => {
    const upper: FixedKeyProcessorSupplier<string, string, string> = () => {
      let ctx: import('../../../src/index.js').FixedKeyProcessorContext<string, string>;
      return { init: (c) => (ctx = c), process: (r) => ctx.forward({ ...r, value: r.value.toUpperCase() }) };
    };
    const withHeader: ProcessorSupplier<string, string, string, string> = () => {
      let ctx: import('../../../src/index.js').ProcessorContext<string, string>;
      return {
        init: (c) => (ctx = c),
        process: (r) => ctx.forward({ ...r, headers: [...r.headers, ['h', Buffer.from('1')]] }),
      };
    };
    const { input, output } = run((b) =>
      b.stream('in', strings).processValues(upper).process(withHeader).toTable().toStream().to('out'),
    );
    input.pipeInput('k', 'abc', 7);
    const record = output.readRecord();
    expect(record).toMatchObject({ key: 'k', value: 'ABC', timestamp: 7 });
    expect(record.headers.map(([k, v]) => [k, v.toString()])).toEqual([['h', '1']]);
  });

  it('table() builds a source and a forwarding table node', () => {
    const { driver } = run((b) => b.table('tbl', strings).toStream().to('out'));
    driver.createInputTopic('tbl', str, str).pipeInput('k', 'v1');
    expect(driver.createOutputTopic('out', str, str).readKeyValue()).toEqual({ key: 'k', value: 'v1' });
  });

  it('stream(RegExp) reads every matching topic', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream(/^events-.*/).to('out');
    const driver = new TopologyTestDriver(builder.build());
    driver.createInputTopic('events-a', str, str).pipeInput('k', 'a');
    driver.createInputTopic('events-b', str, str).pipeInput('k', 'b');
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual(['a', 'b']);
    expect(() => driver.createInputTopic('other', str, str).pipeInput('k', 'x')).toThrow(/not a source topic/);
  });
});
