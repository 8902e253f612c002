// kafkajs gives up on a consumer whose crash it sees as non-retriable, "Failed to find group coordinator" included:
// what a broker outage longer than its retry budget (about 10 s) ends in. The wrappers restart such a consumer until
// the cluster is back, and still fail on anything else.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import kafkajs, { type Consumer, type ConsumerRunConfig } from 'kafkajs';
import { KafkajsGroupConsumer } from '../../../src/internal/client/kafkajs/consumer.js';
import { kafkajsConsumerEvents } from './support/kafkajs-consumer-events.js';
import { KafkajsGlobalConsumer } from '../../../src/internal/client/kafkajs/global-consumer.js';
import { KafkajsChangelogReader } from '../../../src/internal/client/kafkajs/changelog-reader.js';
import { isOutageError } from '../../../src/internal/client/kafkajs/crash-restart.js';

const { KafkaJSGroupCoordinatorNotFound, KafkaJSNonRetriableError, KafkaJSConnectionError, KafkaJSProtocolError } =
  kafkajs;

// kafkajs' types omit this error's constructor argument.
const GroupCoordinatorNotFound = KafkaJSGroupCoordinatorNotFound as unknown as new (message: string) => Error;
const coordinatorNotFound = () => new GroupCoordinatorNotFound('Failed to find group coordinator');
const authorizationFailed = () =>
  new KafkaJSProtocolError(
    Object.assign(new Error('Not authorized to access group'), {
      type: 'GROUP_AUTHORIZATION_FAILED',
      code: 30,
      retriable: false,
    }),
  );

/** A kafkajs consumer as far as the wrappers use it; `runs` records each `run` call's config. */
function fakeKafkajsConsumer() {
  const { events, on, emit } = kafkajsConsumerEvents();
  const quiet = { info() {}, warn() {}, error() {}, debug() {} };
  const runs: ConsumerRunConfig[] = [];
  let disconnects = 0;
  let finishRun: (() => void) | undefined;
  let holdRuns = false;
  const consumer = {
    events,
    on,
    run: (config: ConsumerRunConfig) => {
      runs.push(config);
      return holdRuns ? new Promise<void>((resolve) => (finishRun = resolve)) : Promise.resolve();
    },
    connect: async () => {},
    subscribe: async () => {},
    disconnect: async () => void disconnects++,
    logger: () => quiet,
    describeGroup: () => new Promise(() => {}),
    seek: () => {},
    pause: () => {},
    resume: () => {},
  };
  return {
    consumer: consumer as unknown as Consumer,
    runs,
    disconnects: () => disconnects,
    /** kafkajs emits CRASH once it disconnected the crashed consumer, saying whether it restarts it itself. */
    crash: (error: Error, restart = false) => emit('crash', { error, groupId: 'g', restart }),
    join: (memberId = 'm') => emit('join', { memberId, memberAssignment: { in: [0] } }),
    /** The next `run` resolves only when `finishRun` is called (a restart still joining). */
    holdRuns: () => (holdRuns = true),
    finishRun: () => finishRun?.(),
  };
}

describe('kafkajs consumers after a crash kafkajs does not restart', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  async function runningGroupConsumer() {
    const fake = fakeKafkajsConsumer();
    const wrapper = new KafkajsGroupConsumer(fake.consumer);
    const fatal: Error[] = [];
    await wrapper.run(async () => {}, { onFatalError: (error) => void fatal.push(error) });
    return { fake, wrapper, fatal };
  }

  it('restarts the group consumer when the coordinator could not be found, however often, with the same config', async () => {
    const { fake, fatal } = await runningGroupConsumer();
    for (let crash = 0; crash < 8; crash++) {
      fake.crash(coordinatorNotFound());
      await jest.advanceTimersByTimeAsync(10_000);
    }
    expect(fatal).toEqual([]);
    expect(fake.runs).toHaveLength(9);
    expect(new Set(fake.runs).size).toBe(1);
  });

  it('waits longer after each crash in a row, up to 10 s, and 1 s again after a join', async () => {
    const { fake } = await runningGroupConsumer();
    const restartDelay = async () => {
      const runsBefore = fake.runs.length;
      fake.crash(coordinatorNotFound());
      let waited = 0;
      while (fake.runs.length === runsBefore) {
        await jest.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      return waited;
    };
    const delays = [];
    for (let i = 0; i < 6; i++) delays.push(await restartDelay());
    fake.join();
    delays.push(await restartDelay());
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 1_000]);
  });

  it('restarts it on an outage error found among the causes', async () => {
    const { fake, fatal } = await runningGroupConsumer();
    const connection = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    // What kafkajs' retrier rejects with when a retried call bails out (its types omit the cause).
    fake.crash(Object.assign(new KafkaJSNonRetriableError(connection), { cause: connection }));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fatal).toEqual([]);
    expect(fake.runs).toHaveLength(2);
  });

  it('fails on any other error kafkajs gives up on, without restarting', async () => {
    const { fake, fatal } = await runningGroupConsumer();
    const error = authorizationFailed();
    fake.crash(error);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fatal).toEqual([error]);
    expect(fake.runs).toHaveLength(1);
  });

  it('leaves a crash kafkajs restarts itself to kafkajs', async () => {
    const { fake, fatal } = await runningGroupConsumer();
    fake.crash(coordinatorNotFound(), true);
    fake.crash(authorizationFailed(), true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fatal).toEqual([]);
    expect(fake.runs).toHaveLength(1);
  });

  it('does not restart a consumer disconnected while it waited to restart', async () => {
    const { fake, wrapper } = await runningGroupConsumer();
    fake.crash(coordinatorNotFound());
    await wrapper.disconnect();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.runs).toHaveLength(1);
  });

  it('disconnects again a restart that was still starting when the consumer was disconnected', async () => {
    const { fake, wrapper } = await runningGroupConsumer();
    fake.holdRuns();
    fake.crash(coordinatorNotFound());
    await jest.advanceTimersByTimeAsync(1_000);
    expect(fake.runs).toHaveLength(2);
    await wrapper.disconnect();
    expect(fake.disconnects()).toBe(1);
    fake.finishRun();
    await jest.advanceTimersByTimeAsync(0);
    expect(fake.disconnects()).toBe(2);
  });

  it('restarts the global consumer when the coordinator of its group could not be found', async () => {
    const fake = fakeKafkajsConsumer();
    const kafka = { consumer: () => fake.consumer } as unknown as kafkajs.Kafka;
    const global = new KafkajsGlobalConsumer(kafka, { groupId: 'g' });
    const errors: Error[] = [];
    await global.start(
      [{ topic: 'in', partition: 0, offset: 0n }],
      async () => {},
      (error) => errors.push(error),
    );
    fake.crash(coordinatorNotFound());
    await jest.advanceTimersByTimeAsync(1_000);
    expect(errors).toEqual([]);
    expect(fake.runs).toHaveLength(2);
    const error = authorizationFailed();
    fake.crash(error);
    expect(errors).toEqual([error]);
    await global.stop();
  });

  it('restarts a changelog reader when the coordinator of its group could not be found, and fails on the rest', async () => {
    const fake = fakeKafkajsConsumer();
    const kafka = { consumer: () => fake.consumer } as unknown as kafkajs.Kafka;
    const reader = new KafkajsChangelogReader(kafka, 'g');
    let settled: string | undefined;
    const reading = reader
      .read([{ topic: 'cl', partition: 0, startOffset: 0n, endOffset: 10n }], async () => {})
      .then(
        () => (settled = 'done'),
        (error: Error) => (settled = error.message),
      );
    await jest.advanceTimersByTimeAsync(0);
    fake.crash(coordinatorNotFound());
    await jest.advanceTimersByTimeAsync(1_000);
    expect(settled).toBeUndefined();
    expect(fake.runs).toHaveLength(2);
    fake.crash(authorizationFailed());
    await reading;
    expect(settled).toBe('Not authorized to access group');
  });
});

describe('isOutageError', () => {
  it('tells errors of an unreachable cluster from the others', () => {
    expect(isOutageError(coordinatorNotFound())).toBe(true);
    expect(isOutageError(new KafkaJSConnectionError('Connection timeout'))).toBe(true);
    expect(isOutageError(authorizationFailed())).toBe(false);
    expect(isOutageError(new Error('a bug in a processor'))).toBe(false);
    expect(isOutageError('not an error')).toBe(false);
  });
});
