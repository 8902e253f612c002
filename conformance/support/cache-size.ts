// The record cache's size both drivers run with: CONFORMANCE_CACHE_MAX_BYTES (the Java harness reads the same
// variable), else Java's default 10 MiB. 0 runs the suite without a cache.
const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

export function conformanceCacheMaxBytes(): number {
  const given = process.env.CONFORMANCE_CACHE_MAX_BYTES;
  if (given === undefined || given === '') return DEFAULT_CACHE_MAX_BYTES;
  const bytes = Number(given);
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new Error(`CONFORMANCE_CACHE_MAX_BYTES must be a non-negative integer (got "${given}")`);
  }
  return bytes;
}
