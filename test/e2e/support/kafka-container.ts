// Starts a single-node Apache Kafka (KRaft, broker + controller) in a container with Testcontainers, using the
// official apache/kafka image at the version pinned in versions.env (or its stand-in built by
// tools/docker/build-images.sh on machines that cannot pull images).
//
// `@testcontainers/kafka` only supports confluentinc/cp-kafka, so this is a GenericContainer with the recipe
// Testcontainers' own Kafka modules use: the broker's client port 9092 is published on a random host port, and
// the container's command waits for a file that tells it the advertised listener; the helper writes that file
// once the mapped port is known (before the wait strategy runs), then the image's entrypoint starts the broker.
// No fixed host port, so parallel runs do not collide.
//
// Listeners inside the container:
//   PLAINTEXT  0.0.0.0:9092  advertised as <docker host>:<mapped port>  -> clients on the host (bootstrapServers)
//   BROKER     0.0.0.0:9093  advertised as <network alias or hostname>:9093 -> other containers, inter-broker
//   CONTROLLER 0.0.0.0:9094  KRaft controller quorum (this node only)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  GenericContainer,
  getContainerRuntimeClient,
  Wait,
  type InspectResult,
  type StartedNetwork,
  type StartedTestContainer,
} from 'testcontainers';

export const KAFKA_CLIENT_PORT = 9092;
export const KAFKA_BROKER_PORT = 9093;
const KAFKA_CONTROLLER_PORT = 9094;
/** A fixed KRaft cluster id (22 characters of base64 UUID); each container formats its own storage with it. */
const CLUSTER_ID = 'c3RyZWFta2l0LWUyZS0xMQ';
const ADVERTISED_FILE = '/tmp/testcontainers-advertised-listeners';

export interface KafkaContainerOptions {
  /** Join this network (for services running in other containers). */
  readonly network?: StartedNetwork;
  /** The broker's name on `network`; other containers then bootstrap from `<alias>:9093`. Default `kafka`. */
  readonly networkAlias?: string;
  /** Extra or overriding broker properties as KAFKA_* variables (e.g. KAFKA_NUM_PARTITIONS). */
  readonly environment?: Readonly<Record<string, string>>;
  /** How long the broker may take to log that it is running. Default 120 s. */
  readonly startupTimeoutMs?: number;
  /** Container labels (e.g. to find and remove leftovers of an interrupted run). */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Publish the client port on this host port instead of a random one: the address then survives a restart of
   * the container (a random mapping would change, and the broker would advertise the old one).
   */
  readonly hostPort?: number;
}

export interface StartedKafka {
  /** `host:port` for clients on the test's host. */
  readonly bootstrapServers: string;
  /** `alias:9093` for clients in other containers on `network`; without a network, `localhost:9093` (in-container only). */
  readonly internalBootstrapServers: string;
  readonly container: StartedTestContainer;
  stop(): Promise<void>;
}

/** The repository root: the nearest folder at or above `from` that holds versions.env. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'versions.env'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`versions.env not found in ${from} or any folder above it`);
    dir = parent;
  }
}

/** KEY=VALUE lines of a .env-style file (comments and blank lines ignored). */
function readEnvFile(path: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) entries[match[1]] = match[2].trim();
  }
  return entries;
}

/** The apache/kafka image pinned by versions.env. */
export function kafkaImage(root: string = findRepoRoot()): string {
  const version = readEnvFile(join(root, 'versions.env'))['KAFKA_VERSION'];
  if (!version) throw new Error(`KAFKA_VERSION is missing from ${join(root, 'versions.env')}`);
  return `apache/kafka:${version}`;
}

/**
 * Applies .local/docker/testcontainers.env, written by tools/docker/build-images.sh when the Ryuk image cannot
 * be had (air-gapped machines): TESTCONTAINERS_RYUK_DISABLED=true. A variable already set in the environment wins.
 */
export function applyLocalTestcontainersEnv(root: string = findRepoRoot()): void {
  const file = join(root, '.local', 'docker', 'testcontainers.env');
  if (!existsSync(file)) return;
  for (const [key, value] of Object.entries(readEnvFile(file))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

// Applied on import too, so that a test creating a Network (or any container) before the broker also runs
// without Ryuk on machines that cannot pull it.
try {
  applyLocalTestcontainersEnv();
} catch {
  // No versions.env above the working directory: startKafkaContainer reports it.
}

/** The full KRaft single-node set: the image drops its defaults as soon as one KAFKA_* variable is given. */
function brokerEnvironment(): Record<string, string> {
  return {
    CLUSTER_ID,
    KAFKA_NODE_ID: '1',
    KAFKA_PROCESS_ROLES: 'broker,controller',
    KAFKA_LISTENERS: `PLAINTEXT://0.0.0.0:${KAFKA_CLIENT_PORT},BROKER://0.0.0.0:${KAFKA_BROKER_PORT},CONTROLLER://0.0.0.0:${KAFKA_CONTROLLER_PORT}`,
    // KAFKA_ADVERTISED_LISTENERS is set by the container command from ADVERTISED_FILE (see containerStarting).
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'PLAINTEXT:PLAINTEXT,BROKER:PLAINTEXT,CONTROLLER:PLAINTEXT',
    KAFKA_INTER_BROKER_LISTENER_NAME: 'BROKER',
    KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
    KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${KAFKA_CONTROLLER_PORT}`,
    KAFKA_LOG_DIRS: '/tmp/kraft-combined-logs',
    KAFKA_NUM_PARTITIONS: '1',
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
    KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    // A launcher variable, not a broker property: both images leave it out of server.properties.
    KAFKA_HEAP_OPTS: '-Xmx512m -Xms512m',
  };
}

/** GenericContainer that tells the broker its host-side advertised listener once the mapped port is known. */
class ApacheKafkaContainer extends GenericContainer {
  private containerId: string | undefined;
  private readonly internalHost: string;

  constructor(image: string, internalHost: string) {
    super(image);
    this.internalHost = internalHost;
  }

  protected override async containerCreated(containerId: string): Promise<void> {
    this.containerId = containerId;
  }

  protected override async containerStarting(inspectResult: InspectResult): Promise<void> {
    if (this.containerId === undefined) throw new Error('containerStarting before containerCreated');
    const client = await getContainerRuntimeClient();
    const hostPort = inspectResult.ports[`${KAFKA_CLIENT_PORT}/tcp`]?.[0]?.hostPort;
    if (hostPort === undefined) throw new Error(`port ${KAFKA_CLIENT_PORT} of the Kafka container is not published`);
    const host = client.info.containerRuntime.host;
    const advertised = `PLAINTEXT://${host}:${hostPort},BROKER://${this.internalHost}:${KAFKA_BROKER_PORT}`;
    // Written atomically: the command polls for the file and must never read half of it.
    const result = await client.container.exec(client.container.getById(this.containerId), [
      'sh',
      '-c',
      `printf '%s' '${advertised}' > ${ADVERTISED_FILE}.tmp && mv ${ADVERTISED_FILE}.tmp ${ADVERTISED_FILE}`,
    ]);
    if (result.exitCode !== 0)
      throw new Error(`could not pass the advertised listeners to the broker: ${result.output}`);
  }
}

/** Starts the broker and resolves once it is running; `stop()` removes the container. */
export async function startKafkaContainer(options: KafkaContainerOptions = {}): Promise<StartedKafka> {
  const root = findRepoRoot();
  applyLocalTestcontainersEnv(root);
  const alias = options.networkAlias ?? 'kafka';
  const internalHost = options.network ? alias : 'localhost';

  let definition = new ApacheKafkaContainer(kafkaImage(root), internalHost)
    .withExposedPorts(
      options.hostPort === undefined ? KAFKA_CLIENT_PORT : { container: KAFKA_CLIENT_PORT, host: options.hostPort },
    )
    .withLabels({ ...options.labels })
    .withEnvironment({ ...brokerEnvironment(), ...options.environment })
    .withCommand([
      'sh',
      '-c',
      `while [ ! -f ${ADVERTISED_FILE} ]; do sleep 0.1; done; ` +
        `KAFKA_ADVERTISED_LISTENERS="$(cat ${ADVERTISED_FILE})"; export KAFKA_ADVERTISED_LISTENERS; ` +
        'exec /etc/kafka/docker/run',
    ])
    .withWaitStrategy(Wait.forLogMessage(/Transitioning from RECOVERY to RUNNING|Kafka Server started/))
    .withStartupTimeout(options.startupTimeoutMs ?? 120_000);
  if (options.network) definition = definition.withNetwork(options.network).withNetworkAliases(alias);

  const container = await definition.start();
  const bootstrapServers = `${container.getHost()}:${container.getMappedPort(KAFKA_CLIENT_PORT)}`;
  return {
    bootstrapServers,
    internalBootstrapServers: `${internalHost}:${KAFKA_BROKER_PORT}`,
    container,
    async stop(): Promise<void> {
      await container.stop();
    },
  };
}
