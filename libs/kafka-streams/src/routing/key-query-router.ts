// Routed interactive queries: a key is answered by the instance whose active task holds it. The router
// answers from the local store when that is this instance, forwards the request once to the owner
// otherwise, and says "unavailable" (HTTP 503 + Retry-After) while nobody can answer correctly: the key's
// task is restoring or moving, or the owner does not answer. It never answers from a store that does not
// hold the key, so a query gets the right value or a 503, never a wrong value.
import type { Serializer } from '../serde/serde.js';
import { InvalidStateStoreError } from '../errors/exceptions.js';
import { formatHostInfo, type HostInfo, sameHost } from '../runtime/host-info.js';
import type { KafkaStreamsState } from '../runtime/states.js';
import type { KeyQueryMetadata, LocalQueryState } from '../runtime/streams-metadata.js';

/** Set on forwarded requests (value: the forwarding instance); an instance never forwards such a request. */
export const FORWARDED_BY_HEADER = 'x-streamkit-forwarded-by';
/** Set on replies: the instance whose store answered. */
export const SERVED_BY_HEADER = 'x-streamkit-served-by';

/** What the router needs of `KafkaStreams` (which implements it). */
export interface RoutableStreams {
  readonly state: KafkaStreamsState;
  readonly applicationServer: HostInfo | undefined;
  queryMetadataForKey<K>(storeName: string, key: K, keySerializer: Serializer<K>): KeyQueryMetadata | undefined;
  localQueryState(storeName: string, partition: number): LocalQueryState;
}

export interface KeyQueryRouterOptions {
  /** Must be configured with `applicationServer`: the address other instances forward to. */
  readonly streams: RoutableStreams;
  /** How long to wait for the owning instance's whole answer; default 2000 ms. */
  readonly forwardTimeoutMs?: number;
  /** The Retry-After suggested with an unavailable result; default 1 s. */
  readonly retryAfterSeconds?: number;
  /** Scheme used to reach other instances; default `http`. */
  readonly scheme?: 'http' | 'https';
}

/** Request headers as Node (`IncomingHttpHeaders`), Express and Nest give them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;

export interface KeyQuery<K, R> {
  readonly storeName: string;
  readonly key: K;
  /** The serializer the store's key was partitioned with (e.g. the `Grouped`/`Materialized` key serde). */
  readonly keySerializer: Serializer<K>;
  /** Path and query string of the incoming request (`/state/words/hello`): what the owner is asked. */
  readonly path: string;
  /** Headers of the incoming request: the router reads the forwarded marker and `accept`. */
  readonly headers?: RequestHeaders;
  /**
   * Reads the answer from this instance's stores, e.g. `streams.store(name).get(key)`. Called only once this
   * instance runs the key's task and is RUNNING; read synchronously (or through a partition-scoped store), so
   * the check and the read cannot be separated by a rebalance.
   */
  readonly answerLocally: (partition: number) => R | Promise<R>;
}

export type UnavailableReason =
  /** This instance is not running (starting, shutting down, failed). */
  | 'not-running'
  /** The key's owner is not known yet, or its task is being reassigned. */
  | 'rebalancing'
  /** This instance owns the key and is restoring its state. */
  | 'restoring'
  /** A forwarded request reached an instance that does not own the key (it moved meanwhile). */
  | 'not-owner'
  /** The owner answered that it cannot answer now. */
  | 'owner-unavailable'
  /** The owner did not answer (refused, failed or timed out). */
  | 'owner-unreachable';

export type KeyQueryResult<R> =
  | { readonly kind: 'local'; readonly host: HostInfo; readonly value: R }
  | {
      readonly kind: 'forwarded';
      readonly host: HostInfo;
      /** The owner's reply, to relay as is. */
      readonly status: number;
      readonly contentType: string | undefined;
      readonly body: Buffer;
    }
  | {
      readonly kind: 'unavailable';
      readonly reason: UnavailableReason;
      readonly message: string;
      readonly retryAfterSeconds: number;
    };

export class KeyQueryRouter {
  private readonly streams: RoutableStreams;
  private readonly self: HostInfo;
  private readonly forwardTimeoutMs: number;
  private readonly retryAfterSeconds: number;
  private readonly scheme: 'http' | 'https';

  constructor(options: KeyQueryRouterOptions) {
    const self = options.streams.applicationServer;
    if (!self) throw new Error('KeyQueryRouter needs KafkaStreams configured with applicationServer ("host:port")');
    this.streams = options.streams;
    this.self = self;
    this.forwardTimeoutMs = positive(options.forwardTimeoutMs ?? 2_000, 'forwardTimeoutMs');
    this.retryAfterSeconds = positive(options.retryAfterSeconds ?? 1, 'retryAfterSeconds');
    this.scheme = options.scheme ?? 'http';
  }

  /** This instance's address, as other instances reach it. */
  get host(): HostInfo {
    return this.self;
  }

  async route<K, R>(query: KeyQuery<K, R>): Promise<KeyQueryResult<R>> {
    if (!query.path.startsWith('/')) throw new TypeError(`path must start with "/": ${query.path}`);
    const forwardedBy = header(query.headers, FORWARDED_BY_HEADER);
    const metadata = this.streams.queryMetadataForKey(query.storeName, query.key, query.keySerializer);
    if (!metadata) {
      return this.streams.state === 'RUNNING' || this.streams.state === 'REBALANCING'
        ? this.unavailable('rebalancing', 'the instance owning this key is not known yet (rebalancing)')
        : this.unavailable('not-running', `this instance is ${this.streams.state}`);
    }
    const local = this.streams.localQueryState(query.storeName, metadata.partition);
    if (local === 'queryable') return this.answerLocally(query, metadata.partition);
    if (local !== 'not-active') return this.unavailable(local, LOCAL_STATE_MESSAGES[local]);
    if (forwardedBy !== undefined) {
      return this.unavailable('not-owner', `forwarded by ${forwardedBy}, but this instance does not own the key now`);
    }
    if (sameHost(metadata.activeHost, this.self)) {
      return this.unavailable('rebalancing', "the key's task is moving to or from this instance");
    }
    return this.forward(metadata.activeHost, query);
  }

  private async answerLocally<K, R>(query: KeyQuery<K, R>, partition: number): Promise<KeyQueryResult<R>> {
    let value: R;
    try {
      value = await query.answerLocally(partition);
    } catch (error) {
      if (error instanceof InvalidStateStoreError && error.reason === 'not-running') {
        return this.unavailable('rebalancing', error.message);
      }
      throw error;
    }
    // An asynchronous read may have overlapped a rebalance: only a task still here vouches for the value.
    if (this.streams.localQueryState(query.storeName, partition) !== 'queryable') {
      return this.unavailable('rebalancing', "the key's task left this instance while it was being read");
    }
    return { kind: 'local', host: this.self, value };
  }

  private async forward<K, R>(owner: HostInfo, query: KeyQuery<K, R>): Promise<KeyQueryResult<R>> {
    const address = formatHostInfo(owner);
    let response: Response;
    let body: Buffer;
    try {
      response = await fetch(`${this.scheme}://${address}${query.path}`, {
        headers: { [FORWARDED_BY_HEADER]: formatHostInfo(this.self), accept: header(query.headers, 'accept') ?? '*/*' },
        signal: AbortSignal.timeout(this.forwardTimeoutMs),
      });
      body = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      const why =
        errorField(error, 'name') === 'TimeoutError'
          ? `did not answer within ${this.forwardTimeoutMs} ms`
          : `could not be reached (${describeFetchError(error)})`;
      return this.unavailable('owner-unreachable', `the owner of this key, ${address}, ${why}`);
    }
    if (response.status === 503) {
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        kind: 'unavailable',
        reason: 'owner-unavailable',
        message: `the owner of this key, ${address}, cannot answer now: ${ownerReason(body)}`,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : this.retryAfterSeconds,
      };
    }
    return {
      kind: 'forwarded',
      host: owner,
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      body,
    };
  }

  private unavailable(reason: UnavailableReason, message: string): KeyQueryResult<never> {
    return { kind: 'unavailable', reason, message, retryAfterSeconds: this.retryAfterSeconds };
  }
}

const LOCAL_STATE_MESSAGES: Record<Exclude<LocalQueryState, 'queryable' | 'not-active'>, string> = {
  'not-running': 'this instance is not running',
  rebalancing: 'this instance owns the key and is rebalancing',
  restoring: "this instance owns the key and is restoring the key's state",
};

function header(headers: RequestHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = typeof value === 'string' ? value : value?.[0];
  return first === undefined || first === '' ? undefined : first;
}

/** The message of an unavailable reply written by `toHttpReply`, or the start of whatever the owner sent. */
function ownerReason(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: quote it
  }
  return text.slice(0, 200) || 'HTTP 503';
}

// fetch's errors come from Node's own realm (not `instanceof` this realm's Error under some runners): read fields.
function errorField(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[field] : undefined;
}

/** "fetch failed: ECONNREFUSED" rather than just "fetch failed". */
function describeFetchError(error: unknown): string {
  const message = errorField(error, 'message');
  const code = errorField(errorField(error, 'cause'), 'code');
  const text = typeof message === 'string' ? message : String(error);
  return typeof code === 'string' ? `${text}: ${code}` : text;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}
