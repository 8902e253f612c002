// The three services (producer, one word-count, query-api) started from their builds as `npm start` starts them,
// on free ports and under topic names of their own, for a benchmark that measures the system from the outside.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type kafkajs from 'kafkajs';
import { answersOk, freePorts } from '../../tools/start/http-wait.ts';
import { planServices, type ServicePlan } from '../../tools/start/plan.ts';
import { ensureTopics, readTopicSpecs, withPrefix } from '../../tools/start/topics.ts';

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
/** Lines of a service's output kept for the error message when it fails. */
const KEPT_LINES = 40;

export interface SystemOptions {
  readonly root: string;
  readonly client: kafkajs.Kafka;
  readonly bootstrapServers: string;
  /** Extra environment per service name ('producer', 'word-count-1', 'query-api'). */
  readonly env: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly log: (line: string) => void;
}

export interface RunningSystem {
  /** What the topic names of strimzi/base/topics start with in this run. */
  readonly topicPrefix: string;
  readonly producerUrl: string;
  readonly queryApiUrl: string;
  stop(): Promise<void>;
}

interface Service {
  readonly plan: ServicePlan;
  readonly child: ChildProcess;
  readonly output: string[];
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const prefix = `bench-latency-${Math.random().toString(36).slice(2, 8)}-`;
  const specs = withPrefix(readTopicSpecs(join(options.root, 'strimzi', 'base', 'topics')), prefix);
  const admin = options.client.admin();
  await admin.connect();
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-latency-state-'));
  const services: Service[] = [];
  const stop = async () => {
    await Promise.all(services.map(stopService));
    rmSync(stateDir, { recursive: true, force: true });
    await admin.deleteTopics({ topics: specs.map((s) => s.name) }).catch(() => undefined);
    await admin.disconnect();
  };
  try {
    await ensureTopics(admin, specs);
    const [producer, queryApi, wordCount] = (await freePorts(3)) as [number, number, number];
    const plans = planServices(
      { instances: 1, stateDir, topicPrefix: prefix, logLevel: 'warn' },
      { producer, queryApi, wordCount: [wordCount] },
      options.root,
      options.bootstrapServers,
    );
    for (const plan of plans) {
      const service = spawnService(plan, options.root, options.env[plan.name] ?? {});
      services.push(service);
      const ready = await answersOk(
        `http://127.0.0.1:${plan.port}/health/ready`,
        () => service.child.exitCode === null,
        READY_TIMEOUT_MS,
      );
      if (!ready) {
        throw new Error(`${plan.name} did not become ready:\n${service.output.join('\n')}`);
      }
      options.log(`  ${plan.name} ready on port ${plan.port}`);
    }
    return {
      topicPrefix: prefix,
      producerUrl: `http://127.0.0.1:${producer}`,
      queryApiUrl: `http://127.0.0.1:${queryApi}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnService(plan: ServicePlan, root: string, extra: Readonly<Record<string, string>>): Service {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', plan.main], {
    cwd: root,
    env: { ...process.env, ...plan.env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').trimEnd().split('\n'));
    output.splice(0, Math.max(0, output.length - KEPT_LINES));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { plan, child, output };
}

async function stopService({ child }: Service): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
