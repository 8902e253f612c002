// Readiness and liveness from the app's state, its restoring tasks and its global stores.
import { describe, expect, it } from '@jest/globals';
import { streamsHealth } from '../../../src/runtime/streams-health.js';

const running = { state: 'RUNNING', restoringTasks: [], globalStoresBootstrapped: true } as const;

describe('streamsHealth', () => {
  it('is ready only while RUNNING with nothing restoring and the global stores bootstrapped', () => {
    expect(streamsHealth(running)).toEqual({ live: true, ready: true, reason: 'running' });
    expect(streamsHealth({ ...running, restoringTasks: ['1_0', '1_2'] })).toEqual({
      live: true,
      ready: false,
      reason: 'restoring 2 task(s): 1_0, 1_2',
    });
    expect(streamsHealth({ ...running, globalStoresBootstrapped: false }).reason).toBe('bootstrapping global stores');
    expect(streamsHealth({ ...running, state: 'REBALANCING' })).toEqual({
      live: true,
      ready: false,
      reason: 'rebalancing',
    });
    expect(streamsHealth({ ...running, state: 'REBALANCING', restoringTasks: ['0_0'] }).reason).toBe(
      'restoring 1 task(s): 0_0',
    );
    expect(streamsHealth({ ...running, state: 'CREATED' }).reason).toBe('not started');
    expect(streamsHealth({ ...running, state: 'PENDING_SHUTDOWN' })).toEqual({
      live: true,
      ready: false,
      reason: 'shutting down',
    });
    expect(streamsHealth({ ...running, state: 'NOT_RUNNING' }).reason).toBe('stopped');
  });

  it('is not live once failed, with the error as the reason', () => {
    expect(streamsHealth({ ...running, state: 'PENDING_ERROR', error: new Error('source topic deleted') })).toEqual({
      live: false,
      ready: false,
      reason: 'failed: source topic deleted',
    });
    expect(streamsHealth({ ...running, state: 'ERROR' })).toEqual({
      live: false,
      ready: false,
      reason: 'failed: stopped by an error',
    });
  });
});
