import { Logger } from '@nestjs/common';
import kafkajs, { type logCreator } from 'kafkajs';
import { createRequire } from 'node:module';

const { logLevel } = kafkajs;

type Level = 'error' | 'warn' | 'info';

/** The broker's error messages kafkajs itself retries (its protocol error table: `retriable: true`). */
const retriableBrokerMessages: ReadonlySet<string> = new Set(
  (
    createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
      errorCodes: ReadonlyArray<{ readonly message: string; readonly retriable: boolean }>;
    }
  ).errorCodes
    .filter((code) => code.retriable)
    .map((code) => code.message),
);

/** kafkajs errors that mean "not yet": connection trouble, timeouts, retries of retriable errors. */
const retriableErrorNames = new Set([
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
]);

/**
 * The broker's answers to a producer that another one with the same transactional id has fenced, or whose
 * epoch has been bumped: what a zombie instance hears after a network partition. kafkajs logs them at ERROR
 * from its send loop; the streams runtime then aborts the transaction and closes the tasks as zombies.
 */
const fencingMessages: ReadonlySet<string> = new Set(
  (
    createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as {
      errorCodes: ReadonlyArray<{ readonly type: string; readonly message: string }>;
    }
  ).errorCodes
    .filter((code) => ['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING'].includes(code.type))
    .map((code) => code.message),
);

const FENCED_CONTEXT =
  'this producer was fenced: another instance took over its transactional id (after a network partition or a ' +
  'missed session timeout); its open transaction is aborted and its tasks are handed over, nothing is lost';

/** Why a kafkajs ERROR line that kafkajsErrorLevel demotes is expected, when it is not obvious from the line. */
export function kafkajsErrorContext(message: string): string | undefined {
  const crash = /^Crash: \w+: (.*)$/s.exec(message);
  return fencingMessages.has((crash ? crash[1]! : message).trim()) ? FENCED_CONTEXT : undefined;
}

/**
 * The level a kafkajs ERROR line deserves. kafkajs logs at ERROR what it then retries by itself — a consumer
 * "Crash" on a retriable error ("The coordinator is loading and hence can't process requests" while a fresh
 * broker loads its group metadata, a connection dropped by a restarting broker), followed by "Restarting the
 * consumer in N ms" — which alarms for nothing. Those become `warn` (the crash) and `info` (the restart);
 * a crash on an error kafkajs does not retry, and everything else, stays `error`. A fenced producer's error
 * (see kafkajsErrorContext) and a send kafkajs retries ("Failed to send messages: ...", while a broker restarts)
 * become `warn`.
 */
export function kafkajsErrorLevel(message: string): Level {
  if (/^Restarting the consumer in \d+ms$/.test(message)) return 'info';
  if (kafkajsErrorContext(message)) return 'warn';
  if (message.startsWith('Failed to send messages: ')) return 'warn';
  const crash = /^Crash: (\w+): (.*)$/s.exec(message);
  if (crash) {
    const [, name, text] = crash;
    return retriableErrorNames.has(name!) || retriableBrokerMessages.has(text!.trim()) ? 'warn' : 'error';
  }
  if (message === 'The coordinator is not aware of this member, re-joining the group') return 'warn';
  return 'error';
}

/** Routes kafkajs' own log lines (warnings and errors) to the Nest logger, so they are JSON like the rest. */
export const kafkajsLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  // kafkajs' own `timestamp` and `logger` fields duplicate what pino adds.
  return ({ namespace, level, log: { message, timestamp: _timestamp, logger: _logger, ...fields } }) => {
    if (level === logLevel.ERROR) {
      // A connection that fails is retried (and what then fails is logged by the layer above), as the streams
      // runtime does with the same lines.
      const demoted = namespace === 'Connection' ? 'warn' : kafkajsErrorLevel(message);
      const expected = kafkajsErrorContext(message);
      if (demoted === 'error') logger.error({ message, ...fields });
      else if (demoted === 'warn') logger.warn({ message, ...fields, ...(expected ? { expected } : {}) });
      else logger.log({ message, ...fields });
    } else if (level === logLevel.WARN) logger.warn({ message, ...fields });
  };
};
