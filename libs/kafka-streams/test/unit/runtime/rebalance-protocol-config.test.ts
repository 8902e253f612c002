// StreamsConfig's `rebalanceProtocol`: cooperative by default where the client can (platformatic), eager on kafkajs,
// which cannot rebalance cooperatively and refuses to be asked to.
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/errors/exceptions.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';
import { KafkajsClientFactory } from '../../../src/internal/client/kafkajs/client-factory.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' };
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('StreamsConfig rebalanceProtocol', () => {
  it('is cooperative by default on the platformatic client (the default client)', () => {
    expect(resolveStreamsConfig(base).rebalanceProtocol).toBe('cooperative');
    expect(resolveStreamsConfig({ ...base, client: 'platformatic' }).rebalanceProtocol).toBe('cooperative');
  });

  it('can be eager on the platformatic client', () => {
    expect(resolveStreamsConfig({ ...base, rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe('eager');
  });

  it('is eager by default on the kafkajs client', () => {
    expect(resolveStreamsConfig({ ...base, client: 'kafkajs' }).rebalanceProtocol).toBe('eager');
    expect(resolveStreamsConfig({ ...base, client: 'kafkajs', rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe(
      'eager',
    );
  });

  it('refuses cooperative on the kafkajs client, naming the field', () => {
    const resolve = () => resolveStreamsConfig({ ...base, client: 'kafkajs', rebalanceProtocol: 'cooperative' });
    expect(resolve).toThrow(StreamsConfigError);
    expect(resolve).toThrow(/rebalanceProtocol: cooperative rebalancing is not provided by the kafkajs client/);
  });

  it('refuses an unknown protocol', () => {
    expect(() => resolveStreamsConfig({ ...base, rebalanceProtocol: 'sticky' as unknown as 'eager' })).toThrow(
      /rebalanceProtocol: must be 'cooperative' or 'eager'/,
    );
  });

  it("is refused by the kafkajs client's consumer too", () => {
    const factory = new KafkajsClientFactory({ clientId: 'test', brokers: ['localhost:9092'], logger: silent });
    expect(() => factory.consumer({ groupId: 'g', rebalanceProtocol: 'cooperative' })).toThrow(
      /rebalanceProtocol 'cooperative'/,
    );
  });
});
