// The built service refuses to start on a bad environment: exit code 1, one line naming the variables.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { builtService } from '../../../../libs/nest/test/support/built-service.js';

const service = builtService('word-count');

describe('word-count start-up with an invalid environment', () => {
  beforeAll(() => service.build(), 180_000);

  it('exits 1 naming the missing required variables, before Nest starts', () => {
    const result = service.run({});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required; APPLICATION_SERVER: required\n',
    );
  });

  it('names every malformed variable in the one line', () => {
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      APPLICATION_SERVER: 'word-count-0',
      WINDOW_SIZE_MS: '1m',
      SENTENCES_TOPIC: 'sentences!',
      SHUTDOWN_GRACE_MS: '-1',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: APPLICATION_SERVER: must be "host:port"; SHUTDOWN_GRACE_MS: must be positive; ' +
        'SENTENCES_TOPIC: must be a Kafka topic name (letters, digits, ".", "_", "-"); WINDOW_SIZE_MS: must be a number\n',
    );
  });

  it('accepts only the two processing guarantees', () => {
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      APPLICATION_SERVER: 'word-count-0:8080',
      PROCESSING_GUARANTEE: 'exactly_once_v2',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: PROCESSING_GUARANTEE: must be "exactly_once" or "at_least_once"\n',
    );
  });

  it('takes a record cache size of 0 or more bytes only', () => {
    const base = { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092', APPLICATION_SERVER: 'word-count-0:8080' };
    for (const [value, message] of [
      ['-1', 'must not be negative'],
      ['10MiB', 'must be a number'],
    ] as const) {
      const result = service.run({ ...base, CACHE_MAX_BYTES: value });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`Invalid configuration: CACHE_MAX_BYTES: ${message}\n`);
    }
  });
});
