// Fuzzes each service's HTTP API with Schemathesis, from its own OpenAPI document (/docs/json), against the
// real broker as the integration tests run them: every check (`--checks all`), a fixed seed, and any finding
// fails the build with Schemathesis' report. The pinned Schemathesis is installed on first use into
// .local/schemathesis/venv by tools/schemathesis/ensure-schemathesis.sh (needs python3 with venv and pip).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Admin } from 'kafkajs';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../support/kafka.js';
import { startProducerApp } from '../../services/producer/test/support/producer-app.js';
import { startOnBroker } from '../../services/query-api/test/support/broker-app.js';
import {
  createWordCountTopics,
  freePort,
  startInProcess,
  wordCountEnv,
} from '../../services/word-count/test/support/word-count-fixture.js';

jest.setTimeout(240_000);

const root = fileURLToPath(new URL('../../', import.meta.url));
const ENSURE = `${root}tools/schemathesis/ensure-schemathesis.sh`;
/** Where the cross-parameter rules OpenAPI 3.0 cannot state are named (per operation, 400 to valid data). */
const CONFIG = `${root}tools/schemathesis/schemathesis.toml`;
/** The same seed every run: a finding reproduces with the command in the failure message. */
const SEED = 1;
/** Test cases per operation and phase: the three services take about 1.5 minutes together. */
const MAX_EXAMPLES = 50;

/** The pinned Schemathesis, installed when missing; a clear failure when python3 cannot install it. */
function schemathesis(): string {
  try {
    return execFileSync('bash', [ENSURE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    const { stderr, status } = error as { stderr?: string; status?: number };
    throw new Error(
      `Could not install Schemathesis with ${ENSURE} (exit ${status}): ${stderr?.trim() || (error as Error).message}\n` +
        'The fuzz test needs python3 (3.10+) with the venv and pip modules, and access to PyPI on first use.',
      { cause: error },
    );
  }
}

interface Run {
  readonly status: number | null;
  readonly output: string;
  readonly command: string;
}

/** Runs Schemathesis against `baseUrl`'s document without blocking this process, which serves the API. */
function fuzz(executable: string, baseUrl: string, service: string): Promise<Run> {
  const reportDir = `${root}.local/schemathesis/reports/${service}`;
  mkdirSync(reportDir, { recursive: true });
  const args = [
    '--config-file',
    CONFIG,
    'run',
    `${baseUrl}/docs/json`,
    '--checks',
    'all',
    '--seed',
    String(SEED),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--workers',
    '1',
    '--no-color',
    '--report',
    'junit',
    '--report-dir',
    reportDir,
  ];
  const command = `schemathesis ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      // Schemathesis keeps its cache in .schemathesis/ of its working directory.
      cwd: `${root}.local/schemathesis`,
      env: { ...process.env, SCHEMATHESIS_HOOKS: '', NO_COLOR: '1', COLUMNS: '160' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, output, command }));
  });
}

function urlOf(app: NestExpressApplication): string {
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

async function expectNoFinding(app: NestExpressApplication, service: string): Promise<void> {
  const run = await fuzz(executable, urlOf(app), service);
  if (run.status !== 0) {
    throw new Error(`Schemathesis found problems in ${service} (exit ${run.status}):\n$ ${run.command}\n${run.output}`);
  }
  expect(run.output).toMatch(/passed/i);
}

let executable: string;

describe('Schemathesis finds nothing to report', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    executable = schemathesis();
    expect(existsSync(executable)).toBe(true);
    admin = client.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('in the producer', async () => {
    const topic = uniqueName('sentences');
    await createTopics(admin, [{ topic, partitions: 1 }]);
    const app = await startProducerApp({
      KAFKA_BOOTSTRAP_SERVERS: bootstrapServers().join(','),
      SENTENCES_TOPIC: topic,
      LOG_LEVEL: 'error',
    });
    await app.listen(0, '127.0.0.1');
    try {
      await expectNoFinding(app, 'producer');
    } finally {
      await app.close();
    }
  });

  it('in word-count', async () => {
    const topics = await createWordCountTopics(admin, 1);
    const port = await freePort();
    const app = await startInProcess(wordCountEnv(topics, port));
    try {
      await expectNoFinding(app, 'word-count');
    } finally {
      await app.close();
    }
  });

  it('in query-api', async () => {
    const topics = { counts: uniqueName('word-counts'), windowed: uniqueName('word-counts-windowed') };
    await createTopics(admin, [{ topic: topics.counts, compacted: true }, { topic: topics.windowed }]);
    const app = await startOnBroker({ topics, env: { LOG_LEVEL: 'error' } });
    try {
      await expectNoFinding(app, 'query-api');
    } finally {
      await app.close();
    }
  });
});
