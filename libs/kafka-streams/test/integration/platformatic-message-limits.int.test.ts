// The size the platformatic transactional producer checks a record against before sending it is the size the broker
// checks: a record whose batch of its own is exactly a topic's max.message.bytes is accepted, one byte more refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Producer } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import { baseOptions } from '../../src/internal/client/platformatic/connection.js';
import { hasProtocolError } from '../../src/internal/client/platformatic/errors.js';
import { singleRecordBatchBytes } from '../../src/internal/client/platformatic/message-limits.js';
import type { OutgoingRecord } from '../../src/internal/client/types.js';
import { bootstrapServers, kafka, uniqueName } from '../../../../test/support/kafka.js';

const LIMIT = 300;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('a record batch of one record on the platformatic client', () => {
  let admin: Admin;
  const topic = uniqueName('message-limits');
  const producer = new Producer({
    ...baseOptions({ clientId: 'message-limits-test', brokers: bootstrapServers(), logger: silent }),
    autocreateTopics: false,
  });

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'max.message.bytes', value: String(LIMIT) }] }],
    });
  });
  afterAll(async () => {
    await producer.close();
    await admin.disconnect();
  });

  /** A record with a key, two headers and a value of `valueBytes` bytes. */
  const record = (valueBytes: number): OutgoingRecord => ({
    topic,
    partition: 0,
    key: Buffer.from('key-1'),
    value: Buffer.alloc(valueBytes, 'v'),
    timestamp: Date.now(),
    headers: [
      ['trace', Buffer.from('abc')],
      ['kind', Buffer.alloc(0)],
    ],
  });
  const send = (r: OutgoingRecord) =>
    producer.send({
      messages: [
        {
          topic: r.topic,
          partition: r.partition,
          key: r.key!,
          value: r.value!,
          timestamp: BigInt(r.timestamp),
          headers: new Map(r.headers.map(([k, v]) => [Buffer.from(k), v] as const)),
        },
      ],
    });

  it('weighs exactly what the broker compares with max.message.bytes', async () => {
    let valueBytes = 0;
    while (singleRecordBatchBytes(record(valueBytes + 1)) <= LIMIT) valueBytes++;
    expect(singleRecordBatchBytes(record(valueBytes))).toBe(LIMIT);

    await expect(send(record(valueBytes))).resolves.toBeDefined();
    const refusal = await send(record(valueBytes + 1)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(hasProtocolError(refusal, 'MESSAGE_TOO_LARGE')).toBe(true);
  });
});
