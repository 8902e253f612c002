import { describe, expect, it } from '@jest/globals';
import type { ProcessorContext, ProcessorSupplier, Record } from '../../../src/processor/api.js';
import { Serdes } from '../../../src/index.js';
import { subscriptionSetSerde, valueHash, type Subscription } from '../../../src/internal/dsl/fk-join-serdes.js';
import { responseJoinProcessor, subscriptionSendProcessor } from '../../../src/internal/dsl/processors/fk-join.js';

const str = Serdes.String();
const bytes = (value: string) => str.serialize('t', value);

/** Runs a processor on records with a context whose stores are maps; returns what it forwarded. */
function run<K, V>(
  supplier: ProcessorSupplier<unknown, unknown, unknown, unknown>,
  stores: globalThis.Record<string, Map<unknown, unknown>>,
  records: ReadonlyArray<Record<K, V>>,
): Array<Record<unknown, unknown>> {
  const forwarded: Array<Record<unknown, unknown>> = [];
  const context = {
    getStateStore: (name: string) => ({ get: (key: unknown) => stores[name]?.get(key) }),
    forward: (record: Record<unknown, unknown>) => forwarded.push(record),
  } as unknown as ProcessorContext<unknown, unknown>;
  const processor = supplier();
  processor.init?.(context);
  for (const record of records) processor.process(record);
  return forwarded;
}

const record = <K, V>(key: K, value: V): Record<K, V> => ({ key, value, timestamp: 1, headers: [] });

describe('foreign-key join processors', () => {
  it('the left side drops an answer made for an older version of the row, and joins the current one', () => {
    const left = new Map([['o1', 'c1:cup']]);
    const joined = (leftJoin: boolean, hashOf: string | null, foreignValue: string | null) =>
      run(
        responseJoinProcessor<string, string, string, string>({
          leftStoreName: 'left',
          valueBytes: bytes,
          joiner: (order, name) => `${order}/${name ?? 'null'}`,
          leftJoin,
        }),
        { left },
        [record('o1', { hash: valueHash(hashOf === null ? null : bytes(hashOf)), foreignValue })],
      ).map((r) => r.value);
    expect(joined(false, 'c1:book', 'ann')).toEqual([]); // stale: the row is c1:cup now
    expect(joined(false, 'c1:cup', 'ann')).toEqual(['c1:cup/ann']);
    expect(joined(false, 'c1:cup', null)).toEqual([null]);
    expect(joined(true, 'c1:cup', null)).toEqual(['c1:cup/null']);
    expect(joined(true, null, null)).toEqual([]); // an answer to a delete, but the row exists
  });

  it('the left side sends Java 4.3 instructions for new rows, moves, deletes and rows without a foreign key', () => {
    const send = (leftJoin: boolean, oldValue: string | null, newValue: string | null) =>
      run(
        subscriptionSendProcessor<string, string, string | null>({
          foreignKeyOf: (value) => (value.startsWith('none') ? null : value.split(':')[0]!),
          leftJoin,
          foreignKeyBytes: (key) => (key === null ? null : bytes(key)),
          valueBytes: bytes,
        }),
        {},
        [record('o1', { newValue, oldValue })],
      ).map((r) => [r.key, (r.value as Subscription<string>).instruction]);
    expect(send(false, null, 'c1:a')).toEqual([['c1', 'propagate-only-if-foreign-value']]);
    expect(send(false, 'c1:a', 'c1:b')).toEqual([['c1', 'propagate-null-if-no-foreign-value']]);
    expect(send(false, 'c1:a', 'c2:a')).toEqual([
      ['c1', 'delete-no-propagate'],
      ['c2', 'propagate-null-if-no-foreign-value'],
    ]);
    expect(send(false, 'c1:a', null)).toEqual([['c1', 'delete-and-propagate']]);
    expect(send(false, 'c1:a', 'none:a')).toEqual([['c1', 'delete-and-propagate']]);
    expect(send(false, null, 'none:a')).toEqual([]);
    expect(send(true, null, 'none:a')).toEqual([[null, 'propagate-null-if-no-foreign-value']]);
    expect(send(true, 'c1:a', null)).toEqual([
      ['c1', 'delete-no-propagate'],
      [null, 'propagate-null-if-no-foreign-value'],
    ]);
    expect(send(true, null, null)).toEqual([]);
  });

  it('keeps the subscriptions of a foreign key, hashes included, through its serde', () => {
    const entries = [
      { primaryKey: Buffer.from('o1'), hash: valueHash(Buffer.from('x')) },
      { primaryKey: Buffer.from(''), hash: null },
    ];
    expect(subscriptionSetSerde.deserialize('s', subscriptionSetSerde.serialize('s', entries))).toEqual(entries);
  });
});
