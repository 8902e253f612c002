// JSON reads from this service. HTTP errors are answers (status + body), only a network failure throws.

/**
 * @param {string} path
 * @param {{ signal?: AbortSignal }} [options]
 * @returns {Promise<{ ok: boolean, status: number, body: any }>}
 */
export async function getJson(path, { signal } = {}) {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const body = await response.json().catch(() => undefined);
  return { ok: response.ok, status: response.status, body };
}

/** The first reason of a 400 answer, or its message. */
export function reasonOf(body) {
  const first = body?.errors?.[0];
  if (first) return first.field ? `${first.field} ${first.reason}` : first.reason;
  return body?.message ?? 'unexpected answer';
}
