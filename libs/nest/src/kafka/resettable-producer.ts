import type { ProducerRecord, RecordMetadata } from 'kafkajs';
import { KafkaUnavailableError } from './kafka-unavailable.error.js';
import { classifyProducerFailure } from './producer-failure.js';
import { withTimeout } from './with-timeout.js';

/** The part of a kafkajs producer this class drives (a fake one in the tests). */
export interface ProducerSession {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: ProducerRecord): Promise<RecordMetadata[]>;
}

/**
 * - `idle`: no producer yet, or the last first connect failed; the next send connects.
 * - `ready`: a connected producer takes sends, one at a time.
 * - `resetting`: the producer failed; a new one is being connected in the background. Sends are refused.
 * - `closed`: for good.
 */
export type ProducerState = 'idle' | 'ready' | 'resetting' | 'closed';

export interface ResettableProducerOptions {
  /** A new, unconnected producer: each has its own producer id, so its sequence numbers start afresh. */
  readonly create: () => ProducerSession;
  /** How long a send (its wait for its turn, the connect and the acknowledgement) may take. */
  readonly timeoutMs: number;
  /** The pause between two reconnect attempts after a reset: doubles from `initial` up to `max`. */
  readonly reconnectBackoffMs?: { readonly initial: number; readonly max: number };
  readonly log?: { warn(message: string): void; info(message: string): void };
}

/**
 * An idempotent producer that a failure replaces. kafkajs keeps the sequence number of each partition in the
 * client, and after a failed send it cannot know what the broker wrote: it rolls the numbers back even for
 * partitions the broker accepted, so the next send to them is refused ("out of order sequence number") or,
 * worse, taken for a duplicate and dropped. So after any failed send the producer is retired and a new one, with
 * a new producer id, is connected in the background; until it is, sends are refused at once (503
 * `producer-resetting`) and readiness is down. Sends go one at a time, so that no send takes sequence numbers
 * between a failed attempt and kafkajs' retry of it.
 */
export class ResettableProducer {
  private current: ProducerSession | undefined;
  private connecting: Promise<ProducerSession> | undefined;
  private stateNow: ProducerState = 'idle';
  private lastFailure: string | undefined;
  private turns: Promise<void> = Promise.resolve();
  private reconnecting: Promise<void> | undefined;
  private wakeReconnect: (() => void) | undefined;

  constructor(private readonly options: ResettableProducerOptions) {}

  get state(): ProducerState {
    return this.stateNow;
  }

  /** Why the producer was last reset or could not connect; undefined once a producer is connected. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  /** Connects unless connected; concurrent callers share one attempt, each waiting at most `timeoutMs`. */
  async connect(): Promise<void> {
    await this.session(Date.now() + this.options.timeoutMs);
  }

  /**
   * Resolves when every record is acknowledged. Rejects with KafkaUnavailableError when Kafka did not
   * acknowledge within `timeoutMs` or could not be reached, or while the producer is being reset; a refusal of
   * another kind (authorization, ...) is rethrown as it is. Any failure retires the producer.
   */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    this.refuseUnlessOpen();
    const deadline = Date.now() + this.options.timeoutMs;
    const release = await this.takeTurn(deadline);
    try {
      this.refuseUnlessOpen();
      // A turn granted at its deadline would send with no time left to be acknowledged, and retire a sound producer.
      if (remaining(deadline) === 0) throw this.timedOut('the sends queued before this one');
      const producer = await this.session(deadline);
      const sending = producer.send(record);
      try {
        return await withTimeout(sending, remaining(deadline), () => this.timedOut(`send to ${record.topic}`));
      } catch (error) {
        this.retire(producer, error, sending);
        throw this.toCallerError(error, `send to ${record.topic}`);
      }
    } finally {
      release();
    }
  }

  /** Stops reconnecting and disconnects, waiting at most `timeoutMs` for each. */
  async close(): Promise<void> {
    if (this.stateNow === 'closed') return;
    this.stateNow = 'closed';
    this.wakeReconnect?.();
    const producer = this.current;
    this.current = undefined;
    if (producer) await this.disconnect(producer);
    // A connect still under way disconnects what it connected once it sees the state (session, reconnect).
    await withTimeout(this.reconnecting ?? Promise.resolve(), this.options.timeoutMs, () =>
      this.timedOut('reconnect'),
    ).catch(() => undefined);
  }

  private refuseUnlessOpen(): void {
    if (this.stateNow === 'resetting') {
      throw new KafkaUnavailableError(`The Kafka producer is being recreated after: ${this.lastFailure}`, {
        reason: 'producer-resetting',
      });
    }
    if (this.stateNow === 'closed') throw new KafkaUnavailableError('The Kafka producer is closed');
  }

  /** Waits until the sends before this one are done (or the deadline passes); returns the release of the turn. */
  private async takeTurn(deadline: number): Promise<() => void> {
    const previous = this.turns;
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    // A send that gives up waiting must not let the next one overtake the send still running before it.
    this.turns = previous.then(() => done);
    try {
      await withTimeout(previous, remaining(deadline), () => this.timedOut('the sends queued before this one'));
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** The connected producer; connects a first one when idle. */
  private async session(deadline: number): Promise<ProducerSession> {
    if (this.current) return this.current;
    this.refuseUnlessOpen();
    this.connecting ??= this.connectNew().then(
      (producer) => {
        this.connecting = undefined;
        if (this.stateNow === 'closed') {
          void this.disconnect(producer);
          throw new KafkaUnavailableError('The Kafka producer is closed');
        }
        this.adopt(producer);
        return producer;
      },
      (error: unknown) => {
        this.connecting = undefined;
        this.lastFailure = describe(error);
        throw error;
      },
    );
    try {
      return await withTimeout(this.connecting, remaining(deadline), () => this.timedOut('connect'));
    } catch (error) {
      throw this.toCallerError(error, 'connect');
    }
  }

  private async connectNew(): Promise<ProducerSession> {
    const producer = this.options.create();
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      void this.disconnect(producer);
      throw error;
    }
  }

  private adopt(producer: ProducerSession): void {
    this.current = producer;
    this.stateNow = 'ready';
    this.lastFailure = undefined;
  }

  /** Takes `producer` out of service and starts connecting its successor; a no-op if it was already retired. */
  private retire(producer: ProducerSession, cause: unknown, pending: Promise<unknown>): void {
    if (this.current !== producer || this.stateNow === 'closed') return;
    this.current = undefined;
    this.stateNow = 'resetting';
    this.lastFailure = describe(cause);
    this.options.log?.warn(`Kafka producer failed, recreating it: ${this.lastFailure}`);
    void this.disconnect(producer);
    // An abandoned send keeps retrying inside kafkajs and may reconnect the old producer: close it once it ends.
    void pending.catch(() => undefined).then(() => this.disconnect(producer));
    this.reconnecting = this.reconnect().finally(() => (this.reconnecting = undefined));
  }

  private async reconnect(): Promise<void> {
    const { initial, max } = this.options.reconnectBackoffMs ?? { initial: 500, max: 5_000 };
    let pause = initial;
    for (let attempt = 1; this.stateNow === 'resetting'; attempt++) {
      const connecting = this.connectNew();
      try {
        const producer = await withTimeout(connecting, this.options.timeoutMs, () => this.timedOut('connect'));
        if (this.stateNow !== 'resetting') {
          await this.disconnect(producer);
          return;
        }
        this.adopt(producer);
        this.options.log?.info(`Kafka producer recreated (attempt ${attempt})`);
        return;
      } catch (error) {
        // A connect that outlived its time may still succeed: that producer is not wanted any more.
        void connecting.then(
          (late) => this.disconnect(late),
          () => undefined,
        );
        this.lastFailure = describe(error);
        await this.sleep(pause);
        pause = Math.min(pause * 2, max);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeReconnect = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async disconnect(producer: ProducerSession): Promise<void> {
    await withTimeout(producer.disconnect(), this.options.timeoutMs, () => this.timedOut('disconnect')).catch(
      () => undefined,
    );
  }

  private timedOut(what: string): KafkaUnavailableError {
    return new KafkaUnavailableError(`Kafka did not acknowledge ${what} within ${this.options.timeoutMs} ms`);
  }

  private toCallerError(error: unknown, what: string): unknown {
    if (error instanceof KafkaUnavailableError) return error;
    switch (classifyProducerFailure(error)) {
      case 'unreachable':
        return new KafkaUnavailableError(`Kafka is unreachable (${what}): ${describe(error)}`, { cause: error });
      case 'producer-state':
        return new KafkaUnavailableError(`Kafka refused the producer (${what}): ${describe(error)}; recreating it`, {
          cause: error,
          reason: 'producer-resetting',
        });
      case 'refused':
        return error;
    }
  }
}

function remaining(deadline: number): number {
  return Math.max(0, deadline - Date.now());
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
