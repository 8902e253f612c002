// The built service refuses to start on a bad environment: exit code 1, one line naming each bad variable.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { builtService } from '../../../../libs/nest/test/support/built-service.js';

const service = builtService('query-api');

describe('query-api start-up with an invalid environment', () => {
  beforeAll(() => service.build(), 120_000);

  it('exits 1 naming a missing KAFKA_BOOTSTRAP_SERVERS, before Nest starts', () => {
    const result = service.run({});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required\n');
  });

  it('names every bad variable of its own in the one line', () => {
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      WORD_COUNTS_TOPIC: 'word counts',
      WINDOW_SIZE_MS: '0',
      MAX_TOP_N: '5000',
      UPDATES_INTERVAL_MS: 'often',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: ' +
        'WORD_COUNTS_TOPIC: must be a Kafka topic name (letters, digits, ".", "_", "-"); ' +
        'WINDOW_SIZE_MS: must be positive; ' +
        'MAX_TOP_N: must be at most 1000; ' +
        'UPDATES_INTERVAL_MS: must be a number\n',
    );
  });

  it("names the dashboard's bad variables: word-count URLs that are not http(s), or given twice", () => {
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      WORD_COUNT_URLS: 'http://127.0.0.1:8081,ftp://word-count',
      DEAD_LETTER_TOPIC: 'dead letters',
      DASHBOARD_INTERVAL_MS: '10',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: ' +
        'WORD_COUNT_URLS: "ftp://word-count" is not an http(s) URL without query or fragment; ' +
        'DEAD_LETTER_TOPIC: must be a Kafka topic name (letters, digits, ".", "_", "-"); ' +
        'DASHBOARD_INTERVAL_MS: must be at least 100\n',
    );
    const twice = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      WORD_COUNT_URLS: 'http://a:8081/, http://a:8081',
    });
    expect(twice.stderr).toBe('Invalid configuration: WORD_COUNT_URLS: lists a URL twice\n');
  });

  it('names bad HTTP timeouts, and headers allowed longer than the whole request', () => {
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      HTTP_BODY_TIMEOUT_MS: '0',
      HTTP_HEADERS_TIMEOUT_MS: '20000',
      HTTP_REQUEST_TIMEOUT_MS: '10000',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: HTTP_BODY_TIMEOUT_MS: must be positive; ' +
        'HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS\n',
    );
  });
});
