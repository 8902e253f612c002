export { Topology, type SourceOptions, type SinkOptions, type StoreDeclaration } from './topology.js';
export {
  TopologyDescription,
  type NodeDescription,
  type SubtopologyDescription,
  type GlobalStoreDescription,
} from './describe.js';
export type {
  TimestampExtractor,
  ExtractableRecord,
  ExtractionContext,
  RecordContext,
  TopicNameExtractor,
  StreamPartitioner,
} from './nodes.js';
export type {
  TopologyPlan,
  SubtopologyPlan,
  GlobalStorePlan,
  GlobalStoreUpdate,
  InternalTopicSpec,
  TopicRef,
  TaskEnvironment,
  TaskLogger,
} from './plan.js';
