// StreamsConfig's `client`: which Kafka client runs under the runtime (docs/client.md).
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/errors/exceptions.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' };

describe('StreamsConfig client', () => {
  it('is kafkajs unless told otherwise', () => {
    expect(resolveStreamsConfig(base).client).toBe('kafkajs');
  });

  it('accepts platformatic', () => {
    expect(resolveStreamsConfig({ ...base, client: 'platformatic' }).client).toBe('platformatic');
  });

  it('rejects anything else, naming the field and the choices', () => {
    const resolve = () => resolveStreamsConfig({ ...base, client: 'rdkafka' as 'kafkajs' });
    expect(resolve).toThrow(StreamsConfigError);
    expect(resolve).toThrow('client: must be "kafkajs" or "platformatic"');
  });
});
