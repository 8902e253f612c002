import { Logger } from '@nestjs/common';
import kafkajs, { type logCreator } from 'kafkajs';

const { logLevel } = kafkajs;

/** Routes kafkajs' own log lines (warnings and errors) to the Nest logger, so they are JSON like the rest. */
export const kafkajsLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  // kafkajs' own `timestamp` and `logger` fields duplicate what pino adds.
  return ({ level, log: { message, timestamp: _timestamp, logger: _logger, ...fields } }) => {
    if (level === logLevel.ERROR) logger.error({ message, ...fields });
    else if (level === logLevel.WARN) logger.warn({ message, ...fields });
  };
};
