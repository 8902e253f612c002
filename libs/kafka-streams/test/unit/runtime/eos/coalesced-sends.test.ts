// Many tasks' sends in one: what they hand over together goes in one send, and each gets back what concerns it.
import { describe, expect, it } from '@jest/globals';
import {
  type OutgoingRecord,
  RecordsRefusedError,
  type TopicPartitionOffset,
} from '../../../../src/internal/client/types.js';
import { CoalescedSends } from '../../../../src/internal/runtime/eos/coalesced-sends.js';

const record = (topic: string, partition: number, value = 'v'): OutgoingRecord => ({
  topic,
  partition,
  key: null,
  value: Buffer.from(value),
  timestamp: 1,
  headers: [],
});

/** Records every send; answers with the offset after the records it got per partition, counting from 0. */
class Producer {
  readonly sends: OutgoingRecord[][] = [];
  private readonly next = new Map<string, bigint>();
  gate: Promise<void> | undefined;
  failure: ((records: ReadonlyArray<OutgoingRecord>) => Error) | undefined;

  readonly send = async (records: ReadonlyArray<OutgoingRecord>): Promise<TopicPartitionOffset[]> => {
    this.sends.push([...records]);
    await this.gate;
    if (this.failure) throw this.failure(records);
    const written = new Map<string, TopicPartitionOffset>();
    for (const { topic, partition } of records) {
      const key = `${topic}:${partition}`;
      const offset = (this.next.get(key) ?? 0n) + 1n;
      this.next.set(key, offset);
      written.set(key, { topic, partition, offset });
    }
    return [...written.values()];
  };
}

describe('CoalescedSends', () => {
  it('sends what is handed over in one turn as one send, and gives each caller the offsets of its partitions', async () => {
    const producer = new Producer();
    const sends = new CoalescedSends(producer.send);
    const [a, b, c] = await Promise.all([
      sends.send([record('changelog-0', 0), record('out', 1)]),
      sends.send([record('changelog-1', 1), record('out', 1)]),
      sends.send([record('out', 2)]),
    ]);
    expect(producer.sends).toHaveLength(1);
    expect(producer.sends[0]).toHaveLength(5);
    expect(a).toEqual([
      { topic: 'changelog-0', partition: 0, offset: 1n },
      { topic: 'out', partition: 1, offset: 2n },
    ]);
    expect(b).toEqual([
      { topic: 'out', partition: 1, offset: 2n },
      { topic: 'changelog-1', partition: 1, offset: 1n },
    ]);
    expect(c).toEqual([{ topic: 'out', partition: 2, offset: 1n }]);
  });

  it('sends what arrives while a send is on its way together in the next one', async () => {
    const producer = new Producer();
    const sends = new CoalescedSends(producer.send);
    let open!: () => void;
    producer.gate = new Promise((resolve) => (open = resolve));
    const first = sends.send([record('out', 0, 'first')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(producer.sends).toHaveLength(1);
    const later = [sends.send([record('out', 0, 'second')]), sends.send([record('out', 1, 'third')])];
    await new Promise((resolve) => setImmediate(resolve));
    expect(producer.sends).toHaveLength(1);
    producer.gate = undefined;
    open();
    expect(await first).toEqual([{ topic: 'out', partition: 0, offset: 1n }]);
    expect(await Promise.all(later)).toEqual([
      [{ topic: 'out', partition: 0, offset: 2n }],
      [{ topic: 'out', partition: 1, offset: 1n }],
    ]);
    expect(producer.sends.map((send) => send.map((r) => r.value!.toString()))).toEqual([
      ['first'],
      ['second', 'third'],
    ]);
  });

  it('tells refused records to the caller that handed them over; the others succeed', async () => {
    const producer = new Producer();
    const tooLarge = record('out', 1, 'x'.repeat(10));
    producer.failure = (records) =>
      new RecordsRefusedError(
        'MESSAGE_TOO_LARGE',
        records.filter((r) => r === tooLarge),
        [{ topic: 'out', partition: 0, offset: 5n }],
      );
    const sends = new CoalescedSends(producer.send);
    const [fine, refused] = await Promise.allSettled([
      sends.send([record('out', 0)]),
      sends.send([record('out', 0), tooLarge]),
    ]);
    expect(fine).toEqual({ status: 'fulfilled', value: [{ topic: 'out', partition: 0, offset: 5n }] });
    expect(refused.status).toBe('rejected');
    const error = (refused as PromiseRejectedResult).reason as RecordsRefusedError;
    expect(error).toBeInstanceOf(RecordsRefusedError);
    expect(error.refused).toEqual([tooLarge]);
    expect(error.written).toEqual([{ topic: 'out', partition: 0, offset: 5n }]);
  });

  it('fails every send merged into one that failed', async () => {
    const producer = new Producer();
    producer.failure = () => new Error('broker gone');
    const sends = new CoalescedSends(producer.send);
    const results = await Promise.allSettled([sends.send([record('a', 0)]), sends.send([record('b', 0)])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(producer.sends).toHaveLength(1);
    // Later sends are not held up by the failure.
    producer.failure = undefined;
    await expect(sends.send([record('a', 0)])).resolves.toEqual([{ topic: 'a', partition: 0, offset: 1n }]);
  });
});
