import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { ConfigError, defineServiceConfig, loadConfig } from '../../src/config/index.js';

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
