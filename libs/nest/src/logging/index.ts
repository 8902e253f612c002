export { LoggingModule, type LoggingOptions } from './logging.module.js';
export { assignRequestId, REQUEST_ID_HEADER } from './request-id.js';
export { STREAMS_LOGGER, streamsLogger, type StreamsLogSink } from './streams-logger.js';
