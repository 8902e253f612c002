// Kafka Streams' defaults: every handler fails the application (LogAndFail*); the engine logs the failure.
import type { ErrorHandlers } from '../../errors/handlers.js';

export const logAndFailHandlers: ErrorHandlers = {
  deserialization: { handle: () => 'fail' },
  processing: { handle: () => 'fail' },
  production: { handle: () => 'fail' },
};
