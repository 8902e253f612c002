// The suppress buffer store: time-ordered eviction (time, then key bytes), updates in place, changelog writes, and a
// restore that rebuilds the same buffer from them.
import { describe, expect, it } from '@jest/globals';
import { type BufferedRecord, SuppressionBuffer } from '../../../src/internal/dsl/processors/suppression-buffer.js';

const entry = (key: string, time: number, value: string | null = key): BufferedRecord => ({
  key: Buffer.from(key),
  value: value === null ? null : Buffer.from(value),
  time,
  timestamp: time - 1,
});

function logged() {
  const changelog: Array<{ key: Buffer; value: Buffer | null }> = [];
  const buffer = new SuppressionBuffer('b', { send: (key, value) => void changelog.push({ key, value }) });
  return { buffer, changelog };
}

const drain = (buffer: SuppressionBuffer): string[] => {
  const out: string[] = [];
  for (let next = buffer.evictOldest(); next; next = buffer.evictOldest()) {
    out.push(`${next.key.toString()}@${next.time}=${next.value?.toString() ?? 'null'}`);
  }
  return out;
};

describe('SuppressionBuffer', () => {
  it('evicts by time, then key bytes; an update replaces the entry and keeps its place', () => {
    const { buffer } = logged();
    buffer.put(entry('b', 20));
    buffer.put(entry('c', 10));
    buffer.put(entry('a', 20));
    buffer.put(entry('c', 10, 'c2'));
    expect(buffer.minTime()).toBe(10);
    expect(buffer.numRecords()).toBe(3);
    expect(drain(buffer)).toEqual(['c@10=c2', 'a@20=a', 'b@20=b']);
    expect(buffer.sizeInBytes()).toBe(0);
  });

  it('counts the bytes of keys and values, 20 more per record', () => {
    const { buffer } = logged();
    buffer.put(entry('key', 1, 'value'));
    buffer.put(entry('k2', 1, null));
    expect(buffer.sizeInBytes()).toBe(3 + 5 + 20 + (2 + 20));
  });

  it('logs each put and eviction; a restore from that changelog rebuilds the buffer', () => {
    const { buffer, changelog } = logged();
    buffer.put(entry('a', 5));
    buffer.put(entry('b', 3, null));
    buffer.put(entry('c', 9));
    buffer.evictOldest(); // b
    const restored = new SuppressionBuffer('b', { send: () => undefined });
    for (const { key, value } of changelog) restored.restore(key, value);
    expect(changelog.map(({ key, value }) => `${key.toString()}:${value === null ? 'tombstone' : 'entry'}`)).toEqual([
      'a:entry',
      'b:entry',
      'c:entry',
      'b:tombstone',
    ]);
    const evicted = restored.evictOldest()!;
    expect(evicted).toEqual(entry('a', 5));
    expect(drain(restored)).toEqual(['c@9=c']);
  });
});
