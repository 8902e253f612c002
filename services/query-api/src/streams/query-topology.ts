import { windowedWordCountsTopic, wordCountsTopic } from '@streamkit/contracts';
import {
  Consumed,
  Materialized,
  type Processor,
  Serdes,
  Stores,
  StreamsBuilder,
  type Topology,
  type Windowed,
  type WindowStore,
} from '@streamkit/kafka-streams';

// query-api's own stores (global stores: every replica holds all of them).
/** The global table of word-counts: word → count. */
export const WORD_COUNTS_STORE = 'word-counts';
/** The window store filled from word-counts-windowed: (word, window start) → count. */
export const WINDOWED_COUNTS_STORE = 'windowed-word-counts';

export interface QueryTopologyOptions {
  readonly wordCountsTopic: string;
  readonly windowedCountsTopic: string;
  /** word-count's window size: windowed keys carry only the start. */
  readonly windowSizeMs: number;
  readonly windowRetentionMs: number;
}

/**
 * What the query API reads, as global stores (every replica holds every word, so any replica answers any
 * query and replicas scale freely behind a load balancer):
 * - `word-counts` (compacted; key word, value 8-byte long) as a persistent GlobalKTable;
 * - `word-counts-windowed` (key TimeWindowed<word>, value long) into a persistent window store, through a
 *   processor of our own, as the DSL has no windowed global table.
 * Both topics are written by word-count; their serdes come from @streamkit/contracts, as word-count's do.
 */
export function queryTopology(options: QueryTopologyOptions): Topology {
  const builder = new StreamsBuilder();
  const counts = wordCountsTopic(options.wordCountsTopic);
  const windowedCounts = windowedWordCountsTopic(options.windowSizeMs, options.windowedCountsTopic);
  builder.globalTable(
    counts.name,
    Consumed.with({ keySerde: counts.keySerde, valueSerde: counts.valueSerde }),
    Materialized.as<string, number>(WORD_COUNTS_STORE),
  );
  const windows = Stores.windowStoreBuilder(WINDOWED_COUNTS_STORE, Serdes.String(), counts.valueSerde, {
    windowSizeMs: options.windowSizeMs,
    retentionMs: options.windowRetentionMs,
  }).withLoggingDisabled();
  builder.addGlobalStore(
    windows,
    windowedCounts.name,
    Consumed.with({ keySerde: windowedCounts.keySerde, valueSerde: windowedCounts.valueSerde }),
    windowedCountsWriter,
  );
  return builder.build();
}

/** Puts each windowed count into the window store; a null value (tombstone) removes the window. */
function windowedCountsWriter(): Processor<Windowed<string>, number> {
  let store: WindowStore<string, number>;
  return {
    init: (context) => {
      store = context.getStateStore<WindowStore<string, number>>(WINDOWED_COUNTS_STORE);
    },
    process: ({ key, value }) => store.put(key.key, value ?? null, key.window.startMs),
  };
}
