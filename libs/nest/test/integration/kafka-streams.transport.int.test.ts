// KafkaStreamsTransport in a Nest hybrid app on a real broker: started with the microservices, closed with the
// app within the grace period, leaving committed offsets and checkpointed stores behind.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  Consumed,
  Grouped,
  KafkaStreams,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  silentLogger,
} from '@streamkit/kafka-streams';
import type { Admin } from 'kafkajs';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import {
  connectKafkaStreamsTransport,
  HealthModule,
  KafkaStreamsHealthIndicator,
  KafkaStreamsModule,
  KafkaStreamsTransport,
} from '../../src/index.js';
import { committedEqualsEnd } from '../support/committed-offsets.js';

jest.setTimeout(120_000);

const GRACE_MS = 10_000;

/**
 * Counts records per value into the `counts` store and writes the running counts to `output`: every update, without
 * the record cache (with it, counts would leave only at commits, and the first test commits only on close).
 */
function countValues(input: string, output: string) {
  const builder = new StreamsBuilder();
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  builder
    .stream(input, Consumed.with(strings))
    .selectKey((_key, value) => value)
    .groupByKey(Grouped.with({ name: 'values', ...strings }))
    .count(Materialized.as('counts').withCachingDisabled())
    .toStream()
    .mapValues((count) => String(count))
    .to(output, Produced.with(strings));
  return builder.build();
}

/** Makes `streams` injectable everywhere (the health indicator needs it), as KafkaStreamsModule would. */
function provide(streams: KafkaStreams): DynamicModule {
  class StreamsProvider {}
  return {
    module: StreamsProvider,
    global: true,
    providers: [{ provide: KafkaStreams, useValue: streams }],
    exports: [KafkaStreams],
  };
}

describe('KafkaStreamsTransport in a hybrid app', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  async function produce(topic: string, values: string[]): Promise<void> {
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic, messages: values.map((value) => ({ key: null, value })) });
    await producer.disconnect();
  }

  it('starts with startAllMicroservices, processes, and drains, commits and checkpoints on app.close()', async () => {
    const input = uniqueName('hybrid-in');
    const output = uniqueName('hybrid-out');
    const applicationId = uniqueName('hybrid-app');
    const stateDir = mkdtempSync(join(tmpdir(), 'hybrid-state-'));
    await createTopics(admin, [
      { topic: input, partitions: 2 },
      { topic: output, partitions: 2 },
    ]);
    const streams = new KafkaStreams(countValues(input, output), {
      applicationId,
      bootstrapServers: bootstrapServers(),
      stateDir,
      // Long enough that only the close commits: what is committed afterwards proves the close did it.
      commitIntervalMs: 600_000,
      logger: silentLogger,
    });
    const moduleRef = await Test.createTestingModule({
      imports: [provide(streams), HealthModule.forRoot({ contributors: [KafkaStreamsHealthIndicator] })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    app.connectMicroservice({ strategy: new KafkaStreamsTransport(streams, GRACE_MS) });
    await app.init();
    expect(streams.state).toBe('CREATED');

    await app.startAllMicroservices();
    await waitFor(() => streams.state === 'RUNNING', 60_000, 'RUNNING');
    expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(200);

    const values = ['a', 'b', 'a', 'c', 'a', 'b'];
    await produce(input, values);
    const out = await readAll(client, output, { expected: values.length });
    expect(out.map((r) => `${r.key}=${r.value}`).sort()).toEqual(['a=1', 'a=2', 'a=3', 'b=1', 'b=2', 'c=1']);
    expect(await committedEqualsEnd(admin, applicationId, input)).toBe(false);

    const started = Date.now();
    await app.close();
    const elapsed = Date.now() - started;

    expect(streams.state).toBe('NOT_RUNNING');
    expect(elapsed).toBeLessThan(GRACE_MS);
    expect(await committedEqualsEnd(admin, applicationId, input)).toBe(true);
    const checkpoints = ['1_0', '1_1'].map((task) => join(stateDir, applicationId, task, '.checkpoint'));
    expect(checkpoints.filter((file) => existsSync(file))).toEqual(checkpoints);
  });

  it('runs KafkaStreamsModule through connectKafkaStreamsTransport', async () => {
    const input = uniqueName('hybrid-in');
    const output = uniqueName('hybrid-out');
    await createTopics(admin, [{ topic: input }, { topic: output }]);
    const moduleRef = await Test.createTestingModule({
      imports: [
        KafkaStreamsModule.forRoot({
          topology: countValues(input, output),
          config: {
            applicationId: uniqueName('hybrid-app'),
            bootstrapServers: bootstrapServers(),
            stateDir: mkdtempSync(join(tmpdir(), 'hybrid-state-')),
            commitIntervalMs: 100,
            logger: silentLogger,
          },
          shutdownGraceMs: GRACE_MS,
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    connectKafkaStreamsTransport(app);
    await app.init();
    const streams = app.get(KafkaStreams);
    expect(streams.state).toBe('CREATED');
    await app.startAllMicroservices();
    await produce(input, ['x', 'x']);
    expect((await readAll(client, output, { expected: 2 })).map((r) => r.value)).toEqual(['1', '2']);
    await app.close();
    expect(streams.state).toBe('NOT_RUNNING');
  });

  it('fails startAllMicroservices with the reason when the topology cannot run', async () => {
    const missing = uniqueName('missing');
    const streams = new KafkaStreams(countValues(missing, uniqueName('out')), {
      applicationId: uniqueName('hybrid-app'),
      bootstrapServers: bootstrapServers(),
      stateDir: mkdtempSync(join(tmpdir(), 'hybrid-state-')),
      logger: silentLogger,
    });
    const app = (await Test.createTestingModule({}).compile()).createNestApplication({ logger: false });
    app.connectMicroservice({ strategy: new KafkaStreamsTransport(streams, GRACE_MS) });
    await app.init();
    await expect(app.startAllMicroservices()).rejects.toThrow(`Missing source topic: ${missing}`);
    expect(streams.state).toBe('ERROR');
    await app.close();
  });
});
