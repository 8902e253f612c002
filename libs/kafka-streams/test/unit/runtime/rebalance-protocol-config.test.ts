// The rebalance protocol: cooperative by default where the client can (platformatic), eager on kafkajs, which cannot
// rebalance cooperatively and refuses to be asked to. The default is the client factory's, not the config's: a
// factory given to KafkaStreams decides it whatever the config's `client` says, and its consumer tells the runtime
// which one it speaks.
import { describe, expect, it } from '@jest/globals';
import { StreamsConfigError } from '../../../src/errors/exceptions.js';
import { resolveStreamsConfig } from '../../../src/runtime/config.js';
import { KafkajsClientFactory } from '../../../src/internal/client/kafkajs/client-factory.js';
import { PlatformaticClientFactory } from '../../../src/internal/client/platformatic/client-factory.js';

const base = { applicationId: 'app', bootstrapServers: 'localhost:9092' };
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const connection = { clientId: 'test', brokers: ['127.0.0.1:1'], logger: silent };

describe('StreamsConfig rebalanceProtocol', () => {
  it('is left to the client unless set', () => {
    expect(resolveStreamsConfig(base).rebalanceProtocol).toBeUndefined();
    expect(resolveStreamsConfig({ ...base, client: 'kafkajs' }).rebalanceProtocol).toBeUndefined();
    expect(resolveStreamsConfig({ ...base, rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe('eager');
    expect(resolveStreamsConfig({ ...base, rebalanceProtocol: 'cooperative' }).rebalanceProtocol).toBe('cooperative');
    expect(resolveStreamsConfig({ ...base, client: 'kafkajs', rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe(
      'eager',
    );
  });

  it('refuses cooperative with client kafkajs, naming the field', () => {
    const resolve = () => resolveStreamsConfig({ ...base, client: 'kafkajs', rebalanceProtocol: 'cooperative' });
    expect(resolve).toThrow(StreamsConfigError);
    expect(resolve).toThrow(/rebalanceProtocol: cooperative rebalancing is not provided by the kafkajs client/);
  });

  it('refuses an unknown protocol', () => {
    expect(() => resolveStreamsConfig({ ...base, rebalanceProtocol: 'sticky' as unknown as 'eager' })).toThrow(
      /rebalanceProtocol: must be 'cooperative' or 'eager'/,
    );
  });
});

describe("the client factories' rebalance protocol", () => {
  it('is cooperative by default on platformatic, and eager when asked', () => {
    const factory = new PlatformaticClientFactory(connection);
    expect(factory.consumer({ groupId: 'g' }).rebalanceProtocol).toBe('cooperative');
    expect(factory.consumer({ groupId: 'g', rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe('eager');
    expect(factory.consumer({ groupId: 'g', rebalanceProtocol: 'cooperative' }).rebalanceProtocol).toBe('cooperative');
  });

  it('is eager on kafkajs, by default and when asked', () => {
    const factory = new KafkajsClientFactory(connection);
    expect(factory.consumer({ groupId: 'g' }).rebalanceProtocol).toBe('eager');
    expect(factory.consumer({ groupId: 'g', rebalanceProtocol: 'eager' }).rebalanceProtocol).toBe('eager');
  });

  it('refuses cooperative on kafkajs with a config error naming the option', () => {
    const factory = new KafkajsClientFactory(connection);
    const consumer = () => factory.consumer({ groupId: 'g', rebalanceProtocol: 'cooperative' });
    expect(consumer).toThrow(StreamsConfigError);
    expect(consumer).toThrow(/rebalanceProtocol: cooperative rebalancing is not provided by the kafkajs client/);
    try {
      consumer();
    } catch (error) {
      expect((error as StreamsConfigError).fields).toEqual(['rebalanceProtocol']);
    }
  });
});
