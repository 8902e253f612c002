// Timestamp extraction for the records a task reads (Java: RecordQueue with a TimestampExtractor). An extractor
// returning something that is not a whole number is a bug: an InvalidTimestampError, handled as a
// deserialization error. A negative timestamp is data, not a bug: as in Java, the record is skipped (logged and
// counted as dropped) and processing goes on; only the default extractor fails on it, as Java's
// FailOnInvalidTimestamp does.
import { InvalidTimestampError } from '../../errors/exceptions.js';
import type { ExtractableRecord, ExtractionContext, TimestampExtractor } from '../../topology/nodes.js';

/** What extraction gives: the record's timestamp, or `skip` for a negative one. */
export type ExtractedTimestamp =
  { readonly timestampMs: number } | { readonly skip: 'negative'; readonly value: number };

export function extractTimestamp<K, V>(
  extractor: TimestampExtractor<K, V>,
  record: ExtractableRecord<K, V>,
  context: ExtractionContext,
): ExtractedTimestamp {
  const timestamp = extractor(record, context);
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp)) {
    throw new InvalidTimestampError(
      `Invalid timestamp ${String(timestamp)} for record ${record.topic}-${record.partition}@${record.offset}: ` +
        'timestamps must be whole epoch milliseconds',
    );
  }
  return timestamp < 0 ? { skip: 'negative', value: timestamp } : { timestampMs: timestamp };
}
