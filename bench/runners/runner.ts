// What the benchmark needs from one implementation of the word count: start it on the broker with the given
// topics and settings, tell when it runs, and stop it cleanly. The harness produces the input, reads the output
// and does all the timing, so every implementation (Node, Java, Python) is measured the same way from outside.

export type ProcessingGuarantee = 'at_least_once' | 'exactly_once';

/**
 * The word count every runner implements (the library's `wordCountTopology`): sentences (String key and value)
 * from `inputTopic` are lower-cased and split at every character other than a-z, 0-9 and "_", re-keyed by word
 * through a repartition topic named "words", and counted twice:
 * - per word, into `outputTopic` (String key, the count as an 8-byte big-endian long);
 * - per word and tumbling window of `windowSizeMs` with `graceMs` of grace, into `windowedOutputTopic` (key: the
 *   word's bytes followed by the window start as an 8-byte big-endian long, Java's TimeWindowedSerde; same value).
 * Every input word yields one record on each output (no caching or suppression), with the input record's timestamp.
 */
export interface WordCountApp {
  readonly bootstrapServers: string;
  /** Unique per run: the consumer group, the prefix of internal topics and of transactional ids. */
  readonly applicationId: string;
  readonly inputTopic: string;
  readonly outputTopic: string;
  readonly windowedOutputTopic: string;
  readonly windowSizeMs: number;
  readonly graceMs: number;
  readonly processingGuarantee: ProcessingGuarantee;
  readonly commitIntervalMs: number;
  /** An empty directory the app may keep its state in. */
  readonly stateDir: string;
}

/** What an implementation says about its own run, printed next to the harness' figures (e.g. commit latency). */
export type RunnerFacts = Readonly<Record<string, string>>;

export interface RunningApp {
  /** Stops the app cleanly (final commit) and resolves with what it reported; rejects if it did not. Idempotent. */
  stop(): Promise<RunnerFacts>;
  /** Settles if the app ends by itself (it should not): the harness then gives up the run with `describe()`. */
  readonly exited: Promise<void>;
  /** Recent log output, to explain a failed run. */
  describe(): string;
}

export interface Runner {
  /** The row's name in the results, e.g. "@streamkit/kafka-streams". */
  readonly name: string;
  /** Starts the app; resolves once it runs with its input partitions assigned (the clock starts then). */
  start(app: WordCountApp): Promise<RunningApp>;
}
