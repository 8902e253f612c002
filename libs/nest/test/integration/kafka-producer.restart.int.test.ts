// KafkaProducerClient through a broker restart, on a broker of its own (the project's process broker on another
// port, tools/kafka/broker.ts): while the broker is away every send fails with KafkaUnavailableError (a 503,
// never a 500) and the client recreates its producer; once it is back, sends succeed again; every acknowledged
// record is in the topic, and none twice.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import kafkajs from 'kafkajs';
import { findRepoRoot } from '../../../../tools/versions.ts';
import { readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { KafkaProducerClient, KafkaUnavailableError } from '../../src/kafka/index.js';

const { Kafka, logLevel } = kafkajs;
const run = promisify(execFile);
const root = findRepoRoot();

jest.setTimeout(300_000);

/** A broker port whose successor (the controller's port) is free as well. */
async function freePortPair(): Promise<number> {
  const isFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (;;) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 4_000);
    if ((await isFree(port)) && (await isFree(port + 1))) return port;
  }
}

describe('KafkaProducerClient across a broker restart', () => {
  let port: number;
  const broker = (command: 'start' | 'stop' | 'reset') =>
    run(process.execPath, ['--disable-warning=TimeoutNegativeWarning', join(root, 'tools/kafka/broker.ts'), command], {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', LOCAL_KAFKA_PORT: String(port) },
      timeout: 180_000,
    });

  beforeAll(async () => {
    port = await freePortPair();
    await broker('start');
  });

  afterAll(async () => {
    await broker('reset'); // stops it and removes its data
  });

  it('answers KafkaUnavailableError while the broker is away, recovers after, loses and duplicates nothing', async () => {
    const bootstrap = `127.0.0.1:${port}`;
    const admin = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
    const topic = uniqueName('producer-restart');
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 4, replicationFactor: 1 }] });
    await admin.disconnect();

    const client = new KafkaProducerClient({
      connection: { clientId: 'restart-test', brokers: [bootstrap], logLevel: logLevel.NOTHING },
      sendTimeoutMs: 3_000,
    });
    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    const states = new Set<string>();
    let sends = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) {
        const batch = Array.from({ length: 50 }, (_, i) => `s${sends}-m${i}`);
        sends++;
        try {
          await client.produce(
            topic,
            batch.map((value) => ({ key: null, value })),
          );
          acknowledged.push(...batch);
        } catch (error) {
          failures.push(error);
          await new Promise((resolve) => setTimeout(resolve, 200)); // a client honouring Retry-After, shortened
        }
        states.add(client.state);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    try {
      await waitFor(() => acknowledged.length >= 2_000, 60_000, 'sends before the restart');
      await broker('stop');
      await waitFor(() => client.state === 'resetting', 60_000, 'the producer to be recreated');
      const failuresWhileAway = failures.length;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await broker('start');
      await waitFor(() => client.state === 'ready', 120_000, 'a new producer to connect');
      const afterRestart = acknowledged.length;
      await waitFor(() => acknowledged.length >= afterRestart + 2_000, 60_000, 'sends after the restart');
      expect(failuresWhileAway).toBeGreaterThan(0);
    } finally {
      sending = false;
      await sender;
      await client.close();
    }

    // Never anything but "not available now": no 500 for a caller.
    const unexpected = failures.filter((error) => !(error instanceof KafkaUnavailableError));
    expect(unexpected.map(String)).toEqual([]);
    expect(states).toContain('resetting');
    const reasons = new Set(failures.map((error) => (error as KafkaUnavailableError).reason));
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['producer-resetting']));

    const records = await readAll(new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING }), topic, {
      expected: acknowledged.length,
      idleMs: 5_000,
    });
    const counts = new Map<string, number>();
    for (const { value } of records) counts.set(value!, (counts.get(value!) ?? 0) + 1);
    const missing = acknowledged.filter((value) => !counts.has(value));
    const twice = [...counts].filter(([, n]) => n > 1).map(([value]) => value);
    process.stdout.write(
      `[restart] ${sends} sends, ${acknowledged.length} records acknowledged, ${failures.length} refused ` +
        `(${[...reasons].join(', ')}), ${records.length} in the topic\n`,
    );
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
  });
});
