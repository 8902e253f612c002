// processingGuarantee accepts what this library provides, and names it when asked for Java's exactly_once_v2.
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/index.js';
import { resolveStreamsConfig, type StreamsConfigInput } from '../../../src/runtime/config.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' } as const;
const resolve = (processingGuarantee: unknown) =>
  resolveStreamsConfig({ ...base, processingGuarantee } as StreamsConfigInput);

describe('StreamsConfig processingGuarantee', () => {
  it('accepts at_least_once (the default) and exactly_once, the per-task transactional producers', () => {
    expect(resolveStreamsConfig(base).processingGuarantee).toBe('at_least_once');
    expect(resolve('at_least_once').processingGuarantee).toBe('at_least_once');
    const eos = resolve('exactly_once');
    expect(eos.processingGuarantee).toBe('exactly_once');
    expect(eos.commitIntervalMs).toBe(100);
  });

  it("rejects 'exactly_once_v2' with a StreamsConfigError naming what the library provides instead", () => {
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
        "metadata, KIP-447) is not provided by this library's kafkajs client; use 'exactly_once' (one transactional " +
        'producer per task)',
    );
  });

  it('rejects any other value with the accepted ones', () => {
    expect(() => resolve('exactly-once')).toThrow(
      "Invalid StreamsConfig: processingGuarantee: must be 'at_least_once' or 'exactly_once'",
    );
  });
});
