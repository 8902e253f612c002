// The router between real node:http servers on 127.0.0.1, each in front of a stand-in for KafkaStreams whose
// view of the group (who owns which partition, what is local) the test sets.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Serdes } from '../../../src/serde/serdes.js';
import type { Serializer } from '../../../src/serde/serde.js';
import { InvalidStateStoreError } from '../../../src/errors/exceptions.js';
import type { HostInfo } from '../../../src/runtime/host-info.js';
import type { KafkaStreamsState } from '../../../src/runtime/states.js';
import type { KeyQueryMetadata, LocalQueryState } from '../../../src/index.js';
import {
  FORWARDED_BY_HEADER,
  KeyQueryRouter,
  type RoutableStreams,
  SERVED_BY_HEADER,
} from '../../../src/routing/key-query-router.js';
import { toHttpReply, writeHttpReply } from '../../../src/routing/http-reply.js';

const STORE = 'counts';
/** Keys are "<partition>-<anything>" here, so a test picks a key's partition. */
const partitionOf = (key: string): number => Number(key.split('-')[0]);

class StandInStreams implements RoutableStreams {
  state: KafkaStreamsState = 'RUNNING';
  /** This instance's (possibly stale) map: partition → owner. */
  readonly owners = new Map<number, HostInfo>();
  /** What this instance can do with a partition locally; absent: not-active. */
  readonly local = new Map<number, LocalQueryState>();

  constructor(readonly applicationServer: HostInfo | undefined) {}

  queryMetadataForKey<K>(storeName: string, key: K, serializer: Serializer<K>): KeyQueryMetadata | undefined {
    expect(storeName).toBe(STORE);
    const partition = partitionOf(serializer.serialize('source', key)!.toString());
    const activeHost = this.owners.get(partition);
    return activeHost && { activeHost, standbyHosts: [], partition };
  }

  localQueryState(storeName: string, partition: number): LocalQueryState {
    expect(storeName).toBe(STORE);
    return this.local.get(partition) ?? 'not-active';
  }
}

interface Instance {
  readonly host: HostInfo;
  readonly streams: StandInStreams;
  readonly data: Map<string, number>;
  readonly received: IncomingHttpHeaders[];
  answer: (key: string) => number | undefined | Promise<number | undefined>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<HostInfo> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

async function startInstance(options: { forwardTimeoutMs?: number } = {}): Promise<Instance> {
  const server = createServer();
  const host = await listen(server);
  const streams = new StandInStreams(host);
  const router = new KeyQueryRouter({ streams, retryAfterSeconds: 2, ...options });
  const instance: Instance = {
    host,
    streams,
    data: new Map(),
    received: [],
    answer: (key) => instance.data.get(key),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  server.on('request', (request, response) => {
    instance.received.push(request.headers);
    const key = decodeURIComponent(new URL(request.url!, 'http://x').pathname.split('/')[2]!);
    void router
      .route({
        storeName: STORE,
        key,
        keySerializer: Serdes.String(),
        path: request.url!,
        headers: request.headers,
        answerLocally: () => instance.answer(key),
      })
      .then((result) =>
        writeHttpReply(
          response,
          toHttpReply(result, (count) =>
            count === undefined ? { status: 404, body: { error: `no count for ${key}` } } : { body: { key, count } },
          ),
        ),
      );
  });
  return instance;
}

async function ask(instance: Instance, key: string) {
  const response = await fetch(`http://127.0.0.1:${instance.host.port}/counts/${encodeURIComponent(key)}`);
  return {
    status: response.status,
    servedBy: response.headers.get(SERVED_BY_HEADER),
    retryAfter: response.headers.get('retry-after'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

const address = ({ host, port }: HostInfo) => `${host}:${port}`;

describe('KeyQueryRouter', () => {
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });
  afterEach(() => {
    for (const instance of [a, b]) {
      instance.streams.state = 'RUNNING';
      instance.streams.owners.clear();
      instance.streams.local.clear();
      instance.data.clear();
      instance.received.length = 0;
      instance.answer = (key) => instance.data.get(key);
    }
  });

  /** Partition `p` is owned by `owner` in both maps, and queryable there. */
  const own = (p: number, owner: Instance) => {
    for (const instance of [a, b]) instance.streams.owners.set(p, owner.host);
    owner.streams.local.set(p, 'queryable');
  };

  it('answers locally when this instance owns the key', async () => {
    own(0, a);
    a.data.set('0-hello', 3);
    expect(await ask(a, '0-hello')).toEqual({
      status: 200,
      servedBy: address(a.host),
      retryAfter: null,
      body: { key: '0-hello', count: 3 },
    });
    expect(b.received).toHaveLength(0);
  });

  it('forwards once to the owner, marked as forwarded, and relays its reply', async () => {
    own(1, a);
    a.data.set('1-world', 7);
    expect(await ask(b, '1-world')).toMatchObject({
      status: 200,
      servedBy: address(a.host),
      body: { key: '1-world', count: 7 },
    });
    expect(a.received).toHaveLength(1);
    expect(a.received[0]![FORWARDED_BY_HEADER]).toBe(address(b.host));
  });

  it("relays the owner's other answers as they are (404 for an unknown key)", async () => {
    own(1, a);
    const reply = await ask(b, '1-missing');
    expect(reply).toMatchObject({ status: 404, servedBy: address(a.host), body: { error: 'no count for 1-missing' } });
  });

  it('is unavailable, with Retry-After, while the owner restores the key', async () => {
    own(2, a);
    a.streams.local.set(2, 'restoring');
    expect(await ask(a, '2-x')).toMatchObject({ status: 503, retryAfter: '2', body: { reason: 'restoring' } });
    const viaB = await ask(b, '2-x');
    expect(viaB).toMatchObject({ status: 503, retryAfter: '2', body: { reason: 'owner-unavailable' } });
    expect(viaB.body.message).toContain('restoring');
  });

  it('never forwards a forwarded request: stale maps pointing at each other end in a 503', async () => {
    a.streams.owners.set(3, b.host);
    b.streams.owners.set(3, a.host);
    const reply = await ask(a, '3-loop');
    expect(reply).toMatchObject({ status: 503, body: { reason: 'owner-unavailable' } });
    expect(reply.body.message).toMatch(/does not own the key/);
    expect(a.received).toHaveLength(1);
    expect(b.received).toHaveLength(1);
  });

  it('answers a forwarded request itself when it runs the key, whatever its map says', async () => {
    a.streams.owners.set(4, b.host);
    b.streams.owners.set(4, a.host); // b's map is stale, but b runs the task
    b.streams.local.set(4, 'queryable');
    b.data.set('4-k', 1);
    expect(await ask(a, '4-k')).toMatchObject({ status: 200, servedBy: address(b.host), body: { count: 1 } });
  });

  it('is unavailable when its own map names it but the task is not here (the map is stale)', async () => {
    a.streams.owners.set(5, a.host);
    expect(await ask(a, '5-k')).toMatchObject({ status: 503, body: { reason: 'rebalancing' } });
    expect(b.received).toHaveLength(0);
  });

  it('is unavailable while the owner is unknown, and while this instance is not running', async () => {
    a.streams.state = 'REBALANCING';
    expect(await ask(a, '6-k')).toMatchObject({ status: 503, body: { reason: 'rebalancing' } });
    a.streams.state = 'PENDING_SHUTDOWN';
    expect(await ask(a, '6-k')).toMatchObject({ status: 503, body: { reason: 'not-running' } });
    own(6, a);
    a.streams.local.set(6, 'not-running');
    expect(await ask(a, '6-k')).toMatchObject({ status: 503, body: { reason: 'not-running' } });
  });

  it('is unavailable when the owner refuses the connection', async () => {
    const gone = await startInstance();
    await gone.close();
    b.streams.owners.set(7, gone.host);
    const reply = await ask(b, '7-k');
    expect(reply).toMatchObject({ status: 503, retryAfter: '2', body: { reason: 'owner-unreachable' } });
    expect(reply.body.message).toContain(address(gone.host));
    expect(reply.body.message).toContain('ECONNREFUSED');
  });

  it('gives up on an owner that does not answer within forwardTimeoutMs', async () => {
    const silent = createServer(() => undefined); // accepts and never answers
    const silentHost = await listen(silent);
    const impatient = await startInstance({ forwardTimeoutMs: 200 });
    try {
      impatient.streams.owners.set(8, silentHost);
      const started = Date.now();
      const reply = await ask(impatient, '8-k');
      expect(reply).toMatchObject({ status: 503, body: { reason: 'owner-unreachable' } });
      expect(reply.body.message).toContain('did not answer within 200 ms');
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      silent.closeAllConnections();
      await Promise.all([new Promise((resolve) => silent.close(resolve)), impatient.close()]);
    }
  });

  it('does not vouch for an asynchronous read that overlapped the task leaving', async () => {
    own(9, a);
    a.answer = async () => {
      a.streams.local.set(9, 'not-active'); // a rebalance took the task away mid-read
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 99;
    };
    expect(await ask(a, '9-k')).toMatchObject({ status: 503, body: { reason: 'rebalancing' } });
  });

  it("maps the local store's not-running error to unavailable", async () => {
    own(10, a);
    a.answer = () => {
      throw new InvalidStateStoreError('cannot be queried while REBALANCING', 'not-running');
    };
    expect(await ask(a, '10-k')).toMatchObject({ status: 503, body: { reason: 'rebalancing' } });
  });

  it('needs an applicationServer and valid options', () => {
    expect(() => new KeyQueryRouter({ streams: new StandInStreams(undefined) })).toThrow(/applicationServer/);
    expect(() => new KeyQueryRouter({ streams: new StandInStreams(a.host), forwardTimeoutMs: 0 })).toThrow(
      /forwardTimeoutMs/,
    );
  });

  it('rejects a path that is not absolute', async () => {
    const router = new KeyQueryRouter({ streams: new StandInStreams(a.host) });
    await expect(
      router.route({
        storeName: STORE,
        key: '0-k',
        keySerializer: Serdes.String(),
        path: 'http://elsewhere/',
        answerLocally: () => 1,
      }),
    ).rejects.toThrow(/must start with "\/"/);
  });
});
