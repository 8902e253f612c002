export type {
  Record,
  RecordMetadata,
  PunctuationType,
  Cancellable,
  ProcessorContext,
  Processor,
  ProcessorSupplier,
  FixedKeyRecord,
  FixedKeyProcessorContext,
  FixedKeyProcessor,
  FixedKeyProcessorSupplier,
} from './api.js';
