// Reads every record of a topic with its timestamp and offset (the shared readAll keeps neither).
import type kafkajs from 'kafkajs';
import { uniqueName } from '../../../../../test/support/kafka.js';

export interface TimestampedRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
}

/** Reads `topic` until `expected` records arrived or `idleMs` passed without one; sorted by partition, then offset. */
export async function readTimestamped(
  client: kafkajs.Kafka,
  topic: string,
  options: { readonly expected?: number; readonly idleMs?: number; readonly timeoutMs?: number } = {},
): Promise<TimestampedRecord[]> {
  const { expected = Number.POSITIVE_INFINITY, idleMs = 3_000, timeoutMs = 60_000 } = options;
  const consumer = client.consumer({ groupId: uniqueName('timestamped-reader'), maxWaitTimeInMs: 200 });
  const records: TimestampedRecord[] = [];
  let lastArrival = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      records.push({
        key: message.key?.toString('utf8') ?? null,
        value: message.value ?? null,
        partition,
        offset: BigInt(message.offset),
        timestamp: Number(message.timestamp),
      });
      lastArrival = Date.now();
    },
  });
  const started = Date.now();
  try {
    while (records.length < expected && Date.now() - lastArrival < idleMs && Date.now() - started < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}
