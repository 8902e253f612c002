import { describe, expect, it } from '@jest/globals';
import { backoffDelay, retriesWithin, sleep } from '../../../../src/internal/client/platformatic/backoff.js';
import { retryDelay } from '../../../../src/internal/client/platformatic/connection.js';

const options = { initialMs: 100, maxMs: 1_000, jitter: 0.5 };

describe('backoffDelay', () => {
  it('doubles per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 9].map((attempt) => backoffDelay(attempt, options, 0))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('draws the jitter below the exponential delay', () => {
    expect(backoffDelay(2, options, 0.999)).toBe(100);
    expect(backoffDelay(2, options, 0.5)).toBe(150);
  });
});

describe('retriesWithin', () => {
  it('counts the retries whose shortest delays add up to the budget', () => {
    // Shortest delays (jitter 0.5): 50, 100, 200, 400, 500, 500...; their sums 50, 150, 350, 750, 1,250...
    expect(retriesWithin(50, options)).toBe(1);
    expect(retriesWithin(51, options)).toBe(2);
    expect(retriesWithin(750, options)).toBe(4);
    expect(retriesWithin(751, options)).toBe(5);
    expect(retriesWithin(1_250 + 18 * 500, options)).toBe(5 + 18);
  });
});

describe('sleep', () => {
  it('ends at once when its signal aborts, so a close does not wait for a backoff', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('retryDelay (the @platformatic/kafka clients and the transactional producer)', () => {
  // As @platformatic/kafka reports a broker's error: a ProtocolError (apiId) inside a MultipleErrors.
  const brokerError = (apiId: string) => ({ message: 'failed 1 times', errors: [{ apiId, message: apiId }] });

  it('retries CONCURRENT_TRANSACTIONS (the previous transaction completing) after about 4 ms, then doubling', () => {
    const delays = [1, 2, 3].map((attempt) => retryDelay(attempt, brokerError('CONCURRENT_TRANSACTIONS')));
    expect(delays[0]).toBeGreaterThanOrEqual(3);
    expect(delays[0]).toBeLessThanOrEqual(4);
    expect(delays[1]).toBeLessThanOrEqual(8);
    expect(delays[2]).toBeLessThanOrEqual(16);
  });

  it('retries anything else after about 100 ms, then doubling', () => {
    expect(retryDelay(1, brokerError('NOT_COORDINATOR'))).toBeGreaterThanOrEqual(80);
    expect(retryDelay(1, new Error('connect ECONNREFUSED'))).toBeGreaterThanOrEqual(80);
    expect(retryDelay(2, undefined)).toBeGreaterThanOrEqual(160);
  });
});
