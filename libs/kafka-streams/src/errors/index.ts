export type {
  HandlerResponse,
  ErrorContext,
  DeserializationExceptionHandler,
  ProcessingExceptionHandler,
  ProductionExceptionHandler,
  ErrorHandlers,
} from './handlers.js';
export { LogAndFail, LogAndContinue, DeadLetter, defaultErrorHandlers, errorHandlers } from './factories.js';
export {
  StreamsError,
  SerializationError,
  TopologyValidationError,
  NotYetSupportedError,
  InvalidTimestampError,
  TaskFailedError,
} from './exceptions.js';
