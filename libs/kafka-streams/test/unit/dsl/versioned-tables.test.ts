// What Java refuses to build with versioned tables, and what the library does not offer yet: each is a build
// error naming the problem (Java's messages where Java has one). Behaviour is compared with Java by the
// conformance scenarios (conformance/scenarios/versioned.ts).
import { describe, expect, it } from '@jest/globals';
import {
  Consumed,
  Joined,
  Materialized,
  Serdes,
  Stores,
  StreamsBuilder,
  Suppressed,
  TopologyError,
  BufferConfig,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const versioned = (name: string) => Materialized.as<string, string>(Stores.persistentVersionedKeyValueStore(name, 100));

function problemsOf(build: (builder: StreamsBuilder) => void): string[] {
  const builder = new StreamsBuilder();
  build(builder);
  try {
    builder.build();
  } catch (error) {
    if (error instanceof TopologyError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('versioned tables: build errors', () => {
  it('a grace period needs a versioned table (Java: IllegalArgumentException)', () => {
    const joined = Joined.with(str, str, str).withGracePeriod(10);
    expect(
      problemsOf((b) => {
        b.stream('s', strings).join(b.table('t', strings, Materialized.as('plain')), (v, tv) => v + tv, joined);
      }),
    ).toEqual(['KTable must be versioned to use a grace period in a stream table join.']);
    expect(
      problemsOf((b) => {
        b.stream('s', strings).join(b.table('t', strings, versioned('vt')), (v, tv) => v + tv, joined);
      }),
    ).toEqual([]);
  });

  it('suppress() of a versioned table, even through a filter (Java: TopologyException)', () => {
    const problems = problemsOf((b) => {
      b.table('t', strings, versioned('vt'))
        .filter(() => true)
        .suppress(Suppressed.untilTimeLimit(10, BufferConfig.unbounded()));
    });
    expect(problems).toContain(
      'suppress() is only supported for non-versioned KTables (note that version semantics might be inherited from upstream)',
    );
  });

  it('global tables cannot be versioned, nor aggregations yet (said at once); foreign-key joins not yet', () => {
    expect(() => new StreamsBuilder().globalTable('g', strings, versioned('vg'))).toThrow(
      'GlobalTables cannot be versioned.',
    );
    const count = Materialized.as<string, number>(Stores.persistentVersionedKeyValueStore('vc', 100));
    expect(() => new StreamsBuilder().stream('s', strings).groupByKey().count(count)).toThrow(
      /The store vc: versioned stores materialize tables/,
    );
    expect(
      problemsOf((b) => {
        b.table('t', strings, versioned('vt')).join(
          b.table('u', strings),
          (v) => v,
          (v, u) => v + u,
        );
      }).join('\n'),
    ).toMatch(/foreign-key joins of versioned tables/);
  });

  it('a versioned store is queried through the test driver, not as a key-value store', () => {
    const builder = new StreamsBuilder();
    builder.table('t', strings, versioned('vt'));
    const driver = new TopologyTestDriver(builder.build());
    try {
      driver.createInputTopic('t', str, str).pipeInput('A', 'a1', 10);
      expect(driver.getVersionedKeyValueStore<string, string>('vt')?.get('A', 10)?.value).toBe('a1');
      expect(driver.getVersionedKeyValueStore('missing')).toBeUndefined();
    } finally {
      driver.close();
    }
  });
});
