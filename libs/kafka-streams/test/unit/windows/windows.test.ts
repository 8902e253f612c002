import { describe, expect, it } from '@jest/globals';
import {
  JoinWindows,
  SessionWindows,
  SlidingWindows,
  TimeWindows,
  sessionWindowedSerde,
  timeWindowedSerde,
  windowed,
} from '../../../src/index.js';
import type { Serde } from '../../../src/serde/serde.js';

// A minimal UTF-8 serde, so these tests do not depend on the serde module.
const utf8: Serde<string> = {
  name: 'String',
  serialize: (_topic, data) => Buffer.from(data, 'utf8'),
  deserialize: (_topic, data) => (data === null ? '' : data.toString('utf8')),
};

describe('TimeWindows', () => {
  it('puts a record in exactly one tumbling window, aligned to the epoch', () => {
    const tumbling = TimeWindows.ofSizeWithNoGrace(10_000);
    expect(tumbling.windowsFor(0)).toEqual([{ startMs: 0, endMs: 10_000 }]);
    expect(tumbling.windowsFor(9_999)).toEqual([{ startMs: 0, endMs: 10_000 }]);
    expect(tumbling.windowsFor(10_000)).toEqual([{ startMs: 10_000, endMs: 20_000 }]);
  });

  it('puts a record in size/advance hopping windows', () => {
    const hopping = TimeWindows.ofSizeAndGrace(10_000, 1_000).advanceBy(5_000);
    expect(hopping.windowsFor(12_000)).toEqual([
      { startMs: 5_000, endMs: 15_000 },
      { startMs: 10_000, endMs: 20_000 },
    ]);
    expect(hopping.windowsFor(3_000)).toEqual([{ startMs: 0, endMs: 10_000 }]);
    expect(hopping.retentionMs()).toBe(11_000);
  });

  it('rejects sizes, advances and grace periods that make no sense', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(0)).toThrow(/size must be > 0/);
    expect(() => TimeWindows.ofSizeAndGrace(10, -1)).toThrow(/grace/);
    expect(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(11)).toThrow(/advance/);
    expect(() => TimeWindows.ofSizeWithNoGrace(1.5)).toThrow(/whole number/);
  });
});

describe('session, sliding and join windows', () => {
  it('keep their parameters and retention', () => {
    expect(SessionWindows.ofInactivityGapAndGrace(300, 50).retentionMs()).toBe(350);
    expect(SlidingWindows.ofTimeDifferenceAndGrace(100, 10).retentionMs()).toBe(210);
    const join = JoinWindows.ofTimeDifferenceAndGrace(100, 5).before(20);
    expect([join.beforeMs, join.afterMs, join.graceMs]).toEqual([20, 100, 5]);
  });
});

describe('windowed serdes are byte-compatible with Kafka Streams', () => {
  it('TimeWindowedSerde: key bytes then the start as a big-endian int64', () => {
    const serde = timeWindowedSerde(utf8, 60_000);
    const bytes = serde.serialize('t', windowed('ab', 1_700_000_040_000, 1_700_000_100_000));
    const start = Buffer.alloc(8);
    start.writeBigInt64BE(1_700_000_040_000n);
    expect(bytes?.toString('hex')).toBe(`6162${start.toString('hex')}`);
    expect(bytes?.toString('hex')).toBe('61620000018bcfe60440');
    expect(serde.deserialize('t', bytes ?? null)).toEqual(windowed('ab', 1_700_000_040_000, 1_700_000_100_000));
  });

  it('SessionWindowedSerde: key bytes, then end, then start, both big-endian int64', () => {
    const serde = sessionWindowedSerde(utf8);
    const bytes = serde.serialize('t', windowed('k', 1_000, 2_500));
    expect(bytes?.toString('hex')).toBe('6b' + '00000000000009c4' + '00000000000003e8');
    expect(serde.deserialize('t', bytes ?? null)).toEqual(windowed('k', 1_000, 2_500));
  });

  it('rejects bytes too short to hold a window', () => {
    expect(() => timeWindowedSerde(utf8, 10).deserialize('t', Buffer.from('abc'))).toThrow(/not a windowed key/);
    expect(() => sessionWindowedSerde(utf8).deserialize('t', Buffer.alloc(15))).toThrow(/not a session-windowed key/);
  });
});
