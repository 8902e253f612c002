// `npm start`: the whole system in one command. Builds, uses KAFKA_BOOTSTRAP_SERVERS or starts the process
// broker, creates the topics of the Strimzi manifests, starts producer, word-count (--instances N) and
// query-api with prefixed logs, prints the URLs; Ctrl-C stops the services (each within its grace period),
// then the broker if this run started it. State (broker data, .local/state) survives a restart.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { brokerAnswers, start as startProcessBroker, stop as stopProcessBroker } from '../kafka/process-broker.ts';
import { findRepoRoot } from '../versions.ts';
import { ChildProcesses, type ChildExit } from './children.ts';
import { answersOk, freePorts } from './http-wait.ts';
import { parseOptions, type StartOptions, USAGE, UsageError } from './options.ts';
import { fixedPorts, planServices, type Ports, type ServicePlan } from './plan.ts';
import { ensureTopics, readTopicSpecs, withPrefix } from './topics.ts';

const { Kafka, logLevel } = kafkajs;

const LISTEN_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 180_000;
/** A second Ctrl-C within this time is the same keypress reaching us twice (terminal and npm), not "force". */
const REPEAT_SIGNAL_MS = 1_000;

function say(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

class StartFailure extends Error {
  override readonly name = 'StartFailure';
}

/** Resolves once SIGINT or SIGTERM arrived; a later second one kills the children at once. */
function stopRequest(onForce: () => void): { requested: Promise<NodeJS.Signals>; readonly signalled: boolean } {
  let firstAt: number | undefined;
  let resolveRequested: (signal: NodeJS.Signals) => void = () => {};
  const requested = new Promise<NodeJS.Signals>((resolve) => (resolveRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      say(`${signal}: stopping (press Ctrl-C again to kill everything at once)`);
      resolveRequested(signal);
    } else if (Date.now() - firstAt > REPEAT_SIGNAL_MS) {
      onForce();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested,
    get signalled() {
      return firstAt !== undefined;
    },
  };
}

async function main(): Promise<number> {
  let options: StartOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = findRepoRoot();
  let brokerStart: Promise<{ servers: string; started: boolean }> | undefined;
  const names = [
    'producer',
    ...Array.from({ length: options.instances }, (_, i) => `word-count-${i + 1}`),
    'query-api',
  ];
  const children = new ChildProcesses({ names, format: options.logFormat, color: process.stdout.isTTY === true });
  const stop = stopRequest(() => {
    say('killing everything');
    children.killAll();
    process.exit(130);
  });
  // Should this process die of an error, its children (own process groups) must not outlive it.
  process.once('exit', () => children.killAll());
  let unexpected: ChildExit | undefined;
  const childFailed = new Promise<ChildExit>((resolve) =>
    children.onUnexpectedExit((exit) => {
      unexpected = exit;
      resolve(exit);
    }),
  );

  /** Runs one start-up step, unless a stop was requested or a child failed meanwhile. */
  const step = async <T>(work: Promise<T>): Promise<T> => {
    const outcome = await Promise.race([
      work.then((value) => ({ value })),
      stop.requested.then(() => 'stopped' as const),
      childFailed.then(() => 'failed' as const),
    ]);
    if (outcome === 'stopped' || outcome === 'failed') throw new StartFailure(outcome);
    return outcome.value;
  };

  try {
    if (options.build) build(root);
    brokerStart = broker();
    const bootstrap = await step(brokerStart);
    await step(createTopics(root, bootstrap.servers, options.topicPrefix));
    const ports = await portsFor(options);
    const plans = planServices(options, ports, root, bootstrap.servers).filter((plan) => isBuilt(root, plan));
    for (const plan of plans) {
      const pid = children.spawn(plan, root);
      const url = `http://127.0.0.1:${plan.port}`;
      const listening = await step(
        answersOk(`${url}/health/live`, () => children.isRunning(plan.name), LISTEN_TIMEOUT_MS),
      );
      if (!listening) throw new StartFailure(`${plan.name} did not answer ${url}/health/live`);
      say(`${plan.name} (pid ${pid}) listening at ${url}`);
    }
    printLinks(plans);
    const ready = await step(
      Promise.all(
        plans.map((plan) =>
          answersOk(
            `http://127.0.0.1:${plan.port}/health/ready`,
            () => children.isRunning(plan.name),
            READY_TIMEOUT_MS,
          ),
        ),
      ),
    );
    const notReady = plans.filter((_, i) => !ready[i]).map((plan) => plan.name);
    say(notReady.length === 0 ? 'all services ready' : `not ready yet: ${notReady.join(', ')} (see their logs)`);
    await Promise.race([stop.requested, childFailed]);
  } catch (error) {
    if (!(error instanceof StartFailure)) throw error;
    if (error.message !== 'stopped' && error.message !== 'failed') say(`could not start: ${error.message}`);
  } finally {
    if (unexpected) say(`${unexpected.name} exited unexpectedly (${describeExit(unexpected)}); stopping everything`);
    say('stopping the services');
    for (const exit of await children.stopAll()) say(`${exit.name} stopped (${describeExit(exit)})`);
    // Also when a stop came while the broker was starting: it is stopped once up.
    if ((await brokerStart?.catch(() => undefined))?.started) await stopProcessBroker();
  }
  return unexpected || !stop.signalled ? 1 : 0;
}

function build(root: string): void {
  say('building (tsc -b)');
  const result = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new StartFailure('the build failed (see above)');
}

async function broker(): Promise<{ servers: string; started: boolean }> {
  const configured = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (configured) {
    const first = configured.split(',')[0]!.trim();
    if (!(await brokerAnswers(first, 5_000))) {
      throw new StartFailure(
        `no Kafka broker answers at ${configured} (KAFKA_BOOTSTRAP_SERVERS); start one or unset it`,
      );
    }
    say(`using the broker at ${configured} (KAFKA_BOOTSTRAP_SERVERS)`);
    return { servers: configured, started: false };
  }
  const { started, bootstrap } = await startProcessBroker();
  return { servers: bootstrap, started };
}

async function createTopics(root: string, servers: string, prefix: string): Promise<void> {
  const specs = withPrefix(readTopicSpecs(join(root, 'strimzi', 'base', 'topics')), prefix);
  const admin = new Kafka({
    clientId: 'streamkit-start',
    brokers: servers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    // A freshly formatted broker is not ready for a moment (retriable errors): one quiet line, then retries.
    const { created, mismatched } = await ensureTopics(admin, specs, {
      onRetry: (_error, attempt) => {
        if (attempt === 1) say('topics: the broker is still getting ready, retrying');
      },
    });
    say(created.length > 0 ? `topics created: ${created.join(', ')}` : `topics exist (${specs.length})`);
    for (const { name, expected, actual } of mismatched) {
      say(`warning: topic ${name} has ${actual} partitions, the manifests say ${expected}`);
    }
  } finally {
    await admin.disconnect();
  }
}

async function portsFor(options: StartOptions): Promise<Ports> {
  if (options.ports === 'fixed') return fixedPorts(options.instances);
  const [producer, queryApi, ...wordCount] = await freePorts(options.instances + 2);
  return { producer: producer!, queryApi: queryApi!, wordCount };
}

function isBuilt(root: string, plan: ServicePlan): boolean {
  if (existsSync(join(root, plan.main))) return true;
  say(`skipping ${plan.name}: ${plan.main} does not exist (not built, or the service is not there yet)`);
  return false;
}

function printLinks(plans: ReadonlyArray<ServicePlan>): void {
  const lines = plans.flatMap((plan) =>
    plan.links.map(
      ({ label, path }) => `  ${`${plan.name}`.padEnd(14)} ${label.padEnd(20)} http://127.0.0.1:${plan.port}${path}`,
    ),
  );
  const producer = plans.find((plan) => plan.name === 'producer');
  const feed = producer ? `npm run demo:feed -- --url http://127.0.0.1:${producer.port}` : 'npm run demo:feed';
  say(`the system is up:\n${lines.join('\n')}\n  Feed it sentences: ${feed}   Stop: Ctrl-C`);
}

function describeExit({ code, signal, killed }: ChildExit): string {
  if (killed) return 'killed after its grace period';
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[start] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
