export { StreamsBuilder, type StreamsBuilderConfig } from './streams-builder.js';
export { KStream } from './kstream.js';
export { KTable, GlobalKTable } from './ktable.js';
export { BranchedKStream } from './branched-kstream.js';
export { Branched, type BranchedAs, type BranchedWithFunction, type BranchedWithConsumer, type BranchEntry } from './branched.js';
export { Named, Consumed, Produced, Repartitioned, type Unset, type Resolve } from './options.js';
