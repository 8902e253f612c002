// @platformatic/kafka reports a broker's error codes as ProtocolErrors (with `apiId`, e.g. "NOT_COORDINATOR") inside
// a ResponseError (a MultipleErrors with `errors`), which may itself be wrapped (`cause`, or a retry's `errors`).

interface ErrorShape {
  readonly code?: unknown;
  readonly apiId?: unknown;
  readonly errors?: unknown;
  readonly cause?: unknown;
  readonly response?: unknown;
  readonly canRetry?: unknown;
}

/** @platformatic/kafka's codes of a broker that could not be reached or did not answer in time. */
const NETWORK_CODES = ['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT'];

/** Every @platformatic/kafka error code (`PLT_KFK_*`) found in `error` and what it wraps. */
function clientErrorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const visit = (current: unknown, depth: number) => {
    if (typeof current !== 'object' || current === null || depth > 6) return;
    const { code, errors, cause } = current as ErrorShape;
    if (typeof code === 'string') codes.push(code);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    if (cause !== current) visit(cause, depth + 1);
  };
  visit(error, 0);
  return codes;
}

/**
 * The connection failed (refused, closed, timed out) and no broker answered with an error: the request may be
 * sent again, on a new connection (the pool drops closed ones).
 */
export function isNetworkError(error: unknown): boolean {
  return protocolErrorIds(error).length === 0 && clientErrorCodes(error).some((code) => NETWORK_CODES.includes(code));
}

/** Every broker error id (Kafka's error names) found in `error` and what it wraps. */
export function protocolErrorIds(error: unknown): string[] {
  const ids: string[] = [];
  const visit = (current: unknown, depth: number) => {
    if (typeof current !== 'object' || current === null || depth > 6) return;
    const { apiId, errors, cause } = current as ErrorShape;
    if (typeof apiId === 'string') ids.push(apiId);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
    if (cause !== current) visit(cause, depth + 1);
  };
  visit(error, 0);
  return ids;
}

export function hasProtocolError(error: unknown, ...ids: ReadonlyArray<string>): boolean {
  return protocolErrorIds(error).some((id) => ids.includes(id));
}

/** The parsed response a ResponseError carries (the partitions without an error are usable). */
export function responseOf<T>(error: unknown): T | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  return (error as ErrorShape).response as T | undefined;
}

export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A short description with the broker error ids, for logs and wrapped errors. */
export function describeError(error: unknown): string {
  const ids = protocolErrorIds(error);
  const message = error instanceof Error ? error.message : String(error);
  return ids.length > 0 ? `${message} [${[...new Set(ids)].join(', ')}]` : message;
}
