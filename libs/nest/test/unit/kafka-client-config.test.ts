import { describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClientConfig } from '../../src/kafka/index.js';

describe('kafkaClientConfig', () => {
  it('is plaintext without credentials, with the default client id', () => {
    expect(kafkaClientConfig({ KAFKA_BOOTSTRAP_SERVERS: 'a:1,b:2' }, 'svc')).toEqual({
      clientId: 'svc',
      brokers: ['a:1', 'b:2'],
    });
  });

  it('uses TLS trusting KAFKA_CA_FILE and SCRAM-SHA-512 with the credentials', () => {
    const caFile = join(tmpdir(), `ca-${process.pid}.crt`);
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
    const config = kafkaClientConfig(
      {
        KAFKA_BOOTSTRAP_SERVERS: 'a:9093',
        KAFKA_CLIENT_ID: 'custom',
        KAFKA_SASL_USERNAME: 'user',
        KAFKA_SASL_PASSWORD: 'secret',
        KAFKA_CA_FILE: caFile,
      },
      'svc',
    );
    expect(config).toEqual({
      clientId: 'custom',
      brokers: ['a:9093'],
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\n'] },
      sasl: { mechanism: 'scram-sha-512', username: 'user', password: 'secret' },
    });
  });
});
