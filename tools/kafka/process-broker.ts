// A single-node Apache Kafka (KRaft, broker + controller) run as a local Java process.
// Used by `npm run kafka:*`, `npm start` and the integration tests' global setup.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';
import { findRepoRoot, readPinnedVersions } from '../versions.ts';

const { Kafka, logLevel } = kafkajs;

export const LOCAL_BROKER_HOST = '127.0.0.1';
export const LOCAL_BROKER_PORT = Number(process.env.LOCAL_KAFKA_PORT ?? 9092);
const CONTROLLER_PORT = LOCAL_BROKER_PORT + 1;
const CLUSTER_ID = 'c3RyZWFta2l0LWxvY2FsMQ'; // any 22-character base64url id; fixed so restarts reuse the data
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;

export const LOCAL_BOOTSTRAP = `${LOCAL_BROKER_HOST}:${LOCAL_BROKER_PORT}`;

interface BrokerPaths {
  readonly root: string;
  readonly home: string;
  readonly jars: string;
  readonly data: string;
  readonly log: string;
  readonly pid: string;
  readonly properties: string;
}

export class BrokerError extends Error {
  override readonly name = 'BrokerError';
}

function paths(root = findRepoRoot()): BrokerPaths {
  const { KAFKA_VERSION, SCALA_VERSION } = readPinnedVersions(root);
  const home = join(root, '.local', 'kafka');
  // A broker on another port (LOCAL_KAFKA_PORT) is another instance, with its own data, log and pid file.
  const instance = LOCAL_BROKER_PORT === 9092 ? home : join(home, `port-${LOCAL_BROKER_PORT}`);
  return {
    root,
    home,
    jars: join(home, `jars-${SCALA_VERSION}-${KAFKA_VERSION}`),
    data: join(instance, 'data'),
    log: join(instance, 'broker.log'),
    pid: join(instance, 'broker.pid'),
    properties: join(instance, 'server.properties'),
  };
}

function say(message: string): void {
  process.stderr.write(`[kafka] ${message}\n`);
}

function tail(file: string, lines = 40): string {
  if (!existsSync(file)) return '(no log written)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export function checkPrerequisites(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new BrokerError(
      'Java 17 or newer is required for the process broker, but `java` was not found on PATH. Install a JDK/JRE 17+ (Debian: apt-get install openjdk-17-jre-headless), or point KAFKA_BOOTSTRAP_SERVERS at a running broker.',
    );
  }
  const major = Number(/version "(\d+)/.exec(java.stderr)?.[1] ?? 0);
  if (major < 17)
    throw new BrokerError(`Java 17 or newer is required for the process broker; found: ${java.stderr.split('\n')[0]}`);
}

export function checkMaven(): void {
  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) {
    throw new BrokerError(
      'Maven is required once, to download the Kafka broker jars from Maven Central, but `mvn` was not found on PATH. Install it (Debian: apt-get install maven).',
    );
  }
}

/** Whether the broker's jars are resolved already (Maven is then no longer needed). */
export function jarsCached(p: BrokerPaths = paths()): boolean {
  return existsSync(join(p.jars, '.complete'));
}

/** Resolves the broker's runtime classpath from Maven Central into a cached folder; skipped when already there. */
export function ensureJars(p: BrokerPaths = paths()): string {
  if (jarsCached(p)) return p.jars;
  checkMaven();
  const { KAFKA_VERSION, SCALA_VERSION } = readPinnedVersions(p.root);
  say(`resolving Apache Kafka ${KAFKA_VERSION} (Scala ${SCALA_VERSION}) from Maven Central into ${p.jars}`);
  rmSync(p.jars, { recursive: true, force: true });
  mkdirSync(p.jars, { recursive: true });
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(p.root, 'tools', 'kafka', 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${KAFKA_VERSION}`,
      `-Dscala.binary.version=${SCALA_VERSION}`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${p.jars}`,
    ],
    { encoding: 'utf8' },
  );
  if (mvn.status !== 0) {
    throw new BrokerError(
      `mvn could not resolve the Kafka jars:\n${(mvn.stdout + mvn.stderr).trim().split('\n').slice(-30).join('\n')}`,
    );
  }
  writeFileSync(join(p.jars, '.complete'), `${new Date().toISOString()}\n`);
  return p.jars;
}

function serverProperties(p: BrokerPaths): string {
  return [
    '# Written by tools/kafka/process-broker.ts: a single KRaft node for development and tests.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${LOCAL_BROKER_HOST}:${CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://${LOCAL_BROKER_HOST}:${LOCAL_BROKER_PORT},CONTROLLER://${LOCAL_BROKER_HOST}:${CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://${LOCAL_BROKER_HOST}:${LOCAL_BROKER_PORT}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${p.data}`,
    // Single node: internal topics cannot have more than one replica.
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Fewer internal partitions than the defaults (50): faster first group and first transaction.
    'offsets.topic.num.partitions=10',
    'transaction.state.log.num.partitions=10',
    // Tests join and leave groups constantly; do not wait 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    // Tests stamp records with fixed times near 1970. Time-based retention (7 days for a topic, a day beyond the
    // store's retention for a window store's compact,delete changelog) deletes such records at the broker's next
    // retention check, every 5 minutes by default: now and then between a test's write and its read. Checking once a
    // day still bounds a development broker's disk.
    'log.retention.check.interval.ms=86400000',
    // The streams library creates the topics it needs; a typo must fail, not create a topic.
    'auto.create.topics.enable=false',
    'num.partitions=1',
    '',
  ].join('\n');
}

function formatStorageIfNeeded(p: BrokerPaths, classpath: string): void {
  if (existsSync(join(p.data, 'meta.properties'))) return;
  say(`formatting KRaft storage in ${p.data}`);
  const format = spawnSync(
    'java',
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', CLUSTER_ID, '-c', p.properties, '--ignore-formatted'],
    { encoding: 'utf8', env: { ...process.env, KAFKA_LOG4J_OPTS: '' } },
  );
  if (format.status !== 0) throw new BrokerError(`kafka-storage format failed:\n${format.stdout}${format.stderr}`);
}

function readPid(p: BrokerPaths): number | undefined {
  if (!existsSync(p.pid)) return undefined;
  const pid = Number(readFileSync(p.pid, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` is alive and is this project's broker (not a recycled pid). */
function isOurBroker(pid: number, p: BrokerPaths): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('kafka.Kafka') && cmdline.includes(p.properties);
  } catch {
    try {
      process.kill(pid, 0);
      return true; // no /proc (macOS): trust the pid file
    } catch {
      return false;
    }
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, LOCAL_BROKER_HOST, () => server.close(() => resolve(false)));
  });
}

/** One metadata request: resolves true when the broker at `bootstrap` answers within `timeoutMs`. */
export async function brokerAnswers(bootstrap: string, timeoutMs = 2_000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'streamkit-probe',
    brokers: [bootstrap],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export interface BrokerStatus {
  readonly running: boolean;
  readonly pid?: number;
  readonly bootstrap: string;
}

export function status(p: BrokerPaths = paths()): BrokerStatus {
  const pid = readPid(p);
  if (pid !== undefined && isOurBroker(pid, p)) return { running: true, pid, bootstrap: LOCAL_BOOTSTRAP };
  return { running: false, bootstrap: LOCAL_BOOTSTRAP };
}

/**
 * Starts the broker unless it already runs, and returns once it answers a metadata request.
 * `started` tells the caller whether this call started it (and so should stop it).
 */
export async function start(): Promise<{ readonly started: boolean; readonly bootstrap: string }> {
  const p = paths();
  const current = status(p);
  if (current.running && current.pid !== undefined) {
    await awaitReady(p, current.pid);
    say(`already running (pid ${current.pid}) at ${LOCAL_BOOTSTRAP}`);
    return { started: false, bootstrap: LOCAL_BOOTSTRAP };
  }
  checkPrerequisites();
  for (const port of [LOCAL_BROKER_PORT, CONTROLLER_PORT]) {
    if (await portInUse(port)) {
      throw new BrokerError(
        `port ${LOCAL_BROKER_HOST}:${port} is already taken by another process (not this project's broker). Stop it, or set KAFKA_BOOTSTRAP_SERVERS to use a broker you run yourself.`,
      );
    }
  }
  const jars = ensureJars(p);
  mkdirSync(p.data, { recursive: true });
  writeFileSync(p.properties, serverProperties(p));
  const classpath = `${jars}/*`;
  formatStorageIfNeeded(p, classpath);

  const log = openSync(p.log, 'w');
  const java = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx1g',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(p.root, 'tools', 'kafka', 'log4j2.properties')}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      p.properties,
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  if (java.pid === undefined) throw new BrokerError('could not spawn java');
  java.unref();
  writeFileSync(p.pid, `${java.pid}\n`);
  say(`starting Apache Kafka ${readPinnedVersions(p.root).KAFKA_VERSION} (pid ${java.pid}), log: ${p.log}`);
  await awaitReady(p, java.pid);
  say(`ready at ${LOCAL_BOOTSTRAP}`);
  return { started: true, bootstrap: LOCAL_BOOTSTRAP };
}

async function awaitReady(p: BrokerPaths, pid: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isOurBroker(pid, p)) {
      rmSync(p.pid, { force: true });
      throw new BrokerError(`the broker exited during start-up. Last lines of ${p.log}:\n${tail(p.log)}`);
    }
    if (await brokerAnswers(LOCAL_BOOTSTRAP, 1_000)) return;
    await sleep(250);
  }
  process.kill(pid, 'SIGKILL');
  rmSync(p.pid, { force: true });
  throw new BrokerError(
    `the broker did not answer at ${LOCAL_BOOTSTRAP} within ${START_TIMEOUT_MS / 1000} s; killed it. Last lines of ${p.log}:\n${tail(p.log)}`,
  );
}

/** Stops the broker (SIGTERM, then SIGKILL after a timeout). Does nothing when none runs. */
export async function stop(): Promise<{ readonly stopped: boolean }> {
  const p = paths();
  const { running, pid } = status(p);
  if (!running || pid === undefined) {
    rmSync(p.pid, { force: true });
    say('not running');
    return { stopped: false };
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isOurBroker(pid, p) && Date.now() < deadline) await sleep(200);
  if (isOurBroker(pid, p)) {
    say(`pid ${pid} ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s; sending SIGKILL`);
    process.kill(pid, 'SIGKILL');
  }
  rmSync(p.pid, { force: true });
  say(`stopped (pid ${pid})`);
  return { stopped: true };
}

export function logFile(): string {
  return paths().log;
}

/** Removes the broker's data (topics, offsets); the jar cache is kept. */
export async function reset(): Promise<void> {
  await stop();
  rmSync(paths().data, { recursive: true, force: true });
  say('data removed');
}
