// Dead-letter records (KIP-1034): the failed input record's original key, value and headers, plus headers
// describing the failure, so the record can be inspected and replayed.
import type { MutableHeaders } from '../../serde/serde.js';
import type { ConsumedRecord, ProducedRecord } from './contracts.js';
import { DEAD_LETTER_HEADERS, MAX_STACKTRACE_BYTES } from '../../errors/dead-letter-headers.js';

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

export function deadLetterRecord(topic: string, source: ConsumedRecord, error: Error): ProducedRecord {
  const stack = text(error.stack ?? `${error.name}: ${error.message}`).subarray(0, MAX_STACKTRACE_BYTES);
  const headers: MutableHeaders = source.headers.map(([key, value]) => [key, value]);
  headers.push(
    [DEAD_LETTER_HEADERS.exception, text(error.name || error.constructor.name)],
    [DEAD_LETTER_HEADERS.message, text(error.message)],
    [DEAD_LETTER_HEADERS.stacktrace, stack],
    [DEAD_LETTER_HEADERS.topic, text(source.topic)],
    [DEAD_LETTER_HEADERS.partition, text(String(source.partition))],
    [DEAD_LETTER_HEADERS.offset, text(String(source.offset))],
  );
  return { topic, key: source.key, value: source.value, timestamp: source.timestamp, headers };
}
