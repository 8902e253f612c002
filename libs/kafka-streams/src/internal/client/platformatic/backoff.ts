// Exponential backoff with jitter for requests the client retries itself (group protocol, fetches).

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** 0..1: the delay is drawn from [delay * (1 - jitter), delay]. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 2_000, jitter: 0.2 };

/** The delay before retry number `attempt` (1 for the first retry); `random` in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random(),
): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 - options.jitter * random));
}

/**
 * How many retries it takes for the backoff delays alone to add up to `budgetMs` at least, whatever the jitter:
 * a retry budget in time for a client that counts retries.
 */
export function retriesWithin(budgetMs: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  let retries = 0;
  for (let waited = 0; waited < budgetMs;) {
    retries++;
    waited += backoffDelay(retries, options, 1);
  }
  return retries;
}

/** Resolves after `ms`, or at once when `signal` aborts (so a close never waits for a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
