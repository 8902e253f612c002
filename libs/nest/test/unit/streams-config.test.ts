import { describe, expect, it } from '@jest/globals';
import { ConfigService } from '@nestjs/config';
import { resolveStreamsConfig, silentLogger } from '@streamkit/kafka-streams';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import { defineServiceConfig, kafkaStreamsConfigOf, loadConfig, streamsServiceShape } from '../../src/index.js';

const schema = defineServiceConfig({ ...streamsServiceShape({ applicationId: 'word-count' }) });

function streamsConfigFor(env: Record<string, string>) {
  const config = new ConfigService<z.output<typeof schema>, true>(loadConfig(schema, env));
  return kafkaStreamsConfigOf(config, silentLogger);
}

describe('kafkaStreamsConfigOf', () => {
  it('maps the variables to a config the streams runtime accepts', () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'state-'));
    const config = streamsConfigFor({
      KAFKA_BOOTSTRAP_SERVERS: 'kafka-0:9092,kafka-1:9092',
      STATE_DIR: stateDir,
      APPLICATION_SERVER: 'word-count-0.word-count:8080',
      COMMIT_INTERVAL_MS: '1000',
    });
    expect(config).toEqual({
      applicationId: 'word-count',
      bootstrapServers: 'kafka-0:9092,kafka-1:9092',
      stateDir,
      applicationServer: 'word-count-0.word-count:8080',
      commitIntervalMs: 1000,
      client: 'platformatic',
      logger: silentLogger,
    });
    expect(resolveStreamsConfig(config).bootstrapServers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
    expect(resolveStreamsConfig(config).client).toBe('platformatic');
  });

  it('selects the Kafka client KAFKA_STREAMS_CLIENT names', () => {
    const config = streamsConfigFor({ KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092', KAFKA_STREAMS_CLIENT: 'kafkajs' });
    expect(config.client).toBe('kafkajs');
    expect(resolveStreamsConfig(config).client).toBe('kafkajs');
  });

  it('passes GROUP_INSTANCE_ID on as the static member id', () => {
    const config = streamsConfigFor({ KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092', GROUP_INSTANCE_ID: 'word-count-1' });
    expect(resolveStreamsConfig(config).groupInstanceId).toBe('word-count-1');
    expect(streamsConfigFor({ KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092' }).groupInstanceId).toBeUndefined();
  });

  it('turns on TLS and SCRAM when their variables are set', () => {
    const caFile = join(mkdtempSync(join(tmpdir(), 'ca-')), 'ca.crt');
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
    const config = streamsConfigFor({
      KAFKA_BOOTSTRAP_SERVERS: 'kafka:9093',
      KAFKA_CLIENT_ID: 'wc',
      KAFKA_CA_FILE: caFile,
      KAFKA_SASL_USERNAME: 'word-count',
      KAFKA_SASL_PASSWORD: 'secret',
    });
    expect(config).toMatchObject({
      clientId: 'wc',
      ssl: { caFile },
      sasl: { mechanism: 'scram-sha-512', username: 'word-count', password: 'secret' },
    });
    expect(config).not.toHaveProperty('applicationServer');
    expect(resolveStreamsConfig(config).tls).toEqual({ ca: '-----BEGIN CERTIFICATE-----\n' });
  });
});
