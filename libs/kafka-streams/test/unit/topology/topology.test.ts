import { describe, it, expect } from '@jest/globals';
import {
  Consumed,
  Named,
  Produced,
  Repartitioned,
  Serdes,
  Stores,
  StreamsBuilder,
  Topology,
  TopologyError,
} from '../../../src/index.js';

const str = Serdes.String();

describe('topology.describe()', () => {
  it("prints Kafka Streams' text, splitting sub-topologies at the repartition topic", () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder
      .stream('input')
      .filter((_k, v) => v.length > 0)
      .selectKey((_k, v) => v)
      .repartition()
      .to('out');
    expect(builder.build().describe().toString()).toBe(
      [
        'Topologies:',
        // Like Java, sub-topology ids follow the sorted names of source nodes ("KSTREAM-REPARTITION..." < "KSTREAM-SOURCE...").
        '   Sub-topology: 0',
        '    Source: KSTREAM-REPARTITION-0000000003-repartition-source (topics: [KSTREAM-REPARTITION-0000000003-repartition])',
        '      --> KSTREAM-SINK-0000000004',
        '    Sink: KSTREAM-SINK-0000000004 (topic: out)',
        '      <-- KSTREAM-REPARTITION-0000000003-repartition-source',
        '',
        '  Sub-topology: 1',
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])',
        '      --> KSTREAM-FILTER-0000000001',
        '    Processor: KSTREAM-FILTER-0000000001 (stores: [])',
        '      --> KSTREAM-KEY-SELECT-0000000002',
        '      <-- KSTREAM-SOURCE-0000000000',
        '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])',
        '      --> KSTREAM-REPARTITION-0000000003-repartition-filter',
        '      <-- KSTREAM-FILTER-0000000001',
        '    Processor: KSTREAM-REPARTITION-0000000003-repartition-filter (stores: [])',
        '      --> KSTREAM-REPARTITION-0000000003-repartition-sink',
        '      <-- KSTREAM-KEY-SELECT-0000000002',
        '    Sink: KSTREAM-REPARTITION-0000000003-repartition-sink (topic: KSTREAM-REPARTITION-0000000003-repartition)',
        '      <-- KSTREAM-REPARTITION-0000000003-repartition-filter',
        '',
        '',
      ].join('\n'),
    );
  });

  it('uses Named / Repartitioned names, and orders branches by sub-graph size', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    const source = builder.stream(['a', 'b'], Consumed.with({ name: 'src' }));
    source.mapValues((v) => v, Named.as('short')).to('s', Produced.with({ name: 'short-sink' }));
    source
      .peek(() => undefined, Named.as('long'))
      .repartition(Repartitioned.with({ name: 'rekey' }))
      .to('l', Produced.as('long-sink'));
    const text = builder.build().describe().toString();
    expect(text).toContain('    Source: src (topics: [a, b])\n      --> long, short\n');
    expect(text).toContain('    Sink: rekey-repartition-sink (topic: rekey-repartition)\n');
    expect(text).toContain(
      '   Sub-topology: 0\n    Source: rekey-repartition-source (topics: [rekey-repartition])\n      --> long-sink\n',
    );
    expect(text).toContain('  Sub-topology: 1\n    Source: src (topics: [a, b])\n');
  });

  it('prints patterns, stores, and extractor sinks', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream(/in-.*/).to(function byKey(key) {
      return key;
    });
    expect(builder.build().describe().toString()).toBe(
      'Topologies:\n   Sub-topology: 0\n    Source: KSTREAM-SOURCE-0000000000 (topics: in-.*)\n      --> KSTREAM-SINK-0000000001\n' +
        '    Sink: KSTREAM-SINK-0000000001 (extractor class: byKey)\n      <-- KSTREAM-SOURCE-0000000000\n\n',
    );
  });

  it('renders a Mermaid flowchart', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder
      .stream('input')
      .filter(() => true)
      .to('out');
    expect(builder.build().describe().toMermaid()).toBe(
      [
        'flowchart TD',
        '    subgraph s0["Sub-topology: 0"]',
        '        n0["KSTREAM-SOURCE-0000000000"]',
        '        n1["KSTREAM-FILTER-0000000001"]',
        '        n2["KSTREAM-SINK-0000000002"]',
        '    end',
        '    n0 --> n1',
        '    t0[/"input"/] --> n0',
        '    n1 --> n2',
        '    n2 --> t1[/"out"/]',
        '',
      ].join('\n'),
    );
  });
});

describe('plan()', () => {
  it('lists sub-topologies, source/sink topics and unprefixed internal topics', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder
      .stream('words')
      .repartition(Repartitioned.with({ name: 'by-word' }))
      .to('counts');
    const plan = builder.build().plan();
    expect(plan.internalTopics).toEqual([{ name: 'by-word-repartition', kind: 'repartition' }]);
    expect(plan.subtopologies.map((s) => ({ id: s.id, sources: s.sourceTopics, sinks: s.sinkTopics }))).toEqual([
      {
        id: 0,
        sources: [{ name: 'words', internal: false }],
        sinks: [{ name: 'by-word-repartition', internal: true }],
      },
      {
        id: 1,
        sources: [{ name: 'by-word-repartition', internal: true }],
        sinks: [{ name: 'counts', internal: false }],
      },
    ]);
  });

  it('passes connected store builders to the sub-topology plan', () => {
    const topology = new Topology()
      .addSource('src', 'in', { keySerde: str, valueSerde: str })
      .addProcessor('p', () => ({ process: () => undefined }), 'src');
    topology.addStateStore(Stores.keyValueStoreBuilder('counts', str, str, { persistent: false }), 'p');
    const plan = topology.plan();
    expect(plan.subtopologies[0]!.stores?.map((s) => s.name)).toEqual(['counts']);
    expect(topology.describe().toString()).toContain('Processor: p (stores: [counts])');
  });
});

describe('validation', () => {
  const problemsOf = (fn: () => unknown): ReadonlyArray<string> => {
    try {
      fn();
    } catch (error) {
      if (error instanceof TopologyError) return error.problems;
      throw error;
    }
    throw new Error('expected a TopologyError');
  };

  it('names the node when a serde is missing', () => {
    const builder = new StreamsBuilder();
    builder
      .stream('in', Consumed.with({ keySerde: str, valueSerde: str }))
      .mapValues((v) => v.length)
      .to('out');
    expect(problemsOf(() => builder.build())).toEqual([
      'Sink KSTREAM-SINK-0000000002 has no value serde: pass it with Produced.with / Repartitioned.with, or set a default in new StreamsBuilder({ defaultKeySerde, defaultValueSerde })',
    ]);
    const sources = new StreamsBuilder();
    sources.stream('in').foreach(() => undefined);
    expect(problemsOf(() => sources.build())).toEqual([
      expect.stringMatching(/^Source KSTREAM-SOURCE-0000000000 has no key serde/),
      expect.stringMatching(/^Source KSTREAM-SOURCE-0000000000 has no value serde/),
    ]);
  });

  it('reports unknown stores, unknown parents and cycles', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').process(() => ({ process: () => undefined }), 'missing-store');
    expect(problemsOf(() => builder.build())).toEqual([
      'Processor KSTREAM-PROCESSOR-0000000001 uses an unknown state store: missing-store',
    ]);

    const topology = new Topology()
      .addSource('src', 'in', { keySerde: str, valueSerde: str })
      .addProcessor('a', () => ({ process: () => undefined }), 'src', 'b')
      .addProcessor('b', () => ({ process: () => undefined }), 'a')
      .addProcessor('c', () => ({ process: () => undefined }), 'nowhere');
    expect(problemsOf(() => topology.plan())).toEqual([
      'Processor c has an unknown parent: nowhere',
      'The processor graph has a cycle: a -> b -> a',
    ]);
  });

  it('rejects duplicate names and topics read twice', () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').filter(() => true, Named.as('f'));
    expect(() => builder.stream('other').filter(() => true, Named.as('f'))).toThrow(/A node named f already exists/);
    builder.stream('in');
    expect(problemsOf(() => builder.build())).toEqual([
      'Topic in is read by two sources: KSTREAM-SOURCE-0000000000 and KSTREAM-SOURCE-0000000002',
    ]);
  });
});
