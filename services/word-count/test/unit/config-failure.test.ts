// The built service refuses to start on a bad environment: exit code 1, one line naming the variables.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const main = `${root}services/word-count/dist/main.js`;

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('word-count start-up with an invalid environment', () => {
  beforeAll(() => {
    execFileSync(`${root}node_modules/.bin/tsc`, ['-b', 'services/word-count'], { cwd: root });
  }, 180_000);

  it('exits 1 naming the missing required variables, before Nest starts', () => {
    const result = start({});
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Invalid configuration: KAFKA_BOOTSTRAP_SERVERS: required; APPLICATION_SERVER: required\n',
    );
  });

  it('names every malformed variable in the one line', () => {
    const result = start({
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
});
