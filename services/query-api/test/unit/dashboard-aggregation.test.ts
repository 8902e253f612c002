// The dashboard's aggregation: which word-count instances are asked and shown (configured, discovered through the
// members they name, forgotten once gone), throughput from counters that restart when tasks move, latency
// percentiles, and the latest dead letters across partitions.
import { describe, expect, it } from '@jest/globals';
import { DeadLetterTail, type DeadLetterView, LATEST_DEAD_LETTERS, preview } from '../../src/dashboard/dead-letters.js';
import { type InstanceAnswer, InstanceDirectory, type InstanceView } from '../../src/dashboard/instance-directory.js';
import { ThroughputMeter } from '../../src/dashboard/throughput-meter.js';
import type { InstanceReport, TaskReport } from '../../src/dashboard/word-count-reports.js';

const task = (id: string, processed = 0, role: TaskReport['role'] = 'active'): TaskReport => {
  const [subtopology, partition] = id.split('_').map(Number) as [number, number];
  return { id, subtopology, partition, role, lag: 0, processed, deadLettered: 0, restore: null };
};

const report = (server: string, members: string[], tasks: TaskReport[] = []): InstanceReport => ({
  instanceId: `wc-${server.split(':')[1]}`,
  applicationServer: server,
  members,
  state: 'RUNNING',
  rebalances: 1,
  tasks,
});

const up = (url: string, r: InstanceReport): InstanceAnswer => ({ url, report: r });
const down = (url: string): InstanceAnswer => ({ url, error: 'ECONNREFUSED' });

describe('InstanceDirectory', () => {
  it('asks the configured URLs, then also the members they name, once each', () => {
    const directory = new InstanceDirectory(['http://a:1'], 60_000);
    expect(directory.targets()).toEqual(['http://a:1']);
    const views = directory.observe([up('http://a:1', report('a:1', ['a:1', 'b:2']))], 0);
    expect(views.map(({ key, status }) => [key, status])).toEqual([['a:1', 'up']]);
    expect(directory.targets()).toEqual(['http://a:1', 'http://b:2']);
  });

  it('keys an instance by its APPLICATION_SERVER, whatever URL reached it (a Service in front of the pods)', () => {
    const directory = new InstanceDirectory(['https://word-count:8080'], 60_000);
    const views = directory.observe(
      [up('https://word-count:8080', report('word-count-0.headless:8080', ['word-count-0.headless:8080']))],
      0,
    );
    expect(views.map(({ key, url }) => [key, url])).toEqual([
      ['word-count-0.headless:8080', 'https://word-count:8080'],
    ]);
    expect(directory.targets()).toEqual(['https://word-count:8080', 'https://word-count-0.headless:8080']);
    const again = directory.observe(
      [
        up('https://word-count:8080', report('word-count-0.headless:8080', ['word-count-0.headless:8080'])),
        up('https://word-count-0.headless:8080', report('word-count-0.headless:8080', ['word-count-0.headless:8080'])),
      ],
      1_000,
    );
    expect(again).toHaveLength(1);
  });

  it('shows a configured instance that does not answer as unreachable, with the reason, always', () => {
    const directory = new InstanceDirectory(['http://a:1', 'http://b:2'], 1_000);
    const views = directory.observe([up('http://a:1', report('a:1', ['a:1'])), down('http://b:2')], 10_000_000);
    expect(views).toEqual([
      expect.objectContaining({ key: 'a:1', status: 'up' }),
      {
        key: 'b:2',
        url: 'http://b:2',
        status: 'unreachable',
        error: 'ECONNREFUSED',
        instanceId: null,
        state: null,
        tasks: [],
      },
    ]);
  });

  it('shows a discovered instance that stopped answering until no member names it for forgetAfterMs', () => {
    const directory = new InstanceDirectory(['http://a:1'], 5_000);
    directory.observe([up('http://a:1', report('a:1', ['a:1', 'b:2']))], 0);
    // b stops; a still names it (the group has not noticed yet).
    let views = directory.observe([up('http://a:1', report('a:1', ['a:1', 'b:2'])), down('http://b:2')], 1_000);
    expect(views.map(({ key, status }) => [key, status])).toEqual([
      ['a:1', 'up'],
      ['b:2', 'unreachable'],
    ]);
    // The group noticed: a names itself only. b stays shown a while, then goes.
    views = directory.observe([up('http://a:1', report('a:1', ['a:1'])), down('http://b:2')], 5_000);
    expect(views.map(({ key }) => key)).toEqual(['a:1', 'b:2']);
    views = directory.observe([up('http://a:1', report('a:1', ['a:1'])), down('http://b:2')], 6_001);
    expect(views.map(({ key }) => key)).toEqual(['a:1']);
    expect(directory.targets()).toEqual(['http://a:1']);
  });
});

const view = (key: string, tasks: TaskReport[], status: InstanceView['status'] = 'up'): InstanceView => ({
  key,
  url: `http://${key}`,
  status,
  error: null,
  instanceId: key,
  state: 'RUNNING',
  tasks,
});

describe('ThroughputMeter', () => {
  it("rates the counting sub-topology's processed records per second, summed over instances", () => {
    const meter = new ThroughputMeter(60_000);
    expect(
      meter.tick(0, [view('a', [task('1_0', 100), task('0_0', 5_000)]), view('b', [task('1_1', 50)])], 1),
    ).toMatchObject({ wordsIn: null, countsOut: 0 });
    const point = meter.tick(
      2_000,
      [view('a', [task('1_0', 300), task('0_0', 9_000)]), view('b', [task('1_1', 250)])],
      1,
    );
    expect(point.wordsIn).toBe(200); // (200 + 200) / 2 s; sub-topology 0 (sentences) left out
  });

  it('counts nothing for a task that moved (its counter restarts elsewhere), never a negative rate', () => {
    const meter = new ThroughputMeter(60_000);
    meter.tick(0, [view('a', [task('1_0', 1_000)]), view('b', [task('1_1', 1_000)])], 1);
    // b died; a took 1_1 over and has processed 30 of it so far; 1_0 went on.
    const point = meter.tick(
      1_000,
      [view('a', [task('1_0', 1_100), task('1_1', 30)]), view('b', [], 'unreachable')],
      1,
    );
    expect(point.wordsIn).toBe(100);
    // A counter that went down (the task left and came back) is not counted either.
    expect(meter.tick(2_000, [view('a', [task('1_0', 10), task('1_1', 60)])], 1).wordsIn).toBe(30);
  });

  it('has no words/s when no instance answers or the topology is not known', () => {
    const meter = new ThroughputMeter(60_000);
    meter.tick(0, [view('a', [], 'unreachable')], 1);
    expect(meter.tick(1_000, [view('a', [], 'unreachable')], 1).wordsIn).toBeNull();
    expect(meter.tick(2_000, [view('a', [task('1_0', 5)])], undefined).wordsIn).toBeNull();
  });

  it('rates count updates and takes latency percentiles of those since the previous point', () => {
    const meter = new ThroughputMeter(60_000);
    meter.tick(0, [], 1);
    for (let i = 1; i <= 100; i += 1) meter.recordChange(10_000 - i * 10, 10_000); // latencies 10..1000 ms
    const point = meter.tick(4_000, [], 1);
    expect(point).toMatchObject({ countsOut: 25, latencyP50Ms: 510, latencyP99Ms: 1_000 });
    expect(meter.tick(5_000, [], 1)).toMatchObject({ countsOut: 0, latencyP50Ms: null, latencyP99Ms: null });
  });

  it('keeps historyMs of points', () => {
    const meter = new ThroughputMeter(3_000);
    for (let t = 0; t <= 10_000; t += 1_000) meter.tick(t, [], 1);
    expect(meter.points().map(({ t }) => t)).toEqual([8_000, 9_000, 10_000]);
  });
});

const letter = (partition: number, offset: number, timestamp: string): DeadLetterView => ({
  partition,
  offset: String(offset),
  timestamp,
  key: null,
  value: `sentence ${partition}/${offset}`,
  exception: 'Error',
  message: 'boom',
  source: null,
});

describe('DeadLetterTail', () => {
  it('counts every dead letter and keeps the newest by timestamp, whatever order partitions are read in', () => {
    const tail = new DeadLetterTail();
    const second = (s: number) => `2026-11-24T10:00:${String(s).padStart(2, '0')}.000Z`;
    // Partition 1 read entirely before partition 0.
    for (let i = 0; i < 10; i += 1) tail.add(letter(1, i, second(i * 2)));
    for (let i = 0; i < 10; i += 1) tail.add(letter(0, i, second(i * 2 + 1)));
    expect(tail.count).toBe(20);
    expect(tail.latest()).toHaveLength(LATEST_DEAD_LETTERS);
    expect(tail.latest().map(({ partition, offset }) => `${partition}@${offset}`)).toEqual([
      '0@9',
      '1@9',
      '0@8',
      '1@8',
      '0@7',
      '1@7',
      '0@6',
      '1@6',
    ]);
  });

  it('cuts long texts to a preview', () => {
    expect(preview('short')).toBe('short');
    expect(preview(null)).toBeNull();
    const cut = preview('x'.repeat(1_000))!;
    expect(cut).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
  });
});
