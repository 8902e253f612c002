// Kafka Streams' three error handlers. Each decides, per failed record, whether to fail the application,
// log and continue, or (deserialization and processing) send the record to a dead-letter topic.
// Nothing is skipped silently: the engine logs and counts every record a handler lets go.
import type { ConsumedRecord, ProducedRecord } from '../internal/engine/contracts.js';

export type HandlerResponse = 'fail' | 'continue' | { readonly deadLetterTopic: string };

export interface ErrorContext {
  readonly taskId: string;
  readonly processorNodeName?: string;
  readonly sourceRecord?: ConsumedRecord;
}

export interface DeserializationExceptionHandler {
  handle(context: ErrorContext, record: ConsumedRecord, error: Error): HandlerResponse;
}

export interface ProcessingExceptionHandler {
  handle(context: ErrorContext, error: Error): HandlerResponse;
}

export interface ProductionExceptionHandler {
  handle(context: ErrorContext, record: ProducedRecord, error: Error): 'fail' | 'continue';
}

export interface ErrorHandlers {
  readonly deserialization: DeserializationExceptionHandler;
  readonly processing: ProcessingExceptionHandler;
  readonly production: ProductionExceptionHandler;
}
