// `npm run bench -- state [options]`: the cost of the state stores (key-value, window, session) as they grow.
// Each kind and size runs in a process of its own (bench/state/worker.ts), so heap and RSS are that store's.
// No broker needed. Results: a Markdown table on stdout, the figures with the machine in a JSON file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machine } from '../machine.ts';
import type { Cost, WorkerResult } from './worker.ts';
import type { StoreKindName } from './workload.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'worker.ts');
const KINDS: ReadonlyArray<StoreKindName> = ['key-value', 'window', 'session'];

const USAGE = `Usage: npm run bench -- state [options]

  --sizes <a,b>    entries per store (default 10000,1000000; add 10000000 for the 10M row: minutes per kind)
  --kinds <a,b>    key-value, window, session (default all)
  --in-memory      the in-memory stores instead of the persistent ones
  --out <file>     where the JSON results go (default .local/bench/state-<time>.json)`;

const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const fixed = (value: number | undefined, digits = 1): string => (value === undefined ? '-' : value.toFixed(digits));

const micros = (c: Cost): string => `${c.wall.toFixed(1)} / ${c.cpu.toFixed(1)}`;

const HEADER = [
  '| store | entries | put µs wall / cpu | get µs wall / cpu | range µs wall / cpu (entries) | restore rec/s (per cpu-s) | open ms | heap MiB | RSS MiB | longest block ms, wall (cpu): restore / open / cleanup | restore: longest turn process cpu / flush cpu / GC ms |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
];

/** The longest event-loop block: wall time, and in brackets the main thread's CPU in the longest turn of the event loop. */
const block = (wallMs: number | undefined, cpuMs: number | undefined): string =>
  cpuMs === undefined ? fixed(wallMs, 0) : `${fixed(wallMs, 0)} (${fixed(cpuMs, 0)})`;

const row = (r: WorkerResult): string =>
  `| ${r.kind}${r.persistent ? '' : ' (memory)'} | ${r.size.toLocaleString('en-US')} | ${micros(r.putMicros)} | ` +
  `${micros(r.getMicros)} | ${micros(r.rangeMicros)} (${fixed(r.rangeEntries)}) | ` +
  `${r.restoreRecordsPerSecond.toLocaleString('en-US')} (${r.restoreRecordsPerCpuSecond.toLocaleString('en-US')}) | ${fixed(r.openMs)} | ${fixed(r.heapMiB, 0)} | ` +
  `${fixed(r.rssMiB, 0)} | ${block(r.restoreLongestBlockMs, r.restoreLongestTurnCpuMs)} / ` +
  `${block(r.openLongestBlockMs, r.openLongestTurnCpuMs)} / ${block(r.cleanupLongestBlockMs, r.cleanupLongestTurnCpuMs)} | ` +
  `${fixed(r.restoreLongestTurnProcessCpuMs, 0)} / ${fixed(r.restoreLongestFlushCpuMs, 0)} / ${fixed(r.restoreLongestGcMs, 0)} |`;

export async function stateBench(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        sizes: { type: 'string', default: '10000,1000000' },
        kinds: { type: 'string', default: KINDS.join(',') },
        'in-memory': { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const sizes = list(values.sizes).map(Number);
  const kinds = list(values.kinds) as StoreKindName[];
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0) || kinds.some((kind) => !KINDS.includes(kind))) {
    process.stderr.write(`bad --sizes or --kinds\n\n${USAGE}\n`);
    return 2;
  }
  const environment = machine();
  process.stderr.write(`state benchmark: ${JSON.stringify(environment)}\n`);
  const results: WorkerResult[] = [];
  for (const kind of kinds) {
    for (const size of sizes) {
      process.stderr.write(`${kind}, ${size} entries...\n`);
      const run = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          WORKER,
          '--kind',
          kind,
          '--size',
          String(size),
          ...(values['in-memory'] ? ['--in-memory'] : []),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
      );
      if (run.status !== 0) {
        process.stderr.write(`${kind} at ${size} failed (exit ${run.status})\n`);
        return 1;
      }
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as WorkerResult;
      results.push(result);
      process.stderr.write(`${row(result)}\n`);
    }
  }
  const out =
    values.out ?? join(ROOT, '.local', 'bench', `state-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ environment, results }, null, 2)}\n`);
  process.stdout.write(
    `\n${[...HEADER, ...results.map(row)].join('\n')}\n\nresults: ${relative(process.cwd(), out)}\n`,
  );
  return 0;
}
