// KafkaStreamsModule with its transport starts a topology with the Nest app and drains and closes it with the app.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { Consumed, KafkaStreams, Produced, Serdes, StreamsBuilder, silentLogger } from '@streamkit/kafka-streams';
import type { Admin } from 'kafkajs';
import request from 'supertest';
import { bootstrapServers, createTopics, kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import {
  connectKafkaStreamsTransport,
  HealthModule,
  KafkaStreamsHealthIndicator,
  KafkaStreamsModule,
} from '../../src/index.js';

jest.setTimeout(90_000);

function upperCase(input: string, output: string) {
  const builder = new StreamsBuilder();
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  builder
    .stream(input, Consumed.with(strings))
    .mapValues((value) => value.toUpperCase())
    .to(output, Produced.with(strings));
  return builder.build();
}

describe('KafkaStreamsModule', () => {
  const client = kafka();
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterAll(() => admin.disconnect());

  it('runs the topology between app start and app close, and reports readiness', async () => {
    const input = uniqueName('nest-in');
    const output = uniqueName('nest-out');
    await createTopics(admin, [{ topic: input }, { topic: output }]);
    const moduleRef = await Test.createTestingModule({
      imports: [
        KafkaStreamsModule.forRoot({
          topology: upperCase(input, output),
          config: {
            applicationId: uniqueName('nest-app'),
            bootstrapServers: bootstrapServers(),
            commitIntervalMs: 100,
            logger: silentLogger,
          },
          shutdownGraceMs: 10_000,
        }),
        HealthModule.forRoot({ contributors: [KafkaStreamsHealthIndicator] }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    connectKafkaStreamsTransport(app);
    const streams = app.get(KafkaStreams);
    expect(streams.state).toBe('CREATED');

    await app.init();
    await app.startAllMicroservices();
    await waitFor(() => streams.state === 'RUNNING', 30_000, 'RUNNING');
    expect((await request(app.getHttpServer()).get('/health/ready')).status).toBe(200);

    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: [
        { key: 'k', value: 'hello' },
        { key: 'k', value: 'nest' },
      ],
    });
    await producer.disconnect();
    const out = await readAll(client, output, { expected: 2 });
    expect(out.map((r) => r.value)).toEqual(['HELLO', 'NEST']);

    await app.close();
    expect(streams.state).toBe('NOT_RUNNING');
  });
});
