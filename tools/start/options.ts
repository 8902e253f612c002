// `npm start -- [options]`: what to run and where.
import { parseArgs } from 'node:util';
import type { LogFormat } from './log-format.ts';

export interface StartOptions {
  /** word-count instances, each with its own port, state directory and application server. */
  readonly instances: number;
  /** `fixed`: producer 8080, word-count 8081..., query-api 8090; `auto`: any free ports. */
  readonly ports: 'fixed' | 'auto';
  /** State directories of word-count (`word-count-<i>`) and query-api live here; kept between runs. */
  readonly stateDir: string;
  /** Put before every topic name and application id: an isolated copy of the system on a shared broker. */
  readonly topicPrefix: string;
  readonly logFormat: LogFormat;
  /** LOG_LEVEL of the services. */
  readonly logLevel: string;
  /** Run `tsc -b` first (skip when the services are built already). */
  readonly build: boolean;
}

export const USAGE = `Usage: npm start -- [options]

Starts the whole system: a Kafka broker (unless KAFKA_BOOTSTRAP_SERVERS names one), the topics, the
producer, word-count (N instances) and query-api. Ctrl-C stops everything.

Options:
  --instances <n>        word-count instances (default 1)
  --ports fixed|auto     fixed: producer 8080, word-count 8081.., query-api 8090 (default); auto: free ports
  --state-dir <dir>      state stores of word-count and query-api (default .local/state; kept between runs)
  --topic-prefix <p>     prefix topic names and application ids, for an isolated copy on a shared broker
  --log-format pretty|json   how the services' log lines are shown (default pretty)
  --log-level <level>    the services' LOG_LEVEL (default: $LOG_LEVEL, else info)
  --no-build             do not run tsc -b first
  -h, --help             this text`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses the command line; throws UsageError naming what is wrong, or returns 'help'. */
export function parseOptions(argv: ReadonlyArray<string>, env: NodeJS.ProcessEnv = process.env): StartOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        instances: { type: 'string', default: '1' },
        ports: { type: 'string', default: 'fixed' },
        'state-dir': { type: 'string', default: '.local/state' },
        'topic-prefix': { type: 'string', default: '' },
        'log-format': { type: 'string', default: 'pretty' },
        'log-level': { type: 'string', default: env.LOG_LEVEL || 'info' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  const instances = Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
    throw new UsageError(`--instances must be a whole number from 1 to 32, got "${values.instances}"`);
  }
  if (values.ports !== 'fixed' && values.ports !== 'auto') {
    throw new UsageError(`--ports must be "fixed" or "auto", got "${values.ports}"`);
  }
  if (values.ports === 'fixed' && instances > 9) {
    throw new UsageError('--ports fixed has room for 9 word-count instances (8081-8089); use --ports auto');
  }
  if (values['log-format'] !== 'pretty' && values['log-format'] !== 'json') {
    throw new UsageError(`--log-format must be "pretty" or "json", got "${values['log-format']}"`);
  }
  if (!LEVELS.includes(values['log-level'])) {
    throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}, got "${values['log-level']}"`);
  }
  if (!/^[a-zA-Z0-9._-]*$/.test(values['topic-prefix'])) {
    throw new UsageError('--topic-prefix may only contain letters, digits, ".", "_" and "-"');
  }
  return {
    instances,
    ports: values.ports,
    stateDir: values['state-dir'],
    topicPrefix: values['topic-prefix'],
    logFormat: values['log-format'],
    logLevel: values['log-level'],
    build: !values['no-build'],
  };
}
