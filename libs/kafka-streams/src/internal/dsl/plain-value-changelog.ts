// Timestamped stores (the aggregations' key-value and time-window stores) keep <timestamp: int64><value> locally;
// Java writes only the value to their changelogs (the timestamp goes into the changelog record's timestamp), so a
// changelog reads as plain values with the value serde (what services and tools expect, as with Java). This wraps a
// builder of such a store: changes go to the changelog without the timestamp, and a restored value gets "no
// timestamp" (-1) back, so after a restore an aggregate's next result carries the next record's timestamp (Java
// restores the timestamp from the changelog record's; the restore hook here does not see it).
import type { StateStore } from '../../state/store.js';
import type { StoreBuilder } from '../../state/stores.js';

const TIMESTAMP_BYTES = 8;
const NO_TIMESTAMP = -1n;

export function withPlainValueChangelog<S extends StateStore>(builder: StoreBuilder<S>): StoreBuilder<S> {
  return {
    ...builder,
    withLoggingDisabled: () => withPlainValueChangelog(builder.withLoggingDisabled()),
    withInMemory: () => withPlainValueChangelog(builder.withInMemory()),
    withCachingEnabled: () => withPlainValueChangelog(builder.withCachingEnabled()),
    withCachingDisabled: () => withPlainValueChangelog(builder.withCachingDisabled()),
    build: (context) => {
      const built = builder.build({
        ...context,
        changelog: { send: (key, value) => context.changelog.send(key, value && value.subarray(TIMESTAMP_BYTES)) },
      });
      return {
        ...built,
        restore: (key, value, timestamp) => built.restore(key, value && withoutTimestamp(value), timestamp),
      };
    },
  };
}

function withoutTimestamp(value: Buffer): Buffer {
  const stamped = Buffer.alloc(TIMESTAMP_BYTES + value.length);
  stamped.writeBigInt64BE(NO_TIMESTAMP);
  value.copy(stamped, TIMESTAMP_BYTES);
  return stamped;
}
