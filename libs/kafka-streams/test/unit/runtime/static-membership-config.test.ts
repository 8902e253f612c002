// StreamsConfig's `groupInstanceId` (static membership, KIP-345): validated at start-up, on the client that has it.
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/errors/exceptions.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' };

describe('StreamsConfig groupInstanceId', () => {
  it('is absent unless given (dynamic membership)', () => {
    expect(resolveStreamsConfig({ ...base, client: 'platformatic' }).groupInstanceId).toBeUndefined();
  });

  it('is passed on for the platformatic client', () => {
    const config = resolveStreamsConfig({ ...base, client: 'platformatic', groupInstanceId: 'word-count-0' });
    expect(config.groupInstanceId).toBe('word-count-0');
  });

  it('is refused on the kafkajs client, which has no static membership, naming the field', () => {
    const resolve = () => resolveStreamsConfig({ ...base, client: 'kafkajs', groupInstanceId: 'word-count-0' });
    expect(resolve).toThrow(StreamsConfigError);
    expect(resolve).toThrow(/groupInstanceId: static membership is not provided by the kafkajs client/);
  });

  it('refuses an empty id or one with characters a Kafka id cannot hold', () => {
    for (const groupInstanceId of ['', 'pod/0', 'a b']) {
      expect(() => resolveStreamsConfig({ ...base, client: 'platformatic', groupInstanceId })).toThrow(
        /groupInstanceId/,
      );
    }
  });
});
