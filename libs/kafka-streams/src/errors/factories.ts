// Ready-made error handlers (Java: LogAndFailExceptionHandler, LogAndContinueExceptionHandler, and the
// KIP-1034 dead-letter queue option). Handlers only decide; the engine does the logging, counting and
// dead-letter production, so every record a handler lets go is logged and counted.
import type {
  DeserializationExceptionHandler,
  ErrorHandlers,
  ProcessingExceptionHandler,
  ProductionExceptionHandler,
} from './handlers.js';

export const LogAndFail = {
  deserialization: (): DeserializationExceptionHandler => ({ handle: () => 'fail' }),
  processing: (): ProcessingExceptionHandler => ({ handle: () => 'fail' }),
  production: (): ProductionExceptionHandler => ({ handle: () => 'fail' }),
} as const;

export const LogAndContinue = {
  deserialization: (): DeserializationExceptionHandler => ({ handle: () => 'continue' }),
  processing: (): ProcessingExceptionHandler => ({ handle: () => 'continue' }),
  production: (): ProductionExceptionHandler => ({ handle: () => 'continue' }),
} as const;

function requireTopic(topic: string): { readonly deadLetterTopic: string } {
  if (topic.trim() === '') throw new Error('A dead-letter topic name must not be empty');
  return { deadLetterTopic: topic };
}

/**
 * Sends the failed input record (original key, value and headers, plus `__streams.errors.*` headers) to
 * `topic` and continues. Production failures cannot be dead-lettered (the record may be half-sent), so
 * there is no production variant.
 */
export const DeadLetter = {
  deserialization: (topic: string): DeserializationExceptionHandler => {
    const response = requireTopic(topic);
    return { handle: () => response };
  },
  processing: (topic: string): ProcessingExceptionHandler => {
    const response = requireTopic(topic);
    return { handle: () => response };
  },
} as const;

/** Kafka Streams' defaults: every kind of failure stops the application. */
export const defaultErrorHandlers = (): ErrorHandlers => ({
  deserialization: LogAndFail.deserialization(),
  processing: LogAndFail.processing(),
  production: LogAndFail.production(),
});

/** The defaults with some handlers replaced. */
export const errorHandlers = (overrides: Partial<ErrorHandlers> = {}): ErrorHandlers => ({
  ...defaultErrorHandlers(),
  ...overrides,
});
