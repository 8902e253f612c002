// The entries a state benchmark loads into a store of one kind and size: fixed-width keys, 8-byte values, and for
// window and session stores 100 minutes of time spread over the keys (all within retention), so that the store
// holds exactly `size` entries and every per-operation measurement finds what it looks for.
export type StoreKindName = 'key-value' | 'window' | 'session';

export const MINUTE = 60_000;
export const WINDOWS_PER_KEY = 100;
export const SESSIONS_PER_KEY = 10;
/** Two hours: segments of one hour; everything loaded (100 minutes) stays retained. */
export const RETENTION_MS = 120 * MINUTE;
export const BASE_MS = 1_700_000_000_000;

export const keyCount = (kind: StoreKindName, size: number): number =>
  kind === 'key-value'
    ? size
    : Math.max(1, Math.floor(size / (kind === 'window' ? WINDOWS_PER_KEY : SESSIONS_PER_KEY)));

export const keyBytes = (i: number): Buffer => Buffer.from(`key-${String(i).padStart(10, '0')}`);

export const valueBytes = (i: number): Buffer => {
  const value = Buffer.alloc(8);
  value.writeBigInt64BE(BigInt(i));
  return value;
};

/** Window entry i: key i % keys, the (i / keys)-th minute. */
export const windowStartOf = (i: number, keys: number): number => BASE_MS + Math.floor(i / keys) * MINUTE;

/** Session entry i: key i % keys, one minute long, every ten minutes. */
export const sessionOf = (i: number, keys: number): { startMs: number; endMs: number } => {
  const startMs = BASE_MS + Math.floor(i / keys) * 10 * MINUTE;
  return { startMs, endMs: startMs + MINUTE };
};

/** The changelog record of entry i, as the store's restore reads it. */
export function changelogRecord(kind: StoreKindName, i: number, keys: number): { key: Buffer; value: Buffer } {
  const key = keyBytes(i % keys);
  if (kind === 'key-value') return { key, value: valueBytes(i) };
  const times = kind === 'window' ? [windowStartOf(i, keys)] : [sessionOf(i, keys).endMs, sessionOf(i, keys).startMs];
  const out = Buffer.alloc(key.length + 8 * times.length);
  key.copy(out);
  times.forEach((time, t) => out.writeBigInt64BE(BigInt(time), key.length + 8 * t));
  return { key: out, value: valueBytes(i) };
}

/**
 * Records `from` to `from + count - 1` as a client hands over a fetch: every key and value a view of one buffer (the
 * response), not a buffer of its own, so the garbage they leave is not the store's.
 */
export function changelogFetch(
  kind: StoreKindName,
  from: number,
  count: number,
  keys: number,
): Array<{ key: Buffer; value: Buffer }> {
  const records = Array.from({ length: count }, (_, j) => changelogRecord(kind, from + j, keys));
  const response = Buffer.allocUnsafe(records.reduce((n, { key, value }) => n + key.length + value.length, 0));
  let offset = 0;
  const view = (bytes: Buffer): Buffer => {
    bytes.copy(response, offset);
    return response.subarray(offset, (offset += bytes.length));
  };
  return records.map(({ key, value }) => ({ key: view(key), value: view(value) }));
}

/** A small deterministic generator: every run draws the same entries. */
export function seededRandom(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % below;
  };
}
