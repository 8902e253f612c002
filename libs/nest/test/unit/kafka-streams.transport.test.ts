// KafkaStreamsTransport and connectKafkaStreamsTransport with the streams app replaced by a fake.
import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { KafkaStreams } from '@streamkit/kafka-streams';
import {
  Consumed,
  KafkaStreams as RealKafkaStreams,
  Produced,
  Serdes,
  silentLogger,
  StartAbortedError,
  StreamsBuilder,
} from '@streamkit/kafka-streams';
import {
  connectKafkaStreamsTransport,
  drainTimeoutMs,
  KafkaStreamsModule,
  KafkaStreamsTransport,
} from '../../src/index.js';

class FakeStreams {
  readonly calls: string[] = [];
  closeTimeoutMs: number | undefined;
  constructor(
    private readonly startResult: Promise<void> = Promise.resolve(),
    private readonly drained = true,
  ) {}
  start(): Promise<void> {
    this.calls.push('start');
    return this.startResult;
  }
  async close({ timeoutMs }: { timeoutMs: number }): Promise<boolean> {
    this.calls.push('close');
    this.closeTimeoutMs = timeoutMs;
    return this.drained;
  }
}

const asStreams = (fake: FakeStreams) => fake as unknown as KafkaStreams;

function listen(transport: KafkaStreamsTransport): Promise<unknown> {
  return new Promise((resolve) => transport.listen((error?: unknown) => resolve(error)));
}

/** Runs `work` with Nest's default logger silenced. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  Logger.overrideLogger(false);
  try {
    return await work();
  } finally {
    Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
  }
}

function topology() {
  const builder = new StreamsBuilder();
  const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
  builder.stream('in', Consumed.with(strings)).to('out', Produced.with(strings));
  return builder.build();
}

describe('KafkaStreamsTransport', () => {
  it('starts the streams app on listen and calls back without an error once it runs', async () => {
    const fake = new FakeStreams();
    expect(await listen(new KafkaStreamsTransport(asStreams(fake)))).toBeUndefined();
    expect(fake.calls).toEqual(['start']);
  });

  it('calls back with the error that stopped the start', async () => {
    const failure = new Error('Missing source topic: sentences');
    const fake = new FakeStreams(Promise.reject(failure));
    expect(await listen(new KafkaStreamsTransport(asStreams(fake)))).toBe(failure);
  });

  it('calls back without an error when a shutdown aborted the start', async () => {
    const fake = new FakeStreams(Promise.reject(new StartAbortedError()));
    expect(await quietly(() => listen(new KafkaStreamsTransport(asStreams(fake))))).toBeUndefined();
  });

  it('closes with most of the grace period for draining, keeping the rest for closing stores', async () => {
    const fake = new FakeStreams();
    await quietly(() => new KafkaStreamsTransport(asStreams(fake), 20_000).close());
    expect(fake.closeTimeoutMs).toBe(15_000);
    expect(drainTimeoutMs(30_000)).toBe(25_000);
    expect(drainTimeoutMs(2_000)).toBe(1_500);
  });

  it('closes even when draining did not finish in time', async () => {
    const fake = new FakeStreams(Promise.resolve(), false);
    await expect(quietly(() => new KafkaStreamsTransport(asStreams(fake), 1_000).close())).resolves.toBeUndefined();
    expect(fake.calls).toEqual(['close']);
  });
});

describe('connectKafkaStreamsTransport', () => {
  const config = { applicationId: 'transport-test', bootstrapServers: '127.0.0.1:1', logger: silentLogger };

  it("connects the module's streams app as a microservice", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [KafkaStreamsModule.forRoot({ topology: topology(), config })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    connectKafkaStreamsTransport(app);
    expect(app.getMicroservices()).toHaveLength(1);
    await app.init();
    // Nothing started it: the transport starts it with startAllMicroservices().
    expect(app.get(RealKafkaStreams).state).toBe('CREATED');
    await app.close();
  });
});
