// The built service refuses to start on a bad environment: exit code 1, one line naming the variable.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { builtService } from '../../../../libs/nest/test/support/built-service.js';

const service = builtService('producer');

describe('producer start-up with an invalid environment', () => {
  beforeAll(() => service.build(), 120_000);

  it('exits 1 naming a missing KAFKA_BOOTSTRAP_SERVERS, before Nest starts', () => {
    const result = service.run({});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required\n');
  });

  it('names every bad variable in the one line', () => {
    const result = service.run({ KAFKA_BOOTSTRAP_SERVERS: 'no-port', PORT: 'eighty', MAX_BODY_BYTES: '-1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: PORT: must be a number; ' +
        'KAFKA_BOOTSTRAP_SERVERS: must be "host:port" or a comma-separated list of them; ' +
        'MAX_BODY_BYTES: must be positive\n',
    );
  });

  it('names a bad HTTP timeout, and a body timeout a Kafka send could outlast', () => {
    expect(service.run({ KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092', HTTP_REQUEST_TIMEOUT_MS: 'long' }).stderr).toBe(
      'Invalid configuration: HTTP_REQUEST_TIMEOUT_MS: must be a number\n',
    );
    const result = service.run({
      KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
      HTTP_HEADERS_TIMEOUT_MS: '400000',
      HTTP_BODY_TIMEOUT_MS: '5000',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'Invalid configuration: HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS; ' +
        'HTTP_BODY_TIMEOUT_MS: must be more than KAFKA_SEND_TIMEOUT_MS\n',
    );
  });
});
