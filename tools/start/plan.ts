// Which processes make up the system, and the environment each one gets.
import { join, resolve } from 'node:path';
import type { StartOptions } from './options.ts';

export interface ServicePlan {
  /** Shown before each of its log lines, and used as INSTANCE_ID. */
  readonly name: string;
  /** The built entry point, relative to the repository root. */
  readonly main: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  /** Links printed once it listens. */
  readonly links: ReadonlyArray<{ readonly label: string; readonly path: string }>;
}

export interface Ports {
  readonly producer: number;
  readonly queryApi: number;
  /** One per word-count instance. */
  readonly wordCount: ReadonlyArray<number>;
}

export const FIXED_PORTS = { producer: 8080, firstWordCount: 8081, queryApi: 8090 } as const;

/** The services to start, in order: producer, word-count-1..N, query-api. */
export function planServices(
  options: Pick<StartOptions, 'instances' | 'stateDir' | 'topicPrefix' | 'logLevel'>,
  ports: Ports,
  root: string,
  bootstrapServers: string,
): ServicePlan[] {
  const stateDir = resolve(root, options.stateDir);
  const prefixed = (name: string) => `${options.topicPrefix}${name}`;
  // Unset, every service uses the topic names of the Strimzi manifests; with a prefix they are all named.
  const topics = (...variables: Array<[string, string]>) =>
    options.topicPrefix === '' ? {} : Object.fromEntries(variables.map(([key, name]) => [key, prefixed(name)]));
  const common = { KAFKA_BOOTSTRAP_SERVERS: bootstrapServers, LOG_LEVEL: options.logLevel };

  const producer: ServicePlan = {
    name: 'producer',
    main: 'services/producer/dist/main.js',
    port: ports.producer,
    env: {
      ...common,
      PORT: String(ports.producer),
      INSTANCE_ID: 'producer',
      ...topics(['SENTENCES_TOPIC', 'sentences']),
    },
    links: [
      { label: 'producer (OpenAPI)', path: '/docs' },
      { label: 'post sentences', path: '/sentences' },
    ],
  };
  const wordCounts = ports.wordCount.map((port, index): ServicePlan => {
    const name = `word-count-${index + 1}`;
    return {
      name,
      main: 'services/word-count/dist/main.js',
      port,
      env: {
        ...common,
        PORT: String(port),
        INSTANCE_ID: name,
        STATE_DIR: join(stateDir, name),
        APPLICATION_SERVER: `127.0.0.1:${port}`,
        // The default, said out loud: each task's reads, state and writes commit together (see its README).
        PROCESSING_GUARANTEE: 'exactly_once',
        // The streams library's client, said out loud (the default): exactly-once v2, one producer per instance.
        KAFKA_STREAMS_CLIENT: 'platformatic',
        ...topics(
          ['APPLICATION_ID', 'word-count'],
          ['SENTENCES_TOPIC', 'sentences'],
          ['WORD_COUNTS_TOPIC', 'word-counts'],
          ['WINDOWED_COUNTS_TOPIC', 'word-counts-windowed'],
          ['DEAD_LETTER_TOPIC', 'word-count-dlq'],
        ),
      },
      links: [
        { label: 'word count', path: '/state/words/kafka' },
        { label: 'windows', path: '/state/windows/kafka' },
      ],
    };
  });
  const queryApi: ServicePlan = {
    name: 'query-api',
    main: 'services/query-api/dist/main.js',
    port: ports.queryApi,
    env: {
      ...common,
      PORT: String(ports.queryApi),
      INSTANCE_ID: 'query-api',
      STATE_DIR: join(stateDir, 'query-api'),
      KAFKA_STREAMS_CLIENT: 'platformatic',
      // The dashboard asks every word-count instance what it runs.
      WORD_COUNT_URLS: ports.wordCount.map((port) => `http://127.0.0.1:${port}`).join(','),
      ...topics(
        ['APPLICATION_ID', 'query-api'],
        ['WORD_COUNTS_TOPIC', 'word-counts'],
        ['WINDOWED_COUNTS_TOPIC', 'word-counts-windowed'],
        ['DEAD_LETTER_TOPIC', 'word-count-dlq'],
      ),
    },
    links: [
      { label: 'dashboard', path: '/' },
      { label: 'query API (OpenAPI)', path: '/docs' },
    ],
  };
  return [producer, ...wordCounts, queryApi];
}

export function fixedPorts(instances: number): Ports {
  return {
    producer: FIXED_PORTS.producer,
    queryApi: FIXED_PORTS.queryApi,
    wordCount: Array.from({ length: instances }, (_, i) => FIXED_PORTS.firstWordCount + i),
  };
}
