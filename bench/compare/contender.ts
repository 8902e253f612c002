// A contender of `npm run bench -- compare`: one implementation of Apache Kafka's WordCountDemo (lower-case, split
// on \W+, group by word through a repartition topic, count, every update to the output) or a raw client loop,
// run as a child process with a fresh application id on the one pre-loaded input topic.
//
// The line protocol every contender speaks on stdout: "BENCH READY" once it runs (its clock starts), optionally
// "BENCH CLOSED <json>" ({ clean, facts }) after a clean close on SIGTERM; anything else is log (the harness keeps
// its tail to explain a failure). Output records: String key (the word), the count as an 8-byte big-endian long.

export type Guarantee = 'at_least_once' | 'exactly_once';

/** What a contender's process gets, as JSON in the environment variable BENCH_CONTENDER. */
export interface ContenderApp {
  readonly bootstrapServers: string;
  /** Fresh per run: consumer group, prefix of internal topics and transactional ids. */
  readonly applicationId: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly guarantee: Guarantee;
  /** Undefined: the implementation's default. */
  readonly commitIntervalMs?: number;
  /** An empty directory for its state. */
  readonly stateDir: string;
  /** Stream threads (Java), where the implementation has them. */
  readonly threads: number;
  /** Raw loops only: every update, or each key's last count per consumed batch. */
  readonly emit: 'every' | 'batch-last';
  /** This library only: the Kafka client under it (undefined: the library's default). */
  readonly client?: StreamkitClient;
}

export type StreamkitClient = 'platformatic' | 'kafkajs';

/** How to start one contender's process. */
export interface Launch {
  readonly command: string;
  readonly args: ReadonlyArray<string>;
  readonly env?: Readonly<Record<string, string>>;
}

export interface Contender {
  /** Stable id, e.g. "java-eos-2t" (`--contenders` takes these). */
  readonly id: string;
  /** The row's name in the table and the chart. */
  readonly label: string;
  /** The implementation (for versions and skip reasons shared by its contenders). */
  readonly family: string;
  readonly guarantee: Guarantee;
  readonly commitIntervalMs?: number;
  readonly threads: number;
  readonly emit: 'every' | 'batch-last';
  readonly client?: StreamkitClient;
  /** The ratio column divides by this contender's figures. */
  readonly anchor?: boolean;
  /** Topics the harness creates before the start, named `<applicationId>-<suffix>` (e.g. a repartition topic). */
  readonly extraTopics?: ReadonlyArray<string>;
  /** Builds or installs what it needs (cached); resolves how to launch it, or throws Skip. */
  prepare(options: PrepareOptions): Promise<Prepared>;
}

export interface Prepared {
  readonly launch: (app: ContenderApp) => Launch;
  /** What runs, e.g. "kafka-streams 4.3.1, OpenJDK 17.0.13". */
  readonly version: string;
}

export interface PrepareOptions {
  readonly root: string;
  readonly log: (line: string) => void;
  /** Extra node flags for the library's process (the profile run adds --cpu-prof). */
  readonly nodeFlags?: ReadonlyArray<string>;
}

/** The contender cannot run here (it does not build, say): the comparison lists it with this reason. */
export class Skip extends Error {}
