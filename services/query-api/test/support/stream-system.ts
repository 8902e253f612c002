// The whole demo on the real broker, as `npm start` + `npm run demo:feed` run it: two word-count instances and
// the producer as the built services in child processes, the demo feed posting to the producer, and query-api in
// this process pointed at word-count.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type kafkajs from 'kafkajs';
import { builtService } from '../../../../libs/nest/test/support/built-service.js';
import { bootstrapServers } from '../../../../test/support/kafka.js';
import { answersOk, freePorts } from '../../../../tools/start/http-wait.ts';
import {
  createWordCountTopics,
  wordCountEnv,
  type WordCountTopics,
} from '../../../word-count/test/support/word-count-fixture.js';
import { startOnBroker } from './broker-app.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const wordCount = builtService('word-count');
const producer = builtService('producer');

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<void>;
}

function spawnChild(name: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => output.push(...chunk.split('\n').filter(Boolean)));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, process: child, output, exited };
}

export interface StreamSystem {
  readonly topics: WordCountTopics;
  readonly wordCountPorts: ReadonlyArray<number>;
  readonly wordCounts: ReadonlyArray<Child>;
  readonly queryApi: NestExpressApplication;
  readonly url: string;
  /** Ends every child (SIGKILL for those still running) and query-api. */
  stop(): Promise<void>;
}

/** Builds what it runs, starts it all, and resolves once both word-count instances are ready and the feed posts. */
export async function startStreamSystem(admin: kafkajs.Admin, feedRate: number): Promise<StreamSystem> {
  wordCount.build();
  producer.build();
  const topics = await createWordCountTopics(admin, 4);
  const [producerPort, ...wordCountPorts] = await freePorts(3);
  const children: Child[] = [];
  let queryApi: NestExpressApplication | undefined;
  const stop = async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await queryApi?.close();
  };
  try {
    const wordCounts = wordCountPorts.map((port) =>
      spawnChild(
        `word-count-${port}`,
        [wordCount.main],
        wordCountEnv(topics, port, {
          // A killed instance's tasks move after this long.
          SESSION_TIMEOUT_MS: '6000',
          HEARTBEAT_INTERVAL_MS: '1500',
          COMMIT_INTERVAL_MS: '200',
        }),
      ),
    );
    children.push(...wordCounts);
    children.push(
      spawnChild('producer', [producer.main], {
        KAFKA_BOOTSTRAP_SERVERS: bootstrapServers().join(','),
        PORT: String(producerPort),
        SENTENCES_TOPIC: topics.sentences,
        LOG_LEVEL: 'error',
      }),
    );
    const alive = () => children.every((child) => child.process.exitCode === null);
    for (const [url, what] of [
      ...wordCountPorts.map((port) => [`http://127.0.0.1:${port}/health/ready`, `word-count on ${port}`]),
      [`http://127.0.0.1:${producerPort}/health/ready`, 'producer'],
    ] as const) {
      if (!(await answersOk(url, alive, 90_000))) {
        const logs = children.map((child) => `${child.name}: ${child.output.slice(-5).join('\n')}`).join('\n');
        throw new Error(`${what} did not get ready:\n${logs}`);
      }
    }
    children.push(
      spawnChild(
        'demo-feed',
        ['tools/start/demo-feed.ts', '--rate', String(feedRate), '--url', `http://127.0.0.1:${producerPort}`],
        {},
      ),
    );
    queryApi = await startOnBroker({
      topics: { counts: topics.wordCounts, windowed: topics.windowedCounts },
      env: {
        WORD_COUNT_URLS: wordCountPorts.map((port) => `http://127.0.0.1:${port}`).join(','),
        DEAD_LETTER_TOPIC: topics.deadLetters,
        DASHBOARD_INTERVAL_MS: '500',
      },
    });
    return {
      topics,
      wordCountPorts,
      wordCounts,
      queryApi,
      url: await queryApi.getUrl(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
