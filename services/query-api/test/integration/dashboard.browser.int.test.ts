// The dashboard in a real browser (headless Chromium) on the real broker: counts appear as records arrive,
// search finds them, the header shows a live connection and a ready service. Screenshots go to
// .local/screenshots/ (git-ignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type kafkajs from 'kafkajs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import { startOnBroker } from '../support/broker-app.js';
import { chromiumPath } from '../support/chromium.js';
import { WordCountRecords } from '../support/word-count-records.js';

jest.setTimeout(120_000);

const SCREENSHOTS = fileURLToPath(new URL('../../../../.local/screenshots/', import.meta.url));
const WINDOW_SIZE_MS = 60_000;

describe('dashboard in Chromium', () => {
  const client = kafka();
  let admin: kafkajs.Admin;
  let producer: kafkajs.Producer;
  let browser: Browser;
  let app: NestExpressApplication;
  let records: WordCountRecords;
  let url: string;

  beforeAll(async () => {
    const executablePath = chromiumPath();
    admin = client.admin();
    producer = client.producer();
    await Promise.all([admin.connect(), producer.connect()]);
    const topics = { counts: uniqueName('word-counts'), windowed: uniqueName('word-counts-windowed') };
    await createTopics(admin, [
      { topic: topics.counts, partitions: 3, compacted: true },
      { topic: topics.windowed, partitions: 3 },
    ]);
    records = new WordCountRecords(producer, topics, WINDOW_SIZE_MS);
    app = await startOnBroker({ topics });
    url = await app.getUrl();
    browser = await chromium.launch({ executablePath });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await Promise.all([admin?.disconnect(), producer?.disconnect()]);
  });

  /** The words of the chart, top first, with their counts as shown. */
  async function chart(page: Page): Promise<Array<[string, string]>> {
    const rows = page.locator('#top-words .bar-row');
    const words = await rows.locator('.bar-word').allTextContents();
    const counts = await rows.locator('.bar-count').allTextContents();
    return words.map((word, i) => [word, counts[i]!]);
  }

  it('shows counts as records arrive, live, and finds words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(url);

    await page.locator('#top-empty').waitFor({ state: 'visible' }); // nothing counted yet
    await page.locator('#connection .indicator-value', { hasText: 'live' }).waitFor();
    await page.locator('#health .indicator-value', { hasText: 'ready' }).waitFor();

    const now = Date.now();
    const minute = Math.floor(now / WINDOW_SIZE_MS) * WINDOW_SIZE_MS;
    await records.counts({ stream: 42, kafka: 30, table: 12, state: 7, store: 5 });
    await records.windowed(
      Array.from({ length: 30 }, (_, i) => ({
        word: 'stream',
        startMs: minute - i * WINDOW_SIZE_MS,
        count: 2 + ((i * 7) % 11),
      })),
    );
    await page.locator('#top-words .bar-row', { hasText: 'store' }).waitFor({ timeout: 20_000 });
    expect(await chart(page)).toEqual([
      ['stream', '42'],
      ['kafka', '30'],
      ['table', '12'],
      ['state', '7'],
      ['store', '5'],
    ]);

    // A change moves a word up the chart, without reloading.
    await records.counts({ kafka: 1_234 });
    await page.locator('#top-words .bar-row:first-child .bar-word', { hasText: 'kafka' }).waitFor({ timeout: 20_000 });
    expect((await chart(page))[0]).toEqual(['kafka', '1,234']);
    expect(await page.locator('#announcer').textContent()).toBe('kafka is now the top word, counted 1,234 times.');

    await page.getByLabel('Word or prefix').fill('st');
    const results = page.locator('#search-results .result');
    await results.first().waitFor();
    expect(await results.locator('.result-word').allTextContents()).toEqual(['state', 'store', 'stream']);
    await results.filter({ hasText: 'stream' }).click();
    await page.locator('#detail-word', { hasText: 'stream' }).waitFor();
    expect(await page.locator('#detail-count').textContent()).toBe('42');
    await page.locator('#detail-windows-caption', { hasText: 'in the last hour' }).waitFor();

    await page.waitForTimeout(900); // let the bars finish their transition
    await page.screenshot({ path: `${SCREENSHOTS}query-api-dashboard.png`, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('looks right in dark mode and on a phone', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      deviceScaleFactor: 2,
      locale: 'en-US',
    });
    await page.goto(url);
    await page.locator('#top-words .bar-row', { hasText: 'store' }).waitFor();
    await page.waitForTimeout(900);
    await page.screenshot({ path: `${SCREENSHOTS}query-api-dashboard-dark-phone.png`, fullPage: true });
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(14, 17, 23)');
    await page.close();
  });
});
