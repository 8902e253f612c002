// emitStrategy(onWindowClose) on KafkaStreams against a real broker: a windowed count sends each window once, with
// its final count, when stream time passes its end + grace, and nothing before; a session reduce merges sessions;
// a session count with onWindowClose sends each session once, also across a restart on an empty state directory.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import {
  Consumed,
  EmitStrategy,
  Materialized,
  Produced,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  TimeWindows,
} from '../../src/index.js';
import { createTopics, kafka, readAll, uniqueName } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

describe('windowed aggregations on KafkaStreams', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('windowed-emit');
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await harness.closeAll();
    stateDirs.removeAll();
  });
  afterAll(() => admin.disconnect());

  it('emitStrategy(onWindowClose) sends each window once, when it closes; session reduce merges', async () => {
    const input = uniqueName('window-emit-in');
    const closed = uniqueName('window-emit-closed');
    const sessions = uniqueName('window-emit-sessions');
    const applicationId = uniqueName('window-emit-app');
    await createTopics(admin, [
      { topic: input, partitions: 1 },
      { topic: closed, partitions: 1 },
      { topic: sessions, partitions: 1 },
    ]);
    const builder = new StreamsBuilder();
    const grouped = builder.stream(input, Consumed.with(strings)).groupByKey();
    grouped
      .windowedBy(TimeWindows.ofSizeAndGrace(1_000, 100))
      .emitStrategy(EmitStrategy.onWindowClose())
      .count()
      .toStream()
      .map((w, n) => ({ key: `${w.key}@${w.window.startMs - base}`, value: `${n}` }))
      .to(closed, Produced.with(strings));
    grouped
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(500))
      // Every update and tombstone, as the assertion below lists them: without the record cache (with it, the updates
      // between two commits would leave merged).
      .reduce((a, b) => `${a}+${b}`, Materialized.as<string, string>('merged-sessions').withCachingDisabled())
      .toStream()
      .map((w, v) => ({ key: `${w.key}@${w.window.startMs - base}`, value: v ?? 'null' }))
      .to(sessions, Produced.with(strings));

    // An hour ago, on a whole second, so the windows are [base, base + 1000), ...
    const base = Math.floor((Date.now() - 3_600_000) / 1_000) * 1_000;
    const at = (key: string, value: string, offsetMs: number) => ({ key, value, timestamp: base + offsetMs });
    await produce(client, input, [
      at('A', 'a1', 100),
      at('A', 'a2', 900),
      at('B', 'b1', 500),
      at('A', 'a3', 1_050), // stream time 1050 < 1000 + 100: [0, 1000) still open
      at('A', 'a4', 1_200), // closes [0, 1000): A=2, B=1
      at('B', 'b2', 400), // late for [0, 1000) and for B's session (500 + gap 500 < 1200): dropped
      at('A', 'a5', 2_500), // closes [1000, 2000): A=2
    ]);
    await harness.startRunning(builder.build(), applicationId, { stateDir: stateDirs.create() });

    const windows = await readAll(client, closed, { expected: 3, idleMs: 3_000 });
    expect(windows.map((r) => `${r.key}=${r.value}`)).toEqual(['A@0=2', 'B@0=1', 'A@1000=2']);
    // Gap 500: a2 starts its own session, a3 and a4 extend it (a tombstone for each session replaced); b2 is late.
    const merged = await readAll(client, sessions, { expected: 8, idleMs: 3_000 });
    expect(merged.map((r) => `${r.key}=${r.value}`)).toEqual([
      'A@100=a1',
      'A@900=a2',
      'B@500=b1',
      'A@900=null',
      'A@900=a2+a3',
      'A@900=null',
      'A@900=a2+a3+a4',
      'A@2500=a5',
    ]);
  });

  it('session emitStrategy(onWindowClose) sends each closed session once, none again after a restart', async () => {
    const input = uniqueName('session-emit-in');
    const closed = uniqueName('session-emit-closed');
    const applicationId = uniqueName('session-emit-app');
    await createTopics(admin, [
      { topic: input, partitions: 1 },
      { topic: closed, partitions: 1 },
    ]);
    // On a whole minute an hour ago: every session falls in one segment of the persistent store (60 s).
    const base = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
    const at = (key: string, offsetMs: number) => ({ key, value: 'x', timestamp: base + offsetMs });
    const topology = () => {
      const builder = new StreamsBuilder();
      builder
        .stream(input, Consumed.with(strings))
        .groupByKey()
        .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(500))
        .emitStrategy(EmitStrategy.onWindowClose())
        .count()
        .toStream()
        .map((w, n) => ({ key: `${w.key}[${w.window.startMs - base},${w.window.endMs - base}]`, value: `${n}` }))
        .to(closed, Produced.with(strings));
      return builder.build();
    };
    const results = async (expected: number) =>
      (await readAll(client, closed, { expected, idleMs: 3_000 })).map((r) => `${r.key}=${r.value}`);

    await produce(client, input, [at('A', 100), at('A', 300), at('B', 400), at('A', 1_500), at('B', 1_600)]);
    const first = await harness.startRunning(topology(), applicationId, { stateDir: stateDirs.create() });
    // Stream time 1600, close time 1100: A[100,300] and B[400,400] have closed; A[1500,1500] and B[1600,1600] not.
    expect(await results(3)).toEqual(['A[100,300]=2', 'B[400,400]=1']);
    await first.close({ timeoutMs: 10_000 });

    // An empty state directory: the sessions come back from the changelog, the committed stream time tells which
    // of them were sent already.
    await harness.startRunning(topology(), applicationId, { stateDir: stateDirs.create() });
    await produce(client, input, [at('A', 1_700), at('C', 3_000), at('C', 4_000)]);
    // Read one more than expected: a session sent again would show.
    expect(await results(6)).toEqual([
      'A[100,300]=2',
      'B[400,400]=1',
      'B[1600,1600]=1', // closed at 3000 (close time 2500), sent by end then key
      'A[1500,1700]=2',
      'C[3000,3000]=1', // closed at 4000 (close time 3500)
    ]);
  });
});
