// Every contender of `npm run bench -- compare`, in the order they run. See bench/README.md ("Comparison").
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { javaStreamsJar, javaVersion } from '../runners/java-streams/build.ts';
import { quixPython, QUIXSTREAMS_VERSION } from '../runners/quix/setup.ts';
import { confluentModule, CONFLUENT_VERSION } from '../runners/raw/confluent-setup.ts';
import {
  Skip,
  type Contender,
  type ContenderApp,
  type Guarantee,
  type Prepared,
  type PrepareOptions,
  type StreamkitClient,
} from './contender.ts';

const NODE_FLAGS = ['--disable-warning=ExperimentalWarning', '--disable-warning=TimeoutNegativeWarning'];

const packageVersion = (root: string, name: string): string =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const env = (app: ContenderApp) => ({ BENCH_CONTENDER: JSON.stringify(app) });

/** A Node contender: `file` (erasable TypeScript, run directly) with the same Node as the harness. */
function nodeScript(file: string, version: (root: string) => string) {
  return async ({ root, nodeFlags }: PrepareOptions): Promise<Prepared> => ({
    version: `${version(root)}, Node ${process.version}`,
    launch: (app) => ({
      command: process.execPath,
      args: [...NODE_FLAGS, ...(nodeFlags ?? []), join(root, file)],
      env: env(app),
    }),
  });
}

const guaranteeName = (g: Guarantee) => (g === 'at_least_once' ? 'ALOS' : 'EOS');

/** The library on `client`: ids streamkit-<alos|eos>-<interval> on the default client (platformatic), else with it. */
function streamkit(guarantee: Guarantee, commitIntervalMs?: number, client?: StreamkitClient): Contender {
  const interval = commitIntervalMs === undefined ? 'default' : `${commitIntervalMs}`;
  return {
    id: `streamkit-${client === undefined ? '' : `${client}-`}${guaranteeName(guarantee).toLowerCase()}-${interval}`,
    label:
      `streamkit ${guaranteeName(guarantee)} commit ${commitIntervalMs === undefined ? 'default' : `${commitIntervalMs} ms`}` +
      (client === undefined ? '' : ` on ${client}`),
    family: '@streamkit/kafka-streams',
    guarantee,
    ...(commitIntervalMs === undefined ? {} : { commitIntervalMs }),
    ...(client === undefined ? {} : { client }),
    threads: 1,
    emit: 'every',
    prepare: nodeScript(join('bench', 'runners', 'streamkit', 'demo-app.ts'), (root) => {
      const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
      return `@streamkit/kafka-streams at ${commit.stdout.trim()}`;
    }),
  };
}

function javaStreams(guarantee: Guarantee, threads: number): Contender {
  return {
    id: `java-${guaranteeName(guarantee).toLowerCase()}-${threads}t`,
    label: `Kafka Streams ${guaranteeName(guarantee)} ${threads} thread${threads > 1 ? 's' : ''}`,
    family: 'Apache Kafka Streams',
    guarantee,
    threads,
    emit: 'every',
    ...(guarantee === 'at_least_once' && threads === 1 ? { anchor: true } : {}),
    async prepare({ root, log }) {
      const jar = javaStreamsJar(root, log);
      return {
        version: `kafka-streams 4.3.1, ${javaVersion()}`,
        launch: (app) => ({
          command: 'java',
          args: [
            '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
            '-jar',
            jar,
            app.bootstrapServers,
            app.applicationId,
            app.inputTopic,
            app.outputTopic,
            app.guarantee === 'exactly_once' ? 'exactly_once_v2' : 'at_least_once',
            // The demo sets no commit interval: Kafka Streams' default (30 s at-least-once, 100 ms exactly-once).
            String(app.commitIntervalMs ?? (app.guarantee === 'exactly_once' ? 100 : 30_000)),
            app.stateDir,
            String(app.threads),
          ],
        }),
      };
    },
  };
}

function quix(guarantee: Guarantee): Contender {
  return {
    id: `quix-${guaranteeName(guarantee).toLowerCase()}`,
    label: `Quix Streams ${guaranteeName(guarantee)}`,
    family: 'Quix Streams',
    guarantee,
    threads: 1,
    emit: 'every',
    async prepare({ root, log }) {
      const python = quixPython(root, log);
      const pythonVersion = spawnSync(python, ['--version'], { encoding: 'utf8' }).stdout.trim();
      return {
        version: `quixstreams ${QUIXSTREAMS_VERSION}, ${pythonVersion}`,
        launch: (app) => ({
          command: python,
          args: [join(root, 'bench', 'runners', 'quix', 'app.py')],
          env: { ...env(app), PYTHONWARNINGS: 'ignore' },
        }),
      };
    },
  };
}

function kafkatsFlow(guarantee: Guarantee): Contender {
  return {
    id: `kafkats-flow-${guaranteeName(guarantee).toLowerCase()}`,
    label: `@kafkats/flow ${guaranteeName(guarantee)}`,
    family: '@kafkats/flow',
    guarantee,
    threads: 1,
    emit: 'every',
    extraTopics: ['words-repartition'],
    prepare: nodeScript(
      join('bench', 'runners', 'kafkats-flow', 'app.ts'),
      (root) => `@kafkats/flow ${packageVersion(root, '@kafkats/flow')}`,
    ),
  };
}

function raw(client: 'kafkajs' | 'platformatic' | 'confluent', emit: ContenderApp['emit']): Contender {
  const names = {
    kafkajs: 'kafkajs',
    platformatic: '@platformatic/kafka',
    confluent: '@confluentinc/kafka-javascript',
  };
  const base = {
    id: `raw-${client}-${emit}`,
    label: `raw ${names[client]} ${emit === 'every' ? 'every update' : 'last per batch'}`,
    family: `raw ${names[client]}`,
    guarantee: 'at_least_once' as const,
    threads: 1,
    emit,
  };
  const file = join('bench', 'runners', 'raw', `${client}-loop.ts`);
  if (client !== 'confluent') {
    return { ...base, prepare: nodeScript(file, (root) => `${names[client]} ${packageVersion(root, names[client])}`) };
  }
  return {
    ...base,
    async prepare(options) {
      const module = confluentModule(options.root, options.log);
      if (!existsSync(module)) throw new Skip('not built');
      const prepared = await nodeScript(
        file,
        () => `${names.confluent} ${CONFLUENT_VERSION} (built from source)`,
      )(options);
      return {
        version: prepared.version,
        launch: (app) => {
          const launch = prepared.launch(app);
          return { ...launch, env: { ...launch.env, BENCH_CONFLUENT_MODULE: module } };
        },
      };
    },
  };
}

export const CONTENDERS: ReadonlyArray<Contender> = [
  javaStreams('at_least_once', 1),
  javaStreams('at_least_once', 2),
  javaStreams('exactly_once', 1),
  javaStreams('exactly_once', 2),
  streamkit('at_least_once'),
  streamkit('at_least_once', 100),
  streamkit('exactly_once'),
  streamkit('at_least_once', undefined, 'kafkajs'),
  streamkit('exactly_once', undefined, 'kafkajs'),
  quix('at_least_once'),
  quix('exactly_once'),
  kafkatsFlow('at_least_once'),
  kafkatsFlow('exactly_once'),
  raw('kafkajs', 'every'),
  raw('kafkajs', 'batch-last'),
  raw('platformatic', 'every'),
  raw('platformatic', 'batch-last'),
  raw('confluent', 'every'),
  raw('confluent', 'batch-last'),
];

/** The library's contender the profile run uses (`--profile`). */
export const PROFILED = streamkit('at_least_once', 100);
