// Timestamp extractors (Java: FailOnInvalidTimestamp / WallclockTimestampExtractor / custom).
import { InvalidTimestampError } from '../../errors/exceptions.js';
import type { ExtractableRecord, ExtractionContext, TimestampExtractor } from '../../topology/nodes.js';

export function extractTimestamp<K, V>(
  extractor: TimestampExtractor<K, V>,
  record: ExtractableRecord<K, V>,
  context: ExtractionContext,
): number {
  const timestamp = extractor(record, context);
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp) || timestamp < 0) {
    throw new InvalidTimestampError(
      `Invalid timestamp ${String(timestamp)} for record ${record.topic}-${record.partition}@${record.offset}: ` +
        'timestamps must be epoch milliseconds >= 0',
    );
  }
  return timestamp;
}
