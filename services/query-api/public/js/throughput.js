// Throughput (words/s in, counts/s out) and end-to-end latency over the last minutes, kept from the stream.
import { formatCount } from './format.js';
import { timeChart } from './time-chart.js';

const $ = (id) => document.getElementById(id);
const rate = (value) => (value === null ? '–' : formatCount(Math.round(value)));
const ms = (value) => (value === null ? '–' : `${formatCount(Math.round(value))} ms`);

export class ThroughputPanel {
  constructor() {
    /** @type {Array<any>} */
    this.points = [];
    this.historyMs = 300_000;
    this.rates = timeChart($('throughput-chart'), {
      series: [
        { label: 'words/s in', color: '--bar-from' },
        { label: 'counts/s out', color: '--ok', dash: [6, 4] },
      ],
      unit: 'per second',
    });
    this.latency = timeChart($('latency-chart'), {
      series: [
        { label: 'p50', color: '--accent' },
        { label: 'p99', color: '--warn' },
      ],
      unit: 'ms',
    });
  }

  /** Adds the points of a snapshot (the whole history first, then one point per round). */
  add({ historyMs, points }) {
    this.historyMs = historyMs;
    const last = this.points.at(-1)?.t ?? 0;
    this.points.push(...points.filter((point) => point.t > last));
    const oldest = (this.points.at(-1)?.t ?? 0) - historyMs;
    this.points = this.points.filter((point) => point.t > oldest);
    const x = this.points.map((point) => point.t / 1000);
    this.rates.setData([x, this.points.map((p) => p.wordsIn), this.points.map((p) => p.countsOut)]);
    this.latency.setData([x, this.points.map((p) => p.latencyP50Ms), this.points.map((p) => p.latencyP99Ms)]);
    const now = this.points.at(-1);
    if (!now) return;
    $('throughput-now').textContent = `${rate(now.wordsIn)} words/s in · ${rate(now.countsOut)} counts/s out`;
    $('latency-now').textContent = `p50 ${ms(now.latencyP50Ms)} · p99 ${ms(now.latencyP99Ms)}`;
    $('throughput-chart').setAttribute(
      'aria-label',
      `Words per second in and counts per second out over the last ${Math.round(historyMs / 60_000)} minutes; now ${$('throughput-now').textContent}`,
    );
    $('latency-chart').setAttribute('aria-label', `End-to-end latency; now ${$('latency-now').textContent}`);
  }
}
