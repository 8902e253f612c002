// StreamsConfig's `client`: which Kafka client runs under the runtime (docs/client.md).
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/errors/exceptions.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' };

describe('StreamsConfig client', () => {
  it('is platformatic unless told otherwise, so exactly_once_v2 needs no client setting', () => {
    expect(resolveStreamsConfig(base).client).toBe('platformatic');
    expect(resolveStreamsConfig({ ...base, processingGuarantee: 'exactly_once_v2' }).processingGuarantee).toBe(
      'exactly_once',
    );
  });

  it('accepts kafkajs', () => {
    expect(resolveStreamsConfig({ ...base, client: 'kafkajs' }).client).toBe('kafkajs');
  });

  it('rejects anything else, naming the field and the choices', () => {
    const resolve = () => resolveStreamsConfig({ ...base, client: 'rdkafka' as 'kafkajs' });
    expect(resolve).toThrow(StreamsConfigError);
    expect(resolve).toThrow('client: must be "kafkajs" or "platformatic"');
  });
});
