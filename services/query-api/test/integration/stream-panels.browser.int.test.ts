// The stream panels in headless Chromium when the stream is not all there: no word-count and no dead-letter topic
// (each panel says what is unavailable), and an instance restoring a task or keeping a standby (played by a small
// HTTP server: a restore on a real broker is over before a page can look).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type kafkajs from 'kafkajs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';
import type { InstanceReport, TopologyLayout } from '../../src/dashboard/word-count-reports.js';
import { startOnBroker } from '../support/broker-app.js';
import { chromiumPath } from '../support/chromium.js';

jest.setTimeout(120_000);

const LAYOUT: TopologyLayout = {
  applicationId: 'word-count',
  description: 'Topologies:\n   Sub-topology: 0\n',
  mermaid: 'flowchart TD\n    subgraph s0["Sub-topology: 0"]\n        n0["KSTREAM-SOURCE-0000000000"]\n    end\n',
  internalTopics: ['word-count-word-counts-changelog'],
  subtopologies: [{ id: 0, sourceTopics: ['sentences'], stores: ['word-counts'] }],
};

describe('the stream panels in Chromium, with parts of the stream missing', () => {
  const client = kafka();
  let admin: kafkajs.Admin;
  let browser: Browser;
  let topics: { counts: string; windowed: string };
  const apps: NestExpressApplication[] = [];
  let fake: Server | undefined;

  beforeAll(async () => {
    const executablePath = chromiumPath();
    admin = client.admin();
    await admin.connect();
    topics = { counts: uniqueName('word-counts'), windowed: uniqueName('word-counts-windowed') };
    await createTopics(admin, [
      { topic: topics.counts, partitions: 1, compacted: true },
      { topic: topics.windowed, partitions: 1 },
    ]);
    browser = await chromium.launch({ executablePath });
  });
  afterAll(async () => {
    await browser?.close();
    for (const app of apps) await app.close();
    await new Promise((resolve) => (fake ? fake.close(resolve) : resolve(undefined)));
    await admin?.disconnect();
  });

  async function open(app: NestExpressApplication, problems: string[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => void (message.type() === 'error' && problems.push(message.text())));
    await page.goto(await app.getUrl());
    return page;
  }

  it('says in each panel what is unavailable when word-count and the dead-letter topic are not there', async () => {
    const deadLetters = uniqueName('missing-dlq');
    const app = await startOnBroker({ topics, env: { DEAD_LETTER_TOPIC: deadLetters } });
    apps.push(app);
    const problems: string[] = [];
    const page = await open(app, problems);
    await page.locator('#word-count-indicator .indicator-value', { hasText: '0 of 1 up' }).waitFor();
    expect(await page.locator('#word-count-indicator').getAttribute('data-state')).toBe('bad');
    expect(await page.locator('#instances-unavailable').textContent()).toBe(
      'No word-count instance answers: tasks, lag and words/s in are unavailable.',
    );
    expect(await page.locator('.instance[data-status="unreachable"] .instance-meta').textContent()).toMatch(
      /^127\.0\.0\.1:\d+ · unreachable \(ECONNREFUSED\)$/,
    );
    expect(await page.locator('#topology-unavailable').textContent()).toBe(
      'The topology is not available: no word-count instance answers',
    );
    await page
      .locator('#dead-letters-unavailable', {
        hasText: `Cannot read ${deadLetters}: topic ${deadLetters} does not exist`,
      })
      .waitFor({ timeout: 20_000 });
    expect(await page.locator('#dead-letters-count').textContent()).toBe('–');
    await page.locator('#throughput-now', { hasText: '– words/s in · 0 counts/s out' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a restoring task with its progress and a standby with its lag', async () => {
    const report: InstanceReport = {
      instanceId: 'word-count-7',
      applicationServer: '',
      members: [],
      state: 'REBALANCING',
      rebalances: 3,
      tasks: [
        {
          id: '0_0',
          subtopology: 0,
          partition: 0,
          role: 'restoring',
          lag: 250,
          processed: 0,
          deadLettered: 0,
          restore: { restored: 750, remaining: 250 },
        },
        {
          id: '0_1',
          subtopology: 0,
          partition: 1,
          role: 'standby',
          lag: 12,
          processed: 0,
          deadLettered: 0,
          restore: null,
        },
      ],
    };
    fake = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/state/topology' ? LAYOUT : report));
    });
    await new Promise<void>((resolve) => fake!.listen(0, '127.0.0.1', resolve));
    const port = (fake.address() as AddressInfo).port;
    report.applicationServer = `127.0.0.1:${port}`;
    report.members.push(report.applicationServer);
    const app = await startOnBroker({ topics, env: { WORD_COUNT_URLS: `http://127.0.0.1:${port}` } });
    apps.push(app);
    const problems: string[] = [];
    const page = await open(app, problems);

    const restoring = page.locator('.task[data-task="0_0"]');
    await restoring.waitFor();
    expect(await restoring.getAttribute('data-role')).toBe('restoring');
    const progress = restoring.locator('progress.restore');
    expect([await progress.getAttribute('value'), await progress.getAttribute('max')]).toEqual(['750', '1000']);
    expect(await progress.getAttribute('aria-label')).toBe('Task 0_0 restored 750 of 1,000');
    expect(await restoring.locator('.task-lag').textContent()).toBe('250');
    const standby = page.locator('.task[data-task="0_1"]');
    expect(await standby.locator('.badge').textContent()).toBe('standby');
    expect(await standby.locator('.task-lag').textContent()).toBe('12');
    expect(await page.locator('.instance-meta').textContent()).toBe(
      `127.0.0.1:${port} · REBALANCING · 0 active, 1 restoring, 1 standby`,
    );
    await page.locator('#topology-figure svg').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
