// A real kafkajs consumer, through the library's client factory, against a stand-in broker that answers ApiVersions
// and Metadata but drops the connection of every FindCoordinator: what kafkajs meets when the broker goes away while
// it looks for the group coordinator. kafkajs then gives up on the consumer for good ("Failed to find group
// coordinator", non-retriable); the library's consumer restarts it instead, until it is closed.
import { afterEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import { KafkajsClientFactory } from '../../../src/internal/client/kafkajs/client-factory.js';
import type { ClientLogger } from '../../../src/internal/client/types.js';

const API_VERSIONS = 18;
const METADATA = 3;
const FIND_COORDINATOR = 10;

function int16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeInt16BE(value);
  return buffer;
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function string(value: string): Buffer {
  return Buffer.concat([int16(Buffer.byteLength(value)), Buffer.from(value)]);
}

function array<T>(items: ReadonlyArray<T>, encode: (item: T) => Buffer): Buffer {
  return Buffer.concat([int32(items.length), ...items.map(encode)]);
}

/** Answers ApiVersions (any version) and Metadata v0 as one broker that leads every topic's single partition. */
function fakeBroker(port: () => number) {
  const findCoordinatorCalls: number[] = [];
  const sockets = new Set<Socket>();
  const respond = (socket: Socket, correlationId: number, body: Buffer) => {
    const payload = Buffer.concat([int32(correlationId), body]);
    socket.write(Buffer.concat([int32(payload.length), payload]));
  };
  const handle = (socket: Socket, request: Buffer) => {
    const apiKey = request.readInt16BE(0);
    const apiVersion = request.readInt16BE(2);
    const correlationId = request.readInt32BE(4);
    const clientIdLength = request.readInt16BE(8);
    const body = request.subarray(10 + Math.max(clientIdLength, 0));
    if (apiKey === API_VERSIONS) {
      const versions = array(
        [
          [API_VERSIONS, 0, 2],
          [METADATA, 0, 0],
          [FIND_COORDINATOR, 0, 0],
        ],
        ([key, min, max]) => Buffer.concat([int16(key!), int16(min!), int16(max!)]),
      );
      respond(socket, correlationId, Buffer.concat([int16(0), versions, apiVersion > 0 ? int32(0) : Buffer.alloc(0)]));
    } else if (apiKey === METADATA) {
      const topics: string[] = [];
      for (let i = 0, at = 4; i < body.readInt32BE(0); i++) {
        const length = body.readInt16BE(at);
        topics.push(body.toString('utf8', at + 2, at + 2 + length));
        at += 2 + length;
      }
      const brokers = array([0], (nodeId) => Buffer.concat([int32(nodeId), string('127.0.0.1'), int32(port())]));
      const partition = Buffer.concat([int16(0), int32(0), int32(0), array([0], int32), array([0], int32)]);
      const metadata = array(topics, (topic) => Buffer.concat([int16(0), string(topic), array([partition], (p) => p)]));
      respond(socket, correlationId, Buffer.concat([brokers, metadata]));
    } else if (apiKey === FIND_COORDINATOR) {
      findCoordinatorCalls.push(Date.now());
      socket.destroy();
    } else {
      socket.destroy();
    }
  };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        handle(socket, pending.subarray(4, 4 + size));
        pending = pending.subarray(4 + size);
      }
    });
  });
  return {
    server,
    findCoordinatorCalls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function capturingLogger(): { logger: ClientLogger; warnings: string[] } {
  const warnings: string[] = [];
  const ignore = () => {};
  const warn = (message: string, fields?: Readonly<Record<string, unknown>>) =>
    void warnings.push(`${message} ${String(fields?.['error'] ?? '')}`);
  return { logger: { debug: ignore, info: ignore, error: ignore, warn }, warnings };
}

describe('a kafkajs group consumer that cannot find its group coordinator', () => {
  let broker: ReturnType<typeof fakeBroker> | undefined;
  afterEach(async () => {
    await broker?.close();
  });

  it('is restarted until it is closed, instead of failing', async () => {
    let port = 0;
    broker = fakeBroker(() => port);
    await new Promise<void>((resolve) => broker!.server.listen(0, '127.0.0.1', resolve));
    port = (broker.server.address() as { port: number }).port;
    const { logger, warnings } = capturingLogger();
    const factory = new KafkajsClientFactory({ clientId: 'outage', brokers: [`127.0.0.1:${port}`], logger });
    const consumer = factory.consumer({ groupId: 'outage-app' });
    const fatal: Error[] = [];
    await consumer.connect();
    await consumer.subscribe(['in']);
    await consumer.run(async () => {}, { onFatalError: (error) => void fatal.push(error) });

    const deadline = Date.now() + 20_000;
    while (broker.findCoordinatorCalls.length < 3 && fatal.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fatal.map((error) => error.message)).toEqual([]);
    expect(broker.findCoordinatorCalls.length).toBeGreaterThanOrEqual(3);
    const restarts = warnings.filter((w) => w.includes('the cluster could not be reached; restarting it'));
    expect(restarts[0]).toMatch(/Failed to find group coordinator/);

    const closing = Date.now();
    await consumer.disconnect();
    expect(Date.now() - closing).toBeLessThan(2_000);
    const callsAtClose = broker.findCoordinatorCalls.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the next restart, had it not been cancelled
    expect(broker.findCoordinatorCalls.length).toBe(callsAtClose);
  }, 30_000);
});
