// The runtime's producers write Produce v11 with their own encoder (produce-request.ts): the broker takes the
// requests (it checks each batch's CRC and sequence numbers), and an independent client reads every record back as
// written, timestamps more than 2^31 ms apart in one batch included (the package's own encoder got those wrong).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Producer, produceV11 } from '@platformatic/kafka';
import type { Admin, IHeaders } from 'kafkajs';
import { ClientProducer } from '../../src/internal/client/platformatic/client-api-versions.js';
import { produceApi } from '../../src/internal/client/platformatic/produce-api.js';
import { PlatformaticRecordProducer } from '../../src/internal/client/platformatic/producer.js';
import type { OutgoingRecord } from '../../src/internal/client/types.js';
import { negotiated } from '../support/negotiated-api.js';
import { bootstrapServers, createTopics, kafka, uniqueName } from '../../../../test/support/kafka.js';

jest.setTimeout(60_000);

const DAY_MS = 86_400_000;

interface ReadRecord {
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  timestamp: number;
  headers: Array<[string, string]>;
}

/** Every record of `topic` as kafkajs decodes it, headers in order (a repeated key is an array there). */
async function readBack(topic: string, expected: number): Promise<ReadRecord[]> {
  const consumer = kafka().consumer({ groupId: uniqueName('produce-request-reader'), maxWaitTimeInMs: 200 });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) =>
        void records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          timestamp: Number(message.timestamp),
          headers: headerPairs(message.headers ?? {}),
        }),
    });
    const deadline = Date.now() + 30_000;
    while (records.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
}

function headerPairs(headers: IHeaders): Array<[string, string]> {
  return Object.entries(headers).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): [string, string] => [key, v?.toString() ?? '']),
  );
}

describe('Produce requests written by the runtime', () => {
  let admin: Admin;
  const options = { clientId: 'produce-request-test', bootstrapBrokers: bootstrapServers() };

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it("replace the package's Produce v11 in the runtime's producers, and only there", async () => {
    const plain = new Producer(options);
    const client = new ClientProducer(options);
    try {
      expect(await negotiated(plain, 'Produce')).toBe(produceV11.api);
      expect(await negotiated(client, 'Produce')).toBe(produceApi);
      expect(await negotiated(client, 'Fetch')).toBe(await negotiated(plain, 'Fetch'));
    } finally {
      await Promise.all([plain.close(true), client.close(true)]);
    }
  });

  it('are read back by another client record for record, in two sends to two partitions', async () => {
    const topic = uniqueName('produce-request');
    await createTopics(admin, [{ topic, partitions: 2 }]);
    const now = Date.now();
    const record = (
      partition: number,
      key: string | null,
      value: string | null,
      timestamp: number,
      headers: Array<[string, string]> = [],
    ): OutgoingRecord => ({
      topic,
      partition,
      key: key === null ? null : Buffer.from(key),
      value: value === null ? null : Buffer.from(value),
      timestamp,
      headers: headers.map(([k, v]) => [k, Buffer.from(v)]),
    });
    const first = [
      // 30 days after the batch's first record, then 30 days before it (brokers refuse timestamps an hour ahead).
      record(0, 'a', 'one', now - 30 * DAY_MS),
      record(0, null, 'no key', now),
      record(0, 'a', null, now - 60 * DAY_MS),
      record(1, 'b', '', now - 1, [
        ['trace', 'x'],
        ['trace', 'y'],
        ['ünï', 'v'],
      ]),
    ];
    const second = [record(1, 'b', 'two', now - 400 * DAY_MS), record(0, 'c', 'three', now)];

    const producer = new PlatformaticRecordProducer({
      clientId: 'produce-request-test',
      brokers: bootstrapServers(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    await producer.connect();
    let offsets;
    try {
      await producer.send(first);
      offsets = await producer.send(second);
    } finally {
      await producer.disconnect();
    }
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      { topic, partition: 0, offset: 4n },
      { topic, partition: 1, offset: 2n },
    ]);

    const expected = [first[0], first[1], first[2], second[1], first[3], second[0]].map((r) => ({
      partition: r!.partition,
      key: r!.key?.toString() ?? null,
      value: r!.value?.toString() ?? null,
      timestamp: r!.timestamp,
      headers: r!.headers.map(([k, v]) => [k, v.toString()]),
    }));
    const read = await readBack(topic, expected.length);
    expect(read.map(({ offset: _offset, ...rest }) => rest)).toEqual(expected);
    expect(read.map((r) => `${r.partition}:${r.offset}`)).toEqual(['0:0', '0:1', '0:2', '0:3', '1:0', '1:1']);
  });
});
