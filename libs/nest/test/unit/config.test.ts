import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, defineServiceConfig, loadConfig, streamsServiceShape } from '../../src/config/index.js';

const schema = defineServiceConfig({ GREETING_TOPIC: z.string().default('greetings') });
const valid = { KAFKA_BOOTSTRAP_SERVERS: 'kafka-1:9092,kafka-2:9092' };

function problemsOf(env: Record<string, string | undefined>): string {
  try {
    loadConfig(schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('returns typed values with defaults', () => {
    const config = loadConfig(schema, { ...valid, PORT: '9000', INSTANCE_ID: 'pod-0' });
    expect(config).toMatchObject({
      KAFKA_BOOTSTRAP_SERVERS: 'kafka-1:9092,kafka-2:9092',
      PORT: 9000,
      LOG_LEVEL: 'info',
      INSTANCE_ID: 'pod-0',
      GREETING_TOPIC: 'greetings',
    });
  });

  it('names a missing required variable as required', () => {
    expect(problemsOf({})).toBe('Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required');
  });

  it('treats empty values as unset', () => {
    expect(problemsOf({ KAFKA_BOOTSTRAP_SERVERS: '' })).toBe(
      'Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required',
    );
    expect(loadConfig(schema, { ...valid, KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' }).KAFKA_SASL_USERNAME).toBe(
      undefined,
    );
  });

  it('names every malformed variable, with the reason, in one line', () => {
    const message = problemsOf({ KAFKA_BOOTSTRAP_SERVERS: 'kafka', PORT: '0', LOG_LEVEL: 'loud' });
    expect(message).not.toContain('\n');
    expect(message).toContain('KAFKA_BOOTSTRAP_SERVERS: must be "host:port" or a comma-separated list of them');
    expect(message).toContain('PORT: must be positive');
    expect(message).toContain('LOG_LEVEL: Invalid option');
    const error = (() => {
      try {
        loadConfig(schema, { PORT: 'x' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error?.variables).toEqual(['PORT', 'KAFKA_BOOTSTRAP_SERVERS']);
  });

  it('wants SASL username and password together', () => {
    expect(problemsOf({ ...valid, KAFKA_SASL_USERNAME: 'me' })).toBe(
      'Invalid configuration: KAFKA_SASL_PASSWORD: required when KAFKA_SASL_USERNAME is set',
    );
    expect(problemsOf({ ...valid, KAFKA_SASL_PASSWORD: 'secret' })).toBe(
      'Invalid configuration: KAFKA_SASL_USERNAME: required when KAFKA_SASL_PASSWORD is set',
    );
  });

  it('wants KAFKA_CA_FILE to be readable', () => {
    expect(problemsOf({ ...valid, KAFKA_CA_FILE: '/nonexistent/ca.crt' })).toBe(
      'Invalid configuration: KAFKA_CA_FILE: file does not exist or is not readable',
    );
  });
});

describe('streamsServiceShape', () => {
  const streamsSchema = defineServiceConfig({ ...streamsServiceShape({ applicationId: 'word-count' }) });

  it('has defaults for everything a streams service needs', () => {
    const config = loadConfig(streamsSchema, valid);
    expect(config).toMatchObject({
      APPLICATION_ID: 'word-count',
      COMMIT_INTERVAL_MS: 30_000,
      SHUTDOWN_GRACE_MS: 30_000,
    });
    expect(config.APPLICATION_SERVER).toBeUndefined();
    expect(config.KAFKA_STREAMS_CLIENT).toBe('platformatic');
    expect(typeof config.STATE_DIR).toBe('string');
  });

  it('names malformed streams variables', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'state-')), 'a-file');
    writeFileSync(file, '');
    expect(() =>
      loadConfig(streamsSchema, {
        ...valid,
        APPLICATION_ID: 'word count',
        STATE_DIR: file,
        APPLICATION_SERVER: 'pod-0',
        SHUTDOWN_GRACE_MS: '0',
        KAFKA_STREAMS_CLIENT: 'librdkafka',
      }),
    ).toThrow(
      'Invalid configuration: APPLICATION_ID: may only contain letters, digits, ".", "_" and "-"; ' +
        'STATE_DIR: must be a writable directory, or one that can be created; ' +
        'APPLICATION_SERVER: must be "host:port"; SHUTDOWN_GRACE_MS: must be positive; ' +
        'KAFKA_STREAMS_CLIENT: must be "kafkajs" or "platformatic"',
    );
  });

  it('takes a group instance id on the platformatic client, and refuses it on kafkajs naming the variable', () => {
    expect(loadConfig(streamsSchema, { ...valid, GROUP_INSTANCE_ID: 'word-count-0' }).GROUP_INSTANCE_ID).toBe(
      'word-count-0',
    );
    expect(() =>
      loadConfig(streamsSchema, { ...valid, GROUP_INSTANCE_ID: 'word-count-0', KAFKA_STREAMS_CLIENT: 'kafkajs' }),
    ).toThrow('GROUP_INSTANCE_ID: needs KAFKA_STREAMS_CLIENT=platformatic (kafkajs has no static membership)');
    expect(() => loadConfig(streamsSchema, { ...valid, GROUP_INSTANCE_ID: 'pod/0' })).toThrow('GROUP_INSTANCE_ID:');
  });

  it('accepts a state directory that does not exist yet under a writable one', () => {
    const parent = mkdtempSync(join(tmpdir(), 'state-'));
    expect(loadConfig(streamsSchema, { ...valid, STATE_DIR: join(parent, 'a', 'b') }).STATE_DIR).toBe(
      join(parent, 'a', 'b'),
    );
  });
});
