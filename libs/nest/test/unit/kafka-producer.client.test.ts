import { describe, expect, it } from '@jest/globals';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { KafkaProducerClient, KafkaUnavailableError } from '../../src/kafka/index.js';

describe('KafkaProducerClient', () => {
  it('fails with KafkaUnavailableError after sendTimeoutMs when the broker never answers, every time', async () => {
    // Accepts connections and never replies: the worst case, a hang rather than a refusal.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = new KafkaProducerClient({
      connection: { clientId: 'test', brokers: [`127.0.0.1:${port}`], logLevel: 0 },
      sendTimeoutMs: 300,
    });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const started = Date.now();
        await expect(client.produce('t', [{ value: 'v' }])).rejects.toBeInstanceOf(KafkaUnavailableError);
        expect(Date.now() - started).toBeLessThan(1_000);
      }
    } finally {
      await client.close();
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('fails with KafkaUnavailableError when the broker refuses connections', async () => {
    const client = new KafkaProducerClient({
      connection: { brokers: ['127.0.0.1:1'], logLevel: 0 },
      sendTimeoutMs: 5_000,
    });
    await expect(client.produce('t', [{ value: 'v' }])).rejects.toThrow(KafkaUnavailableError);
    await client.close();
  });

  it('does not do request-response', async () => {
    const client = new KafkaProducerClient({ connection: { brokers: ['127.0.0.1:1'] }, sendTimeoutMs: 100 });
    client.connect = async () => {};
    await expect(
      new Promise((resolve, reject) => client.send('t', {}).subscribe({ next: resolve, error: reject })),
    ).rejects.toThrow('request-response is not supported');
  });
});
