// Output topics read as tables, for tests that check a topology's results against a reference computed in the
// test: every record of a topic collected from the beginning, the table those records end in (the last value per
// key; a null value deletes the key), and a wait until each table reaches its reference.
import { expect } from '@jest/globals';
import type kafkajs from 'kafkajs';
import { uniqueName, waitFor } from './kafka.js';

export interface TableUpdate {
  readonly key: string;
  readonly value: string | null;
}

export interface CollectedRecord extends TableUpdate {
  readonly partition: number;
}

/** The table after every update: the latest non-deleted value per key. */
export function finalTable(updates: ReadonlyArray<TableUpdate>): Map<string, string> {
  const table = new Map<string, string>();
  for (const { key, value } of updates) {
    if (value === null) table.delete(key);
    else table.set(key, value);
  }
  return table;
}

/** Collects every record of `topic` (keys required) from the beginning until `stop()`. */
export async function collectTopic(
  client: kafkajs.Kafka,
  topic: string,
): Promise<{ readonly records: ReadonlyArray<CollectedRecord>; stop(): Promise<void> }> {
  const consumer = client.consumer({ groupId: uniqueName('output-table-reader'), maxWaitTimeInMs: 200 });
  const records: CollectedRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      records.push({ key: message.key!.toString(), value: message.value?.toString() ?? null, partition });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}

export interface OutputTable {
  /** Names the output in the failure message. */
  readonly name: string;
  /** The records received so far (read again while waiting). */
  readonly records: ReadonlyArray<TableUpdate>;
  readonly expected: ReadonlyMap<string, string>;
}

const sameTable = (actual: ReadonlyMap<string, string>, expected: ReadonlyMap<string, string>): boolean =>
  actual.size === expected.size && [...expected].every(([key, value]) => actual.get(key) === value);

/**
 * Waits until every output's final table equals its reference (at most `timeoutMs`), then compares each one, so
 * that after a timeout the failure shows what differs.
 */
export async function reachReference(outputs: ReadonlyArray<OutputTable>, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    () => outputs.every(({ records, expected }) => sameTable(finalTable(records), expected)),
    timeoutMs,
    `${outputs.map((o) => o.name).join(', ')} to reach the reference`,
  ).catch(() => undefined); // the comparisons below show the difference
  for (const { name, records, expected } of outputs) {
    expect({ [name]: Object.fromEntries(finalTable(records)) }).toEqual({ [name]: Object.fromEntries(expected) });
  }
}
