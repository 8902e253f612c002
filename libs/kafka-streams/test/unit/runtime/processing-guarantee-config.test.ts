// processingGuarantee accepts what the client provides, and says what to use when kafkajs is asked for exactly_once_v2.
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/index.js';
import { resolveStreamsConfig, type StreamsConfigInput } from '../../../src/runtime/config.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' } as const;
const resolve = (processingGuarantee: unknown, client: 'kafkajs' | 'platformatic' = 'kafkajs') =>
  resolveStreamsConfig({ ...base, client, processingGuarantee } as StreamsConfigInput);

describe('StreamsConfig processingGuarantee', () => {
  it('accepts at_least_once (the default) and exactly_once, the per-task transactional producers', () => {
    expect(resolveStreamsConfig(base).processingGuarantee).toBe('at_least_once');
    expect(resolve('at_least_once').processingGuarantee).toBe('at_least_once');
    const eos = resolve('exactly_once');
    expect(eos.processingGuarantee).toBe('exactly_once');
    expect(eos.commitIntervalMs).toBe(100);
  });

  it("accepts 'exactly_once_v2' on the platformatic client, where 'exactly_once' runs v2 too", () => {
    const v2 = resolve('exactly_once_v2', 'platformatic');
    expect(v2.processingGuarantee).toBe('exactly_once');
    expect(v2.commitIntervalMs).toBe(100);
  });

  it("rejects 'exactly_once_v2' on kafkajs with a StreamsConfigError naming what to use instead", () => {
    let thrown: unknown;
    try {
      resolve('exactly_once_v2');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StreamsConfigError);
    const error = thrown as StreamsConfigError;
    expect(error.fields).toEqual(['processingGuarantee']);
    expect(error.message).toBe(
      "Invalid StreamsConfig: processingGuarantee: 'exactly_once_v2' (Java's thread-level producers fenced by group " +
        "metadata, KIP-447) is not provided by the kafkajs client; use client 'platformatic', or " +
        "'exactly_once' (one transactional producer per task)",
    );
  });

  it('rejects any other value with the accepted ones', () => {
    expect(() => resolve('exactly-once')).toThrow(
      "Invalid StreamsConfig: processingGuarantee: must be 'at_least_once', 'exactly_once' or 'exactly_once_v2'",
    );
  });
});
