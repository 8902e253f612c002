import { describe, expect, it } from '@jest/globals';
import { parseOptions, UsageError } from './options.ts';
import { fixedPorts, planServices } from './plan.ts';

describe('parseOptions', () => {
  it('has defaults for a local demo', () => {
    expect(parseOptions([], {})).toEqual({
      instances: 1,
      ports: 'fixed',
      stateDir: '.local/state',
      topicPrefix: '',
      logFormat: 'pretty',
      logLevel: 'info',
      build: true,
    });
    expect(parseOptions([], { LOG_LEVEL: 'debug' })).toMatchObject({ logLevel: 'debug' });
  });

  it('reads every option', () => {
    const argv = ['--instances', '3', '--ports', 'auto', '--state-dir', '/tmp/s', '--topic-prefix', 't1-'];
    expect(parseOptions([...argv, '--log-format', 'json', '--log-level', 'warn', '--no-build'], {})).toEqual({
      instances: 3,
      ports: 'auto',
      stateDir: '/tmp/s',
      topicPrefix: 't1-',
      logFormat: 'json',
      logLevel: 'warn',
      build: false,
    });
    expect(parseOptions(['-h'], {})).toBe('help');
  });

  it.each([
    [['--instances', 'two'], '--instances must be a whole number from 1 to 32, got "two"'],
    [['--instances', '10'], '--ports fixed has room for 9 word-count instances (8081-8089); use --ports auto'],
    [['--ports', 'random'], '--ports must be "fixed" or "auto", got "random"'],
    [['--log-format', 'xml'], '--log-format must be "pretty" or "json", got "xml"'],
    [['--log-level', 'loud'], '--log-level must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [['--topic-prefix', 'a b'], '--topic-prefix may only contain letters, digits, ".", "_" and "-"'],
    [['--instance', '2'], "Unknown option '--instance'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(argv, {})).toThrow(UsageError);
    expect(() => parseOptions(argv, {})).toThrow(message);
  });
});

describe('planServices', () => {
  const options = { instances: 2, stateDir: '.local/state', topicPrefix: '', logLevel: 'info' };

  it('gives each word-count instance its own port, state directory, application server and name, exactly-once on platformatic', () => {
    const plans = planServices(options, fixedPorts(2), '/repo', 'k:9092');
    expect(plans.map((plan) => [plan.name, plan.port])).toEqual([
      ['producer', 8080],
      ['word-count-1', 8081],
      ['word-count-2', 8082],
      ['query-api', 8090],
    ]);
    expect(plans[2]!.env).toEqual({
      KAFKA_BOOTSTRAP_SERVERS: 'k:9092',
      LOG_LEVEL: 'info',
      PORT: '8082',
      INSTANCE_ID: 'word-count-2',
      STATE_DIR: '/repo/.local/state/word-count-2',
      APPLICATION_SERVER: '127.0.0.1:8082',
      PROCESSING_GUARANTEE: 'exactly_once',
      KAFKA_STREAMS_CLIENT: 'platformatic',
    });
    expect(plans[3]!.env).toMatchObject({
      STATE_DIR: '/repo/.local/state/query-api',
      KAFKA_STREAMS_CLIENT: 'platformatic',
      PORT: '8090',
      WORD_COUNT_URLS: 'http://127.0.0.1:8081,http://127.0.0.1:8082',
    });
  });

  it('names every topic and application id with the prefix', () => {
    const plans = planServices({ ...options, topicPrefix: 't-' }, fixedPorts(2), '/repo', 'k:9092');
    expect(plans[0]!.env).toMatchObject({ SENTENCES_TOPIC: 't-sentences' });
    expect(plans[1]!.env).toMatchObject({
      APPLICATION_ID: 't-word-count',
      SENTENCES_TOPIC: 't-sentences',
      WORD_COUNTS_TOPIC: 't-word-counts',
      WINDOWED_COUNTS_TOPIC: 't-word-counts-windowed',
      DEAD_LETTER_TOPIC: 't-word-count-dlq',
    });
    expect(plans[3]!.env).toMatchObject({
      APPLICATION_ID: 't-query-api',
      WORD_COUNTS_TOPIC: 't-word-counts',
      WINDOWED_COUNTS_TOPIC: 't-word-counts-windowed',
      DEAD_LETTER_TOPIC: 't-word-count-dlq',
    });
  });
});
