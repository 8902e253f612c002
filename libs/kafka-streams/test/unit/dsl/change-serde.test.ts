import { describe, expect, it } from '@jest/globals';
import { changeSerde } from '../../../src/internal/dsl/change-serde.js';
import { Serdes } from '../../../src/index.js';

describe('changeSerde (the values of a KGroupedTable repartition topic)', () => {
  const serde = changeSerde(Serdes.String());

  it('round-trips a change with a new value, an old value, both, or neither (empty strings included)', () => {
    for (const change of [
      { newValue: 'paris', oldValue: null },
      { newValue: null, oldValue: 'rome' },
      { newValue: 'paris', oldValue: 'rome' },
      { newValue: '', oldValue: 'x' },
      { newValue: 'x', oldValue: '' },
      { newValue: null, oldValue: null },
    ]) {
      const bytes = serde.serialize('t', change);
      expect(bytes).not.toBeNull();
      expect(serde.deserialize('t', bytes)).toEqual(change);
    }
  });

  it('rejects bytes its serializer did not write, naming the topic', () => {
    expect(() => serde.deserialize('app-g-repartition', Buffer.from('mallory'))).toThrow(/app-g-repartition/);
    expect(() => serde.deserialize('app-g-repartition', null)).toThrow(/did not write/);
  });
});
