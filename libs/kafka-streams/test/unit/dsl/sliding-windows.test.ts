import { describe, it, expect } from '@jest/globals';
import {
  Consumed,
  Materialized,
  Produced,
  Serdes,
  SlidingWindows,
  StreamsBuilder,
  Suppressed,
  longAsNumberSerde,
  timeWindowedSerde,
  type KTable,
  type Windowed,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';
import { valueAndTimestampSerde } from '../../../src/internal/state/timestamped-window-store.js';

const str = Serdes.String();
const long = longAsNumberSerde();
const strings = Consumed.with({ keySerde: str, valueSerde: str });
const D = 10;
const windowedKey = timeWindowedSerde(str, D);

type Windows = (bb: StreamsBuilder) => KTable<Windowed<string>, number>;

function driverFor(table: Windows, output = 'out'): TopologyTestDriver {
  const b = new StreamsBuilder();
  table(b)
    .toStream()
    .to(output, Produced.with({ keySerde: windowedKey, valueSerde: long }));
  return new TopologyTestDriver(b.build(), { applicationId: 'app' });
}

const counting =
  (windows: SlidingWindows, storeName = 'sliding'): Windows =>
  (bb) =>
    bb.stream('in', strings).groupByKey().windowedBy(windows).count(Materialized.as(storeName));

/** [start, end, value] of each windowed record, in output order. */
function updates(driver: TopologyTestDriver, topic = 'out'): Array<[number, number, number]> {
  return driver
    .createOutputTopic(topic, windowedKey, long)
    .readKeyValuesToList()
    .map(({ key, value }) => [key.window.startMs, key.window.endMs, value]);
}

function storedCounts(driver: TopologyTestDriver, key: string): Map<number, number> {
  const entries = driver.getWindowStore<string, number>('sliding')?.fetchRange(key, 0, Number.MAX_SAFE_INTEGER) ?? [];
  return new Map(entries.map((e) => [e.windowStartMs, e.value]));
}

/**
 * The sliding windows of a set of record timestamps, by definition: each record's left window [t - d, t]
 * ([0, d] for t < d) and, when a record follows within d, its right window [t + 1, t + 1 + d]; each window
 * counts the records inside it (both ends included).
 */
function slidingCountsByDefinition(timestamps: ReadonlyArray<number>, d: number): Map<number, number> {
  const starts = new Set<number>();
  for (const t of timestamps) {
    starts.add(Math.max(0, t - d));
    if (timestamps.some((other) => other > t && other <= t + 1 + d)) starts.add(t + 1);
  }
  const counts = [...starts]
    .sort((a, b) => a - b)
    .map((start): [number, number] => [start, timestamps.filter((t) => t >= start && t <= start + d).length]);
  return new Map(counts);
}

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('sliding windows', () => {
  it('creates the left window of each record and the right windows records fall into, ends included', () => {
    const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceWithNoGrace(D)));
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'a', 100);
    expect(updates(driver)).toEqual([[90, 100, 1]]);
    input.pipeInput('k', 'b', 110); // exactly d later: shares [100, 110] with the first record
    expect(updates(driver)).toEqual([
      [101, 111, 1], // right window of 100, created by the record in it
      [100, 110, 2], // left window of 110
    ]);
    input.pipeInput('k', null as unknown as string, 111); // no value: nothing to aggregate
    input.pipeInput(null as unknown as string, 'no key', 111);
    expect(updates(driver)).toEqual([]);
    input.pipeInput('k', 'c', 111);
    expect(updates(driver)).toEqual([
      [101, 111, 2], // left window of 111 already existed as 100's right window
      [111, 121, 1], // right window of 110
    ]);
    // The store keeps windows starting at most 2d + grace before the newest one (111): [90, 100] is gone from it,
    // but the record cache still holds it, and a read answers it, as Java's cached store does.
    expect(storedCounts(driver, 'k')).toEqual(slidingCountsByDefinition([100, 110, 111], D));
  });

  it('an out-of-order record updates the windows containing it and creates its own', () => {
    const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceAndGrace(D, 20)));
    const input = driver.createInputTopic('in', str, str);
    for (const t of [100, 105, 120]) input.pipeInput('k', 'v', t);
    updates(driver);
    input.pipeInput('k', 'late but in grace', 108);
    expect(updates(driver)).toEqual([
      [101, 111, 2], // contains 105 and 108
      [106, 116, 1], // right window of 105
      [98, 108, 3], // 100, 105, 108
    ]);
    expect(storedCounts(driver, 'k')).toEqual(slidingCountsByDefinition([100, 105, 120, 108], D));
  });

  it('records before the time difference share the window [0, d]', () => {
    const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceAndGrace(D, 100)));
    const input = driver.createInputTopic('in', str, str);
    for (const t of [2, 5, 3]) input.pipeInput('k', 'v', t);
    expect(storedCounts(driver, 'k')).toEqual(
      new Map([
        [0, 3],
        [3, 2],
        [4, 1],
      ]),
    );
  });

  it('matches the definition for shuffled input with repeated timestamps (seeded)', () => {
    for (const seed of [1, 7, 42, 1234, 99_999]) {
      const next = random(seed);
      const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceAndGrace(D, 10_000)));
      const input = driver.createInputTopic('in', str, str);
      const sent = new Map<string, number[]>([
        ['a', []],
        ['b', []],
      ]);
      for (let i = 0; i < 80; i++) {
        const key = next() < 0.5 ? 'a' : 'b';
        const t = Math.floor(next() * 120);
        sent.get(key)!.push(t);
        input.pipeInput(key, 'v', t);
      }
      for (const [key, timestamps] of sent) {
        expect({ seed, key, windows: storedCounts(driver, key) }).toEqual({
          seed,
          key,
          windows: slidingCountsByDefinition(timestamps, D),
        });
      }
      // The last update of each window is its stored count.
      const lastUpdates = new Map(
        driver
          .createOutputTopic('out', windowedKey, long)
          .readKeyValuesToList()
          .map(({ key, value }) => [`${key.key}@${key.window.startMs}`, value]),
      );
      const stored = [...sent.keys()].flatMap((key) =>
        [...storedCounts(driver, key)].map(([start, count]): [string, number] => [`${key}@${start}`, count]),
      );
      expect(lastUpdates).toEqual(new Map(stored));
    }
  });

  it('drops updates of windows closed by grace and counts them as late', () => {
    const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceAndGrace(D, 5)));
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'v', 100);
    input.pipeInput('k', 'v', 130); // stream time 130: windows ending before 125 are closed
    updates(driver);
    input.pipeInput('k', 'all windows closed', 112); // [112, 122] is the newest window it could be in
    expect(driver.metrics().droppedLateRecords).toBe(1);
    expect(updates(driver)).toEqual([]);
    input.pipeInput('k', 'left window closed', 121); // [111, 121] closed; [120, 130] still open
    expect(updates(driver)).toEqual([
      [120, 130, 2],
      [122, 132, 1], // its right window holds 130
    ]);
    expect(driver.metrics().droppedLateRecords).toBe(2);
    expect(driver.logs.some((l) => l.level === 'debug' && /late record dropped/.test(l.message))).toBe(true);
  });

  it('a window ending exactly at stream time - grace still takes records', () => {
    const driver = driverFor(counting(SlidingWindows.ofTimeDifferenceAndGrace(D, 5)));
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'v', 100);
    input.pipeInput('k', 'v', 105); // close time 100
    updates(driver);
    input.pipeInput('k', 'v', 95);
    expect(updates(driver)).toEqual([
      [95, 105, 3], // existing windows newest first, as Java
      [90, 100, 2], // ends at the close time: open
      [96, 106, 2], // right window of 95: 100 and 105
    ]);
    expect(driver.metrics().droppedLateRecords).toBe(1); // its left window [85, 95] had closed
  });

  it('suppress emits each window once, after stream time passes its end + grace', () => {
    const b = new StreamsBuilder();
    b.stream('in', strings)
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(D, 5))
      .count()
      .suppress(Suppressed.untilWindowCloses())
      .toStream()
      .to('final', Produced.with({ keySerde: windowedKey, valueSerde: long }));
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'v', 100);
    input.pipeInput('k', 'v', 105); // stream time = end of [90, 100] + grace: the window is still open
    input.pipeInput('k', 'v', 100); // ... so this record still counts in it
    expect(updates(driver, 'final')).toEqual([]);
    input.pipeInput('k', 'v', 106);
    expect(updates(driver, 'final')).toEqual([[90, 100, 2]]);
    input.pipeInput('k', 'v', 200);
    expect(updates(driver, 'final')).toEqual([
      [95, 105, 3],
      [96, 106, 4],
      [101, 111, 2],
      [106, 116, 1],
    ]);
  });

  it('reduce and aggregate; a named, logged store of aggregates with their newest record timestamps', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in', strings).groupByKey().windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(D));
    grouped
      .reduce((a, v) => `${a}${v}`, Materialized.as('letters'))
      .toStream()
      .to('reduced', Produced.with({ keySerde: windowedKey, valueSerde: str }));
    grouped
      .aggregate(
        () => 0,
        (_k, v, sum) => sum + v.length,
        Materialized.as<string, number>('lengths').withValueSerde(long).withRetention(1000),
      )
      .toStream()
      .to('summed', Produced.with({ keySerde: windowedKey, valueSerde: long }));
    const topology = b.build();
    expect(topology.plan().subtopologies.flatMap((s) => (s.stores ?? []).map((st) => [st.name, st.kind]))).toEqual([
      ['letters', 'window'],
      ['lengths', 'window'],
    ]);
    const driver = new TopologyTestDriver(topology, { applicationId: 'app' });
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'a', 100);
    input.pipeInput('k', 'bb', 104);
    expect(
      driver
        .createOutputTopic('reduced', windowedKey, str)
        .readKeyValuesToList()
        .map(({ key, value }) => [key.window.startMs, value]),
    ).toEqual([
      [90, 'a'],
      [101, 'bb'],
      [94, 'abb'],
    ]);
    expect(driver.createOutputTopic('summed', windowedKey, long).readValuesToList()).toEqual([1, 2, 3]);
    expect(driver.getWindowStore<string, string>('letters')?.fetch('k', 94)).toBe('abb');
    const changelog = driver
      .createOutputTopic('app-letters-changelog', Serdes.Bytes(), valueAndTimestampSerde(str))
      .readValuesToList();
    expect(changelog.at(-1)).toEqual({ value: 'abb', timestamp: 104 });
  });

  it('reports a retention shorter than 2 * time difference + grace', () => {
    const b = new StreamsBuilder();
    b.stream('in', strings)
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(D, 5))
      .count(Materialized.as<string, number>('short').withRetention(24));
    expect(() => b.build().plan()).toThrow(/retention of the window store short \(24 ms\) must be at least .*25 ms/);
  });
});
