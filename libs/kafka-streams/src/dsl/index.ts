export { StreamsBuilder, type StreamsBuilderConfig } from './streams-builder.js';
export { KStream } from './kstream.js';
export { KTable, GlobalKTable } from './ktable.js';
export { BranchedKStream } from './branched-kstream.js';
export {
  Branched,
  type BranchedAs,
  type BranchedWithFunction,
  type BranchedWithConsumer,
  type BranchEntry,
} from './branched.js';
export { Named, Consumed, Produced, Repartitioned, type Unset, type Resolve } from './options.js';
export { KGroupedStream } from './kgrouped-stream.js';
export { KGroupedTable } from './kgrouped-table.js';
export { TimeWindowedKStream } from './time-windowed-kstream.js';
export { SlidingWindowedKStream } from './sliding-windowed-kstream.js';
export { SessionWindowedKStream } from './session-windowed-kstream.js';
export { Materialized } from './materialized.js';
export { StreamJoined } from './stream-joined.js';
export { Grouped } from './grouped.js';
export { Suppressed } from './suppressed.js';
export { longAsNumberSerde } from './long-serde.js';
