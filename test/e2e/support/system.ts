// The whole system in containers with Testcontainers, for the end-to-end suites: one Kafka broker container and
// the services, each in its own container from its image (streamkit/<service>:<E2E_IMAGE_TAG, default local>,
// built from its Dockerfile by tools/docker/build-service-images.sh, which skips up-to-date images), all on one
// network where each is reached by its alias, with the environment docker-compose.yml gives them.
//
// A file shares one broker and one network between its scenarios; each scenario gets its own topics, application
// ids and containers (a topic prefix), so scenarios do not see each other's records.
//
// Clean-up: every container carries the label org.streamkit.e2e=system:<image tag> and the network is named
// streamkit-system-e2e-*, so `removeLeftovers()` (run first) removes what an interrupted run left behind; Ryuk, which
// would do that, is off on machines that cannot pull it (.local/docker/testcontainers.env).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { ensureTopics, readTopicSpecs, withPrefix } from '../../../tools/start/topics.ts';
import { findRepoRoot, startKafkaContainer, type StartedKafka } from './kafka-container.js';
import { freePort } from '../../../tools/start/http-wait.ts';

const run = promisify(execFile);
const { Kafka, logLevel } = kafkajs;

export const E2E_LABEL = 'org.streamkit.e2e';
/**
 * `system:<image tag>`: runs with other tags (other working copies on the same Docker engine) are not leftovers of
 * this one, and removeLeftovers() leaves their containers alone.
 */
const LABELS = { [E2E_LABEL]: `system:${imageTag()}` };
const NETWORK_PREFIX = 'streamkit-system-e2e-';
export const KAFKA_ALIAS = 'kafka';
const HTTP_PORT = 8080;

export type ServiceName = 'producer' | 'word-count' | 'query-api';

async function docker(args: ReadonlyArray<string>, timeoutMs = 120_000): Promise<string> {
  const { stdout } = await run('docker', [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * Removes the containers and networks an earlier (failed, interrupted) run of these suites with the same image tag
 * left behind. A network still in use (by another tag's run) cannot be removed and stays.
 */
export async function removeLeftovers(): Promise<void> {
  const containers = (await docker(['ps', '-aq', '--filter', `label=${E2E_LABEL}=${LABELS[E2E_LABEL]}`]))
    .split('\n')
    .filter(Boolean);
  if (containers.length > 0) await docker(['rm', '-f', '-v', ...containers]);
  const networks = (await docker(['network', 'ls', '-q', '--filter', `name=${NETWORK_PREFIX}`]))
    .split('\n')
    .filter(Boolean);
  for (const network of networks) await docker(['network', 'rm', network]).catch(() => undefined);
}

/** Builds the services' images when missing or out of date (the script skips up-to-date ones). */
export async function ensureServiceImages(): Promise<void> {
  const root = findRepoRoot();
  await run('bash', ['tools/docker/build-service-images.sh', 'producer', 'word-count', 'query-api'], {
    cwd: root,
    env: { ...process.env, SERVICE_IMAGE_TAG: imageTag() },
    timeout: 1_500_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The streams library's Kafka client in word-count and query-api: E2E_KAFKA_STREAMS_CLIENT, else platformatic. */
function streamsClient(): string {
  return process.env.E2E_KAFKA_STREAMS_CLIENT ?? 'platformatic';
}

function imageTag(): string {
  return process.env.E2E_IMAGE_TAG ?? 'local';
}

/**
 * The image of a service: streamkit/<service>:<E2E_IMAGE_TAG>, or E2E_<SERVICE>_IMAGE (E2E_WORD_COUNT_IMAGE,
 * E2E_PRODUCER_IMAGE, E2E_QUERY_API_IMAGE) to run the scenarios against a variant, e.g. a word-count whose
 * dead-letter handler was replaced, and see them fail (system.e2e.test.ts' header says which variant fails what).
 */
export function serviceImage(service: ServiceName): string {
  const variant = process.env[`E2E_${service.toUpperCase().replace('-', '_')}_IMAGE`];
  return variant || `streamkit/${service}:${imageTag()}`;
}

/** process_resident_memory_bytes of the service's process, as its /metrics reports it. */
export async function residentBytes(service: ServiceContainer): Promise<number> {
  const text = await (await service.fetch('/metrics')).text();
  const match = /^process_resident_memory_bytes(?:\{[^}]*\})? (\S+)/m.exec(text);
  if (!match) throw new Error(`${service.alias}: no process_resident_memory_bytes in /metrics`);
  return Number(match[1]);
}

/** One service container: its alias on the network, and its HTTP API as the host reaches it. */
export class ServiceContainer {
  constructor(
    readonly alias: string,
    readonly container: StartedTestContainer,
  ) {}

  get id(): string {
    return this.container.getId();
  }

  /** The base URL on the host; looked up each time, since `docker start` after a kill maps a new port. */
  async url(): Promise<string> {
    const out = await docker(['port', this.id, `${HTTP_PORT}/tcp`]);
    const port = /:(\d+)\s*$/m.exec(out.split('\n')[0] ?? '')?.[1];
    if (!port) throw new Error(`${this.alias}: port ${HTTP_PORT} is not published (${out.trim()})`);
    return `http://127.0.0.1:${port}`;
  }

  async fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${await this.url()}${path}`, { ...init, signal: AbortSignal.timeout(15_000) });
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.fetch(path);
    if (!response.ok) throw new Error(`${this.alias} GET ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async ready(): Promise<boolean> {
    try {
      return (await this.fetch('/health/ready')).ok;
    } catch {
      return false;
    }
  }

  /** SIGKILL: no drain, no commit, no leaving the group. */
  async kill(): Promise<void> {
    await docker(['kill', '--signal', 'KILL', this.id]);
    await docker(['wait', this.id]).catch(() => undefined);
  }

  /** SIGTERM, then (after the service's own grace period) SIGKILL: a clean stop, state checkpointed. */
  async stop(): Promise<void> {
    await docker(['stop', '--time', '40', this.id]);
  }

  /** Starts the (killed or stopped) container again: same file system, same name on the network. */
  async startAgain(): Promise<void> {
    await docker(['start', this.id]);
  }

  async disconnect(network: StartedNetwork): Promise<void> {
    await docker(['network', 'disconnect', network.getName(), this.id]);
  }

  async reconnect(network: StartedNetwork): Promise<void> {
    await docker(['network', 'connect', '--alias', this.alias, network.getName(), this.id]);
  }

  /** Everything the container wrote since it was created (all its starts). */
  async allLogs(): Promise<string> {
    try {
      const { stdout, stderr } = await run('docker', ['logs', this.id], { maxBuffer: 64 * 1024 * 1024 });
      return stdout + stderr;
    } catch (error) {
      return `(no logs: ${(error as Error).message})`;
    }
  }

  async remove(): Promise<void> {
    await docker(['rm', '-f', '-v', this.id]).catch(() => undefined);
  }
}

export interface ScenarioTopics {
  readonly prefix: string;
  readonly sentences: string;
  readonly wordCounts: string;
  readonly windowedCounts: string;
  readonly deadLetters: string;
  readonly wordCountApplicationId: string;
  readonly queryApiApplicationId: string;
}

/** One broker container and one network, shared by the scenarios of a file. */
export class E2eSystem {
  private readonly services: ServiceContainer[] = [];

  private constructor(
    readonly network: StartedNetwork,
    readonly kafka: StartedKafka,
    readonly kafkaClient: kafkajs.Kafka,
  ) {}

  static async start(): Promise<E2eSystem> {
    await removeLeftovers();
    await ensureServiceImages();
    const name = `${NETWORK_PREFIX}${randomUUID().slice(0, 8)}`;
    const network = await new Network({ nextUuid: () => name }).start();
    try {
      const kafka = await startKafkaContainer({
        network,
        networkAlias: KAFKA_ALIAS,
        labels: LABELS,
        hostPort: await freePort(),
        environment: {
          // Short group timeouts keep fail-over scenarios short; the services set their own session timeouts.
          KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '3000',
          // Transactions of a crashed producer are aborted soon enough for a scenario to see them end.
          KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS: '5000',
        },
      });
      const kafkaClient = new Kafka({
        clientId: 'e2e-system',
        brokers: [kafka.bootstrapServers],
        logLevel: logLevel.NOTHING,
        connectionTimeout: 5_000,
        retry: { retries: 8 },
      });
      return new E2eSystem(network, kafka, kafkaClient);
    } catch (error) {
      await network.stop().catch(() => undefined);
      throw error;
    }
  }

  get internalBootstrap(): string {
    return `${KAFKA_ALIAS}:9093`;
  }

  /** The topics of strimzi/base under a fresh prefix, created on the broker; the ids that go with them. */
  async createScenarioTopics(label: string): Promise<ScenarioTopics> {
    const prefix = `${label}-${randomUUID().slice(0, 6)}-`;
    const specs = withPrefix(readTopicSpecs(`${findRepoRoot()}/strimzi/base/topics`), prefix);
    const admin = this.kafkaClient.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, specs);
    } finally {
      await admin.disconnect();
    }
    return {
      prefix,
      sentences: `${prefix}sentences`,
      wordCounts: `${prefix}word-counts`,
      windowedCounts: `${prefix}word-counts-windowed`,
      deadLetters: `${prefix}word-count-dlq`,
      wordCountApplicationId: `${prefix}word-count`,
      queryApiApplicationId: `${prefix}query-api`,
    };
  }

  /** Stops the broker (SIGTERM: it closes its logs cleanly); its data and host port stay for startBroker(). */
  async stopBroker(): Promise<void> {
    await docker(['stop', '--time', '60', this.kafka.container.getId()]);
  }

  /**
   * Starts the stopped broker again and waits until it answers from the host and leads every partition of
   * `topics` again (right after a start it answers "not the leader" for a while).
   */
  async startBroker(topics: ReadonlyArray<string>): Promise<void> {
    await docker(['start', this.kafka.container.getId()]);
    await eventually(
      'the broker to answer and lead every partition again',
      async () => {
        const admin = this.kafkaClient.admin();
        await admin.connect();
        try {
          const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
          return metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
        } finally {
          await admin.disconnect();
        }
      },
      (led) => led,
      120_000,
      1_000,
    );
  }

  /** The first `expected` committed records of a topic, with string keys, values and headers. */
  async readTopic(
    topic: string,
    expected: number,
    timeoutMs = 60_000,
  ): Promise<Array<{ key: string | null; value: string | null; headers: Record<string, string> }>> {
    const consumer = this.kafkaClient.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 200 });
    const records: Array<{ key: string | null; value: string | null; headers: Record<string, string> }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${records.length} of ${expected} records on ${topic} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        void consumer
          .run({
            eachMessage: async ({ message }) => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(message.headers ?? {})) {
                if (value !== undefined) headers[name] = String(Array.isArray(value) ? value[0] : value);
              }
              records.push({
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? null,
                headers,
              });
              if (records.length >= expected) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return records;
  }

  /** Records in a topic: the sum over its partitions of end minus start offsets (transaction markers included). */
  async recordsIn(topic: string): Promise<number> {
    const admin = this.kafkaClient.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      return offsets.reduce((sum, { high, low }) => sum + Number(high) - Number(low), 0);
    } finally {
      await admin.disconnect();
    }
  }

  /** Environment of each service as docker-compose.yml sets it, with the scenario's topics and ids. */
  environment(
    service: ServiceName,
    topics: ScenarioTopics,
    alias: string,
    extra: Readonly<Record<string, string>> = {},
  ): Record<string, string> {
    const common = { KAFKA_BOOTSTRAP_SERVERS: this.internalBootstrap, INSTANCE_ID: alias, LOG_LEVEL: 'info' };
    switch (service) {
      case 'producer':
        return { ...common, SENTENCES_TOPIC: topics.sentences, ...extra };
      case 'word-count':
        return {
          ...common,
          APPLICATION_SERVER: `${alias}:${HTTP_PORT}`,
          STATE_DIR: '/var/lib/word-count',
          PROCESSING_GUARANTEE: process.env.E2E_PROCESSING_GUARANTEE ?? 'exactly_once',
          KAFKA_STREAMS_CLIENT: streamsClient(),
          APPLICATION_ID: topics.wordCountApplicationId,
          SENTENCES_TOPIC: topics.sentences,
          WORD_COUNTS_TOPIC: topics.wordCounts,
          WINDOWED_COUNTS_TOPIC: topics.windowedCounts,
          DEAD_LETTER_TOPIC: topics.deadLetters,
          // Fail-over in 20 s rather than 45 s; not much less: on a busy CI machine a shorter session expires
          // under instances that are merely slow, and the group never settles.
          SESSION_TIMEOUT_MS: '20000',
          HEARTBEAT_INTERVAL_MS: '2000',
          SHUTDOWN_GRACE_MS: '10000',
          ...extra,
        };
      case 'query-api':
        return {
          ...common,
          APPLICATION_ID: topics.queryApiApplicationId,
          KAFKA_STREAMS_CLIENT: streamsClient(),
          WORD_COUNTS_TOPIC: topics.wordCounts,
          WINDOWED_COUNTS_TOPIC: topics.windowedCounts,
          SHUTDOWN_GRACE_MS: '10000',
          ...extra,
        };
    }
  }

  /** Starts a service container and waits until it answers /health/ready. */
  async startService(
    service: ServiceName,
    alias: string,
    topics: ScenarioTopics,
    extra: Readonly<Record<string, string>> = {},
  ): Promise<ServiceContainer> {
    const container = await new GenericContainer(serviceImage(service))
      .withName(`${NETWORK_PREFIX}${topics.prefix}${alias}`)
      .withLabels(LABELS)
      .withNetwork(this.network)
      .withNetworkAliases(alias)
      .withExposedPorts(HTTP_PORT)
      .withEnvironment(this.environment(service, topics, alias, extra))
      .withWaitStrategy(Wait.forHttp('/health/ready', HTTP_PORT).forStatusCode(200))
      .withStartupTimeout(120_000)
      .start();
    const started = new ServiceContainer(alias, container);
    this.services.push(started);
    return started;
  }

  /** Every container's log (services, then the broker's tail), for a failed test's output. */
  async dumpLogs(): Promise<string> {
    const parts: string[] = [];
    for (const service of this.services) {
      parts.push(`===== ${service.alias} (${service.id.slice(0, 12)}) =====\n${tail(await service.allLogs(), 300)}`);
    }
    try {
      const { stdout, stderr } = await run('docker', ['logs', '--tail', '150', this.kafka.container.getId()], {
        maxBuffer: 64 * 1024 * 1024,
      });
      parts.push(`===== kafka =====\n${stdout}${stderr}`);
    } catch (error) {
      parts.push(`===== kafka: no logs (${(error as Error).message}) =====`);
    }
    return parts.join('\n');
  }

  /** Removes the services' containers (between scenarios). */
  async removeServices(): Promise<void> {
    await Promise.all(this.services.splice(0).map((service) => service.remove()));
  }

  async stop(): Promise<void> {
    await this.removeServices();
    await docker(['rm', '-f', '-v', this.kafka.container.getId()]).catch(() => undefined);
    await this.network.stop().catch(() => undefined);
  }
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Polls `condition` until it holds; the error says what was awaited and what `describe` reports last. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  holds: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (holds(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
