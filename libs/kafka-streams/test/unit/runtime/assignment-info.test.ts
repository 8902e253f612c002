import { describe, expect, it } from '@jest/globals';
import {
  ASSIGNMENT_INFO_VERSION,
  decodeAssignmentInfo,
  decodeSubscriptionInfo,
  encodeAssignmentInfo,
  encodeSubscriptionInfo,
  SUBSCRIPTION_INFO_VERSION,
} from '../../../src/internal/assignment/assignment-info.js';
import { AssignmentInfoError } from '../../../src/errors/exceptions.js';

const framed = (version: number, body: unknown): Buffer =>
  Buffer.concat([Buffer.of(version), Buffer.from(JSON.stringify(body), 'utf8')]);

describe('subscription user data', () => {
  it('is a version byte followed by a JSON object', () => {
    const data = encodeSubscriptionInfo({ applicationServer: 'wc-0.wc:8080' });
    expect(data[0]).toBe(SUBSCRIPTION_INFO_VERSION);
    expect(JSON.parse(data.subarray(1).toString('utf8'))).toEqual({ applicationServer: 'wc-0.wc:8080' });
  });

  it('round-trips with and without an applicationServer', () => {
    expect(decodeSubscriptionInfo(encodeSubscriptionInfo({ applicationServer: 'a:1' }))).toEqual({
      applicationServer: 'a:1',
    });
    expect(decodeSubscriptionInfo(encodeSubscriptionInfo({}))).toEqual({});
  });

  it('reads no user data (a member that sent none) as no information', () => {
    expect(decodeSubscriptionInfo(Buffer.alloc(0))).toEqual({});
  });

  it('reads a later version, ignoring the fields it does not know', () => {
    const later = framed(7, { applicationServer: 'b:2', ownedTasks: ['0_1'], lags: { '0_1': 12 } });
    expect(decodeSubscriptionInfo(later)).toEqual({ applicationServer: 'b:2' });
  });

  it('carries the member state of version 2: running tasks, changelog offsets per task, rebalance requests', () => {
    const state = {
      applicationServer: 'a:1',
      activeTasks: ['0_1', '1_1'],
      taskOffsets: new Map([
        ['1_0', new Map([['app-counts-changelog:0', 12_345_678_901_234n]])],
        ['1_2', new Map([['app-counts-changelog:2', 0n]])],
      ]),
      rebalanceRequests: 2,
    };
    const data = encodeSubscriptionInfo(state);
    expect(JSON.parse(data.subarray(1).toString('utf8'))).toEqual({
      applicationServer: 'a:1',
      activeTasks: ['0_1', '1_1'],
      taskOffsets: { '1_0': { 'app-counts-changelog:0': '12345678901234' }, '1_2': { 'app-counts-changelog:2': '0' } },
      rebalanceRequests: 2,
    });
    expect(decodeSubscriptionInfo(data)).toEqual(state);
    // A version 1 member (no state) reads as one without state.
    expect(decodeSubscriptionInfo(framed(1, { applicationServer: 'b:2' }))).toEqual({ applicationServer: 'b:2' });
  });

  it('rejects offsets that are not decimal strings and keys that are not task ids or topic-partitions', () => {
    expect(() => decodeSubscriptionInfo(framed(2, { taskOffsets: { '1_0': { 'c:0': 5 } } }))).toThrow(
      /taskOffsets\.1_0\.c:0: .*expected string/,
    );
    expect(() => decodeSubscriptionInfo(framed(2, { taskOffsets: { x: { 'c:0': '5' } } }))).toThrow(
      /taskOffsets\.x: Invalid key/,
    );
    expect(() => decodeSubscriptionInfo(framed(2, { taskOffsets: { '1_0': { c: '5' } } }))).toThrow(
      /taskOffsets\.1_0\.c: Invalid key/,
    );
    expect(() => decodeSubscriptionInfo(framed(2, { activeTasks: ['1-0'] }))).toThrow(/task id/);
  });

  it('rejects version 0, broken JSON and wrong field types with an AssignmentInfoError', () => {
    expect(() => decodeSubscriptionInfo(framed(0, {}))).toThrow(/unknown format version 0/);
    expect(() => decodeSubscriptionInfo(Buffer.concat([Buffer.of(1), Buffer.from('{nope')]))).toThrow(
      AssignmentInfoError,
    );
    expect(() => decodeSubscriptionInfo(framed(1, { applicationServer: 42 }))).toThrow(/applicationServer/);
  });
});

describe('assignment user data', () => {
  const info = {
    hosts: [
      { host: 'wc-0.wc:8080', activeTasks: ['0_0', '1_0'], standbyTasks: [] },
      { host: 'wc-1.wc:8080', activeTasks: ['0_1', '1_1'], standbyTasks: ['1_0'] },
    ],
  };

  it('is a version byte followed by a JSON object', () => {
    const data = encodeAssignmentInfo(info);
    expect(data[0]).toBe(ASSIGNMENT_INFO_VERSION);
    expect(JSON.parse(data.subarray(1).toString('utf8'))).toEqual(info);
  });

  it('round-trips', () => {
    expect(decodeAssignmentInfo(encodeAssignmentInfo(info))).toEqual(info);
  });

  it("carries the member's own standby and warm-up tasks and the follow-up rebalance (version 2)", () => {
    const mine = { ...info, standbyTasks: ['1_0', '1_3'], warmupTasks: ['1_3'], followupRebalanceMs: 60_000 };
    expect(decodeAssignmentInfo(encodeAssignmentInfo(mine))).toEqual(mine);
    expect(decodeAssignmentInfo(framed(1, info))).toEqual(info); // version 1: none of them
    expect(() => decodeAssignmentInfo(framed(2, { ...info, followupRebalanceMs: -1 }))).toThrow(/followupRebalanceMs/);
  });

  it('reads a later version with extra fields, and standbyTasks absent as none', () => {
    const later = framed(3, { hosts: [{ host: 'a:1', activeTasks: ['2_5'], lags: {} }], epoch: 9 });
    expect(decodeAssignmentInfo(later)).toEqual({ hosts: [{ host: 'a:1', activeTasks: ['2_5'], standbyTasks: [] }] });
  });

  it('rejects empty data, malformed task ids and missing hosts', () => {
    expect(() => decodeAssignmentInfo(Buffer.alloc(0))).toThrow(/empty/);
    expect(() => decodeAssignmentInfo(framed(1, { hosts: [{ host: 'a:1', activeTasks: ['x'] }] }))).toThrow(
      /hosts\.0\.activeTasks\.0: must be a task id/,
    );
    expect(() => decodeAssignmentInfo(framed(1, {}))).toThrow(/hosts/);
  });
});
