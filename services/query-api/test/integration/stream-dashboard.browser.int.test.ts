// The dashboard's stream panels in headless Chromium on the real broker, with the whole demo running (two
// word-count instances, the producer, the demo feed): the topology drawn by Mermaid, each instance with its tasks,
// throughput and latency charts, a word's windowed counts, the dead letters — then an instance killed, shown
// unreachable, and its tasks seen moving to the other one. With DASHBOARD_SCREENSHOTS=<dir>, the screenshots of
// the README (light and dark, desktop and phone) are written there.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type kafkajs from 'kafkajs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { kafka, waitFor } from '../../../../test/support/kafka.js';
import { chromiumPath } from '../support/chromium.js';
import { startStreamSystem, type StreamSystem } from '../support/stream-system.js';

jest.setTimeout(300_000);

const SCREENSHOTS = process.env.DASHBOARD_SCREENSHOTS;
const FEED_RATE = 40;
/** Two sub-topologies over four partitions. */
const TASKS = ['0_0', '0_1', '0_2', '0_3', '1_0', '1_1', '1_2', '1_3'];

/** Waits until `read()` gives a value `accept` takes; returns it. The last value read names a timeout. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  let last: T | undefined;
  await waitFor(
    async () => accept((last = await read())),
    timeoutMs,
    () => `a value, last ${JSON.stringify(last)}`,
  );
  return last!;
}

/** The number at the start of `text` ("1,234 words/s in ..." → 1234), NaN if none. */
const leadingNumber = (text: string): number => Number(/^[\d,.]+/.exec(text)?.[0]?.replaceAll(',', '') ?? NaN);

describe('the stream panels in Chromium, with the demo running', () => {
  const client = kafka();
  let admin: kafkajs.Admin;
  let producer: kafkajs.Producer;
  let browser: Browser;
  let system: StreamSystem;
  const problems: string[] = [];

  beforeAll(async () => {
    const executablePath = chromiumPath();
    admin = client.admin();
    producer = client.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    system = await startStreamSystem(admin, FEED_RATE);
    // A sentence without a value: word-count sends it to its dead-letter topic with the error.
    await producer.send({ topic: system.topics.sentences, messages: [{ key: 'broken', value: null }] });
    browser = await chromium.launch({ executablePath });
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  async function open(options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
    // Reduced motion: no row caught mid-slide in a screenshot while the feed reorders the chart.
    const page = await browser.newPage({
      viewport: { width: 1280, height: 900 },
      locale: 'en-US',
      reducedMotion: 'reduce',
      ...options,
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(system.url);
    return page;
  }

  /** Task id → [instance key, role] as the page shows them. */
  async function tasksShown(page: Page): Promise<Map<string, [string, string]>> {
    const rows = await page
      .locator('.instance .task')
      .evaluateAll((elements) =>
        elements.map((row) => [
          row.getAttribute('data-task'),
          row.closest('.instance')?.getAttribute('data-key'),
          row.getAttribute('data-role'),
        ]),
      );
    return new Map(rows.map(([task, key, role]) => [task ?? '', [key ?? '', role ?? '']]));
  }

  const instanceKey = (port: number) => `127.0.0.1:${port}`;

  it('shows every panel with real data', async () => {
    const page = await open();

    // 1. The topology, drawn by Mermaid from word-count's describe(), with its internal topics.
    await page.locator('#topology-figure svg').waitFor({ timeout: 60_000 });
    expect(await page.locator('#topology-figure svg .cluster').count()).toBe(2);
    expect(await page.locator('#topology-figure svg').textContent()).toContain('KSTREAM-AGGREGATE-0000000003');
    expect(await page.locator('#internal-topics code').allTextContents()).toEqual(
      [
        `${system.topics.applicationId}-windowed-word-counts-changelog`,
        `${system.topics.applicationId}-word-counts-changelog`,
        `${system.topics.applicationId}-words-repartition`,
      ].sort(),
    );

    // 2. Both instances up, the eight tasks between them, each active with its lag.
    await page.locator('#word-count-indicator .indicator-value', { hasText: '2 of 2 up' }).waitFor();
    await eventually(
      async () => [...(await tasksShown(page)).keys()].sort(),
      (tasks) => tasks.join() === TASKS.join(),
      60_000,
    );
    const owners = new Set([...(await tasksShown(page)).values()].map(([key]) => key));
    expect(owners).toEqual(new Set(system.wordCountPorts.map(instanceKey)));
    expect(await page.locator('#instances-unavailable').isHidden()).toBe(true);

    // 3. Words in and counts out per second, and the end-to-end latency, from the feed.
    await eventually(
      async () => leadingNumber((await page.locator('#throughput-now').textContent()) ?? ''),
      (wordsIn) => wordsIn > 0,
      60_000,
    );
    expect(await page.locator('#throughput-now').textContent()).toMatch(/^[\d,]+ words\/s in · [\d,]+ counts\/s out$/);
    await eventually(
      async () => (await page.locator('#latency-now').textContent()) ?? '',
      (latency) => /^p50 [\d,]+ ms · p99 [\d,]+ ms$/.test(latency),
      30_000,
    );
    expect(await page.locator('#throughput-chart canvas').count()).toBe(1);
    expect(await page.locator('#latency-chart canvas').count()).toBe(1);

    // 4. A word's windowed counts as a chart next to the search.
    await page.getByLabel('Word or prefix').fill('the');
    await page.locator('#search-results .result', { hasText: /^the/ }).first().click();
    await page.locator('#detail-word', { hasText: 'the' }).waitFor();
    await page.locator('#detail-windows canvas').waitFor();
    const caption = (await page.locator('#detail-windows-caption').textContent()) ?? '';
    expect(caption).toMatch(/ in the last hour, in 1-minute windows$/);
    expect(leadingNumber(caption)).toBeGreaterThan(0);

    // 5. The dead letter, with its error.
    await page.locator('#dead-letters .dead-letter').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('#dead-letters-count').textContent()).toBe('1');
    expect(await page.locator('#dead-letters-topic').textContent()).toBe(system.topics.deadLetters);
    expect(await page.locator('#dead-letters .dead-letter .exception').first().textContent()).not.toBe('');
    expect(await page.locator('#dead-letters .dead-letter .source').first().textContent()).toMatch(
      new RegExp(`^from ${system.topics.sentences}-\\d+@\\d+$`),
    );

    await page.waitForTimeout(3_000); // a few more points on the charts
    if (SCREENSHOTS) {
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-light-desktop.png'), fullPage: true });
      for (const [name, options] of [
        ['dashboard-dark-desktop.png', { colorScheme: 'dark' as const }],
        ['dashboard-light-phone.png', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }],
        [
          'dashboard-dark-phone.png',
          { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'dark' as const },
        ],
      ] as const) {
        const other = await open(options);
        await other.locator('#topology-figure svg').waitFor({ timeout: 30_000 });
        await other.locator('#instances .instance').first().waitFor();
        await other.waitForTimeout(3_000);
        await other.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
        await other.close();
      }
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a killed instance as unreachable and its tasks moving to the other one', async () => {
    const page = await open();
    const [survivorPort, victimPort] = system.wordCountPorts as [number, number];
    await eventually(
      async () => (await tasksShown(page)).size,
      (size) => size === TASKS.length,
      30_000,
    );
    const before = await tasksShown(page);
    const moving = [...before].filter(([, [key]]) => key === instanceKey(victimPort)).map(([task]) => task);
    expect(moving.length).toBeGreaterThan(0);

    system.wordCounts[1]!.process.kill('SIGKILL');
    const victim = page.locator(`.instance[data-key="${instanceKey(victimPort)}"]`);
    await victim.and(page.locator('[data-status="unreachable"]')).waitFor({ timeout: 10_000 });
    expect(await victim.locator('.instance-meta').textContent()).toContain('unreachable');
    await page.locator('#instances-unavailable', { hasText: '1 of 2 instances do not answer' }).waitFor();
    await page.locator('#word-count-indicator .indicator-value', { hasText: '1 of 2 up' }).waitFor();

    // The group notices after SESSION_TIMEOUT_MS; the survivor restores the tasks' stores, then runs them.
    await eventually(
      async () => {
        const now = await tasksShown(page);
        return moving.filter((task) => now.get(task)?.join() === `${instanceKey(survivorPort)},active`);
      },
      (moved) => moved.length === moving.length,
      90_000,
    );
    if (SCREENSHOTS)
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-instance-killed.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
