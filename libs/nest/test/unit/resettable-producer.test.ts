import { describe, expect, it } from '@jest/globals';
import kafkajs, { type ProducerRecord, type RecordMetadata } from 'kafkajs';
import { KafkaUnavailableError } from '../../src/kafka/kafka-unavailable.error.js';
import { type ProducerSession, ResettableProducer } from '../../src/kafka/resettable-producer.js';
import { stickyPartitioner } from '../../src/kafka/sticky-partitioner.js';

const {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  Partitioners,
} = kafkajs;

function protocolError(type: string, code: number, message: string): Error {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable: false }));
}

const outOfOrder = () =>
  protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45, 'The broker received an out of order sequence number');

/** A fake kafkajs producer: each send waits for the test to settle it. */
class FakeProducer implements ProducerSession {
  connected = false;
  disconnects = 0;
  readonly sent: ProducerRecord[] = [];
  private readonly pending: Array<{ resolve: (m: RecordMetadata[]) => void; reject: (e: unknown) => void }> = [];

  constructor(
    readonly id: number,
    private readonly connectResult: () => Promise<void>,
  ) {}

  async connect(): Promise<void> {
    await this.connectResult();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.disconnects++;
    this.connected = false;
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    this.sent.push(record);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  get inFlight(): number {
    return this.pending.length;
  }

  acknowledge(): void {
    this.pending.shift()!.resolve([{ topicName: 't', partition: 0, errorCode: 0 }]);
  }

  fail(error: unknown): void {
    this.pending.shift()!.reject(error);
  }
}

/** A ResettableProducer over fake producers; `connects` decides each connect's outcome in turn (default: ok). */
function harness({ timeoutMs = 2_000, connects = [] as Array<() => Promise<void>> } = {}) {
  const producers: FakeProducer[] = [];
  const warnings: string[] = [];
  const producer = new ResettableProducer({
    timeoutMs,
    reconnectBackoffMs: { initial: 10, max: 40 },
    log: { warn: (message) => warnings.push(message), info: () => {} },
    create: () => {
      const fake = new FakeProducer(producers.length, connects.shift() ?? (async () => {}));
      producers.push(fake);
      return fake;
    },
  });
  return { producer, producers, warnings };
}

const record = (value: string): ProducerRecord => ({ topic: 't', messages: [{ value }] });

async function until(condition: () => boolean, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('ResettableProducer', () => {
  it('connects on the first send and sends one at a time, in order', async () => {
    const { producer, producers } = harness();
    expect(producer.state).toBe('idle');
    const first = producer.send(record('a'));
    const second = producer.send(record('b'));
    await until(() => producers[0]?.inFlight === 1, 'the first send');
    expect(producer.state).toBe('ready');
    // The second waits for the first: no send takes sequence numbers while another may still be retried.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(producers[0]!.sent.map((r) => r.messages[0]!.value)).toEqual(['a']);
    producers[0]!.acknowledge();
    await first;
    await until(() => producers[0]!.inFlight === 1, 'the second send');
    producers[0]!.acknowledge();
    await second;
    expect(producers[0]!.sent.map((r) => r.messages[0]!.value)).toEqual(['a', 'b']);
    expect(producers).toHaveLength(1);
    await producer.close();
  });

  it('on "out of order sequence number": answers producer-resetting, refuses sends, recreates the producer', async () => {
    const { producer, producers, warnings } = harness({
      // The first replacement cannot connect yet (the broker is still coming back), the second can.
      connects: [async () => {}, () => Promise.reject(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))],
    });
    const failing = producer.send(record('a'));
    await until(() => producers[0]?.inFlight === 1, 'the send');
    producers[0]!.fail(new KafkaJSNumberOfRetriesExceeded(outOfOrder(), { retryCount: 5, retryTime: 100 }));
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KafkaUnavailableError);
    expect(error).toMatchObject({ reason: 'producer-resetting', message: expect.stringMatching(/out of order/) });
    expect(producers[0]!.disconnects).toBeGreaterThanOrEqual(1);
    expect(warnings.join('\n')).toMatch(/Kafka producer failed, recreating it: .*out of order/);

    // Until a new producer is connected, sends are refused at once and nothing reaches a producer.
    expect(producer.state).toBe('resetting');
    expect(producer.failure).toMatch(/out of order/);
    await expect(producer.send(record('refused'))).rejects.toMatchObject({
      name: 'KafkaUnavailableError',
      reason: 'producer-resetting',
    });
    await until(() => producer.state === 'ready', 'a new producer');
    expect(producers).toHaveLength(3); // the failed one, one that could not connect, the new one
    expect(producer.failure).toBeUndefined();

    const next = producer.send(record('b'));
    await until(() => producers[2]!.inFlight === 1, 'the send on the new producer');
    producers[2]!.acknowledge();
    await next;
    expect(producers.flatMap((p) => p.sent.map((r) => r.messages[0]!.value))).toEqual(['a', 'b']);
    await producer.close();
    expect(producers[2]!.disconnects).toBe(1);
  });

  it.each([
    ['a connection error', () => new KafkaJSConnectionError('Connection error: read ECONNRESET')],
    [
      // What kafkajs' retrier rejects with when its reconnect to a stopped broker fails (seen on a real broker).
      'a connection error kafkajs gave up on',
      () => {
        const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
        // @ts-expect-error kafkajs' runtime takes { cause }; its typings do not say so
        return new KafkaJSNonRetriableError(refused, { cause: refused });
      },
    ],
  ])('on %s answers kafka-unavailable and recreates the producer too', async (_, error) => {
    const { producer, producers } = harness();
    const failing = producer.send(record('a'));
    await until(() => producers[0]?.inFlight === 1, 'the send');
    producers[0]!.fail(error());
    await expect(failing).rejects.toMatchObject({ name: 'KafkaUnavailableError', reason: 'kafka-unavailable' });
    await until(() => producer.state === 'ready' && producers.length === 2, 'a new producer');
    await producer.close();
  });

  it('rethrows a refusal that is not about availability as it is, and still recreates the producer', async () => {
    const { producer, producers } = harness();
    const failing = producer.send(record('a'));
    await until(() => producers[0]?.inFlight === 1, 'the send');
    const denied = protocolError('TOPIC_AUTHORIZATION_FAILED', 29, 'Not authorized to access topics');
    producers[0]!.fail(denied);
    await expect(failing).rejects.toBe(denied);
    await until(() => producers.length === 2 && producer.state === 'ready', 'a new producer');
    await producer.close();
  });

  it('gives up on a send after timeoutMs, retires its producer and closes it again once the send ends', async () => {
    // The successor takes a while to connect, as a real one does: the queued send, whichever of the two deadlines
    // passes first, is refused (timed out waiting, or producer-resetting) and never reaches a producer.
    const { producer, producers } = harness({
      timeoutMs: 100,
      connects: [async () => {}, () => new Promise((resolve) => setTimeout(resolve, 50))],
    });
    const started = Date.now();
    const first = producer.send(record('a'));
    const queued = producer.send(record('queued')); // waits behind the first, past its own deadline
    await expect(first).rejects.toMatchObject({
      name: 'KafkaUnavailableError',
      reason: 'kafka-unavailable',
      message: 'Kafka did not acknowledge send to t within 100 ms',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(queued).rejects.toBeInstanceOf(KafkaUnavailableError);
    await until(() => producers.length === 2 && producer.state === 'ready', 'a new producer');
    const disconnects = producers[0]!.disconnects;
    producers[0]!.acknowledge(); // the abandoned send ends late (kafkajs retried it)
    await until(() => producers[0]!.disconnects > disconnects, 'the old producer to be closed again');
    // The send that timed out waiting for its turn was never sent.
    expect(producers.flatMap((p) => p.sent.map((r) => r.messages[0]!.value))).toEqual(['a']);
    await producer.close();
  });

  it('stays idle when the first connect fails, and connects a new producer on the next send', async () => {
    const { producer, producers } = harness({
      connects: [() => Promise.reject(new KafkaJSConnectionError('Connection error: ECONNREFUSED'))],
    });
    await expect(producer.send(record('a'))).rejects.toMatchObject({ reason: 'kafka-unavailable' });
    expect(producer.state).toBe('idle');
    expect(producer.failure).toMatch(/ECONNREFUSED/);
    const next = producer.send(record('b'));
    await until(() => producers[1]?.inFlight === 1, 'the send on a new producer');
    producers[1]!.acknowledge();
    await next;
    await producer.close();
  });

  it('close stops reconnecting and refuses sends', async () => {
    const refused = () => Promise.reject(new KafkaJSConnectionError('Connection error: ECONNREFUSED'));
    const { producer, producers } = harness({ connects: [async () => {}, refused, refused, refused, refused] });
    const failing = producer.send(record('a'));
    await until(() => producers[0]?.inFlight === 1, 'the send');
    producers[0]!.fail(outOfOrder());
    await failing.catch(() => undefined);
    await until(() => producers.length >= 3, 'reconnect attempts');
    await producer.close();
    const attempts = producers.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(producers.length).toBe(attempts);
    expect(producer.state).toBe('closed');
    await expect(producer.send(record('b'))).rejects.toBeInstanceOf(KafkaUnavailableError);
  });
});

describe('stickyPartitioner', () => {
  it("gives a message the partition it first got, so kafkajs' retries resend the same batches", () => {
    const partition = stickyPartitioner(Partitioners.DefaultPartitioner)();
    const partitionMetadata = [0, 1, 2, 3].map((partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 1,
      replicas: [1],
      isr: [1],
    }));
    const messages = Array.from({ length: 8 }, (_, i) => ({ key: null, value: `v${i}` }));
    const first = messages.map((message) => partition({ topic: 't', partitionMetadata, message }));
    const retried = messages.map((message) => partition({ topic: 't', partitionMetadata, message }));
    expect(retried).toEqual(first);
    // Null keys still spread over the partitions (round-robin), keyed ones still hash.
    expect(new Set(first).size).toBe(4);
    const keyed = { key: 'fox', value: 'x' };
    expect(partition({ topic: 't', partitionMetadata, message: keyed })).toBe(
      Partitioners.DefaultPartitioner()({ topic: 't', partitionMetadata, message: { key: 'fox', value: 'y' } }),
    );
  });
});
