// One state benchmark measurement in a process of its own (so heap and RSS are this store's): builds a store of
// one kind, loads `size` entries through its changelog restore, then measures per-operation costs, memory,
// close and reopen, and (window, session) dropping every segment at once. Prints one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  type BuiltStore,
  type KeyValueStore,
  type SessionStore,
  type StateStore,
  type StoreBuilder,
  Serdes,
  Stores,
  type WindowStore,
} from '@streamkit/kafka-streams';
import {
  changelogFetch,
  keyBytes,
  keyCount,
  MINUTE,
  RETENTION_MS,
  seededRandom,
  sessionOf,
  type StoreKindName,
  valueBytes,
  windowStartOf,
} from './workload.ts';
// As the runtime's restore applies a fetched batch (internal: not part of the public API).
import { applyInSlices } from '../../libs/kafka-streams/dist/internal/runtime/apply-in-slices.js';

export interface Cost {
  readonly wall: number;
  readonly cpu: number;
}

export interface WorkerResult {
  readonly kind: StoreKindName;
  readonly size: number;
  readonly persistent: boolean;
  readonly restoreRecordsPerSecond: number;
  /** Records restored per second of the process's CPU (user + system, LevelDB's background threads included). */
  readonly restoreRecordsPerCpuSecond: number;
  readonly restoreLongestBlockMs: number;
  readonly restoreLongestTurnCpuMs: number;
  /** The same turn measured on the whole process: LevelDB's background threads and GC helpers included. */
  readonly restoreLongestTurnProcessCpuMs: number;
  /** The longest flush of a restored fetch, CPU of the main thread (LevelDB: its synchronous parts only). */
  readonly restoreLongestFlushCpuMs: number;
  /** The longest garbage-collection pause during the restore. */
  readonly restoreLongestGcMs: number;
  /** Per operation: wall-clock and CPU (user + system) microseconds; CPU is steadier on a shared machine. */
  readonly putMicros: Cost;
  readonly getMicros: Cost;
  readonly rangeMicros: Cost;
  readonly rangeEntries: number;
  readonly heapMiB: number;
  readonly rssMiB: number;
  readonly openMs: number;
  readonly openLongestBlockMs: number;
  readonly openLongestTurnCpuMs: number;
  readonly cleanupMs: number | undefined;
  readonly cleanupLongestBlockMs: number | undefined;
  readonly cleanupLongestTurnCpuMs: number | undefined;
}

const FETCH_RECORDS = 2_000; // one restore fetch of at most 64 KiB of small records, flushed once applied
const OPERATIONS = 20_000;
const COMMIT_EVERY = 1_000;
const ASYNC_RANGES = 2_000;

const bytes = Serdes.Bytes();
const NOT_LOGGED = { send: () => undefined };

function builderOf(kind: StoreKindName, persistent: boolean): StoreBuilder<StateStore> {
  const options = { persistent };
  const builder =
    kind === 'key-value'
      ? Stores.keyValueStoreBuilder('bench', bytes, bytes, options)
      : kind === 'window'
        ? Stores.windowStoreBuilder('bench', bytes, bytes, {
            ...options,
            windowSizeMs: MINUTE,
            retentionMs: RETENTION_MS,
          })
        : Stores.sessionStoreBuilder('bench', bytes, bytes, { ...options, retentionMs: RETENTION_MS });
  return builder.withLoggingDisabled() as StoreBuilder<StateStore>;
}

interface Timed<T> {
  readonly result: T;
  readonly ms: number;
  /** The longest event-loop delay: wall time, which a loaded machine inflates many times over. */
  readonly longestBlockMs: number;
  /** The most CPU the main thread used between two turns of the event loop: what the work itself blocks. */
  readonly longestTurnCpuMs: number;
  /** The same on the whole process (other threads too: LevelDB's, the garbage collector's helpers). */
  readonly longestTurnProcessCpuMs: number;
  readonly longestGcMs: number;
}

const cpuMs = ({ user, system }: NodeJS.CpuUsage): number => (user + system) / 1_000;

async function timed<T>(action: () => Promise<T>): Promise<Timed<T>> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let longestGcMs = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestGcMs = Math.max(longestGcMs, entry.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  let longestTurnCpuMs = 0;
  let longestTurnProcessCpuMs = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastThread = process.threadCpuUsage();
  let lastProcess = process.cpuUsage();
  // A timer, not setImmediate: pending immediates keep the event loop polling without ever waiting, and that
  // spinning, while a store awaited LevelDB's threads, burnt CPU the restore rate then counted as the store's.
  const turn = (): void => {
    longestTurnCpuMs = Math.max(longestTurnCpuMs, cpuMs(process.threadCpuUsage(lastThread)));
    longestTurnProcessCpuMs = Math.max(longestTurnProcessCpuMs, cpuMs(process.cpuUsage(lastProcess)));
    lastThread = process.threadCpuUsage();
    lastProcess = process.cpuUsage();
    timer = setTimeout(turn, 1);
  };
  timer = setTimeout(turn, 1);
  const started = performance.now();
  const result = await action();
  const ms = performance.now() - started;
  clearTimeout(timer);
  turn();
  clearTimeout(timer);
  histogram.disable();
  for (const entry of gcs.takeRecords()) longestGcMs = Math.max(longestGcMs, entry.duration);
  gcs.disconnect();
  return { result, ms, longestBlockMs: histogram.max / 1e6, longestTurnCpuMs, longestTurnProcessCpuMs, longestGcMs };
}

/** Runs `operations` operations and returns their cost each. */
async function cost(operations: number, operation: (n: number) => unknown): Promise<Cost> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = 1; n <= operations; n++) await operation(n);
  const used = process.cpuUsage(cpu);
  return { wall: ((performance.now() - started) * 1_000) / operations, cpu: (used.user + used.system) / operations };
}

async function measure(kind: StoreKindName, size: number, persistent: boolean, directory: string) {
  const context = { taskDirectory: directory, changelog: NOT_LOGGED };
  const keys = keyCount(kind, size);
  let built: BuiltStore<StateStore> = builderOf(kind, persistent).build(context);
  await built.store.open();

  // Making up the records is the benchmark's work, not the restore's: its time is taken out of the rates.
  let generatingMs = 0;
  let generatingCpuMicros = 0;
  let longestFlushCpuMs = 0;
  const restoreCpu = process.cpuUsage();
  const restore = await timed(async () => {
    built.bulkLoading?.beginBulkLoad(); // as the runtime restores a task
    for (let from = 0; from < size; from += FETCH_RECORDS) {
      const generating = performance.now();
      const generatingCpu = process.cpuUsage();
      const fetched = changelogFetch(kind, from, Math.min(FETCH_RECORDS, size - from), keys);
      const used = process.cpuUsage(generatingCpu);
      generatingCpuMicros += used.user + used.system;
      generatingMs += performance.now() - generating;
      await applyInSlices(
        fetched,
        ({ key, value }) => built.restore(key, value),
        () => false,
      );
      await yieldToEventLoop();
      const flushing = process.threadCpuUsage();
      await built.store.flush();
      longestFlushCpuMs = Math.max(longestFlushCpuMs, cpuMs(process.threadCpuUsage(flushing)));
    }
    await built.bulkLoading?.endBulkLoad();
  });
  const restoreCpuUsed = process.cpuUsage(restoreCpu);
  const restoreCpuMs = (restoreCpuUsed.user + restoreCpuUsed.system - generatingCpuMicros) / 1_000;

  const random = seededRandom(size);
  const pick = (): number => random(size);
  const { put, get, range } = operationsOf(kind, built.store, keys);
  const putMicros = await cost(OPERATIONS, (n) => {
    put(pick());
    return n % COMMIT_EVERY === 0 ? built.store.flush() : undefined;
  });
  const getMicros = await cost(OPERATIONS, () => {
    if (get(pick()) === undefined) throw new Error(`${kind}: an entry is missing`);
  });
  const rangeOperations = kind === 'key-value' ? ASYNC_RANGES : OPERATIONS;
  let rangeEntries = 0;
  const rangeMicros = await cost(rangeOperations, async () => {
    rangeEntries += await range(pick());
  });

  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  await built.store.close();

  built = builderOf(kind, persistent).build(context);
  const reopen = await timed(() => built.store.open());
  if (persistent && operationsOf(kind, built.store, keys).get(0) === undefined)
    throw new Error(`${kind}: entry 0 is missing after the reopen`);

  let cleanup: Timed<void> | undefined;
  if (kind !== 'key-value') {
    // One entry ten retention periods later: every segment loaded so far expires and is dropped.
    const late = size + 10 * (RETENTION_MS / MINUTE) * keys;
    cleanup = await timed(async () => {
      operationsOf(kind, built.store, keys).put(late);
      await built.store.flush();
    });
  }
  await built.store.close();
  return {
    kind,
    size,
    persistent,
    restoreRecordsPerSecond: Math.round(size / ((restore.ms - generatingMs) / 1_000)),
    restoreRecordsPerCpuSecond: Math.round(size / (restoreCpuMs / 1_000)),
    restoreLongestBlockMs: restore.longestBlockMs,
    restoreLongestTurnCpuMs: restore.longestTurnCpuMs,
    restoreLongestTurnProcessCpuMs: restore.longestTurnProcessCpuMs,
    restoreLongestFlushCpuMs: longestFlushCpuMs,
    restoreLongestGcMs: restore.longestGcMs,
    putMicros,
    getMicros,
    rangeMicros,
    rangeEntries: rangeEntries / rangeOperations,
    heapMiB: memory.heapUsed / 2 ** 20,
    rssMiB: memory.rss / 2 ** 20,
    openMs: reopen.ms,
    openLongestBlockMs: reopen.longestBlockMs,
    openLongestTurnCpuMs: reopen.longestTurnCpuMs,
    cleanupMs: cleanup?.ms,
    cleanupLongestBlockMs: cleanup?.longestBlockMs,
    cleanupLongestTurnCpuMs: cleanup?.longestTurnCpuMs,
  } satisfies WorkerResult;
}

interface Operations {
  /** Writes entry i (a new value for it). */
  put(i: number): void;
  get(i: number): unknown;
  /** A small range read around entry i; resolves to the entries it read. */
  range(i: number): Promise<number> | number;
}

function operationsOf(kind: StoreKindName, store: StateStore, keys: number): Operations {
  if (kind === 'key-value') {
    const kv = store as KeyValueStore<Buffer, Buffer>;
    return {
      put: (i) => kv.put(keyBytes(i), valueBytes(i + 1)),
      get: (i) => kv.get(keyBytes(i)),
      range: async (i) => {
        let n = 0;
        for await (const _ of kv.range(keyBytes(i), keyBytes(i + 9))) n++;
        return n;
      },
    };
  }
  if (kind === 'window') {
    const windows = store as WindowStore<Buffer, Buffer>;
    return {
      put: (i) => windows.put(keyBytes(i % keys), valueBytes(i + 1), windowStartOf(i, keys)),
      get: (i) => windows.fetch(keyBytes(i % keys), windowStartOf(i, keys)),
      range: (i) => {
        const from = windowStartOf(i, keys);
        return windows.fetchRange(keyBytes(i % keys), from, from + 9 * MINUTE).length;
      },
    };
  }
  const sessions = store as SessionStore<Buffer, Buffer>;
  return {
    put: (i) => sessions.put({ key: keyBytes(i % keys), window: sessionOf(i, keys) }, valueBytes(i + 1)),
    get: (i) => {
      const { startMs, endMs } = sessionOf(i, keys);
      return sessions.findSessions(keyBytes(i % keys), endMs, startMs)[0];
    },
    range: (i) => {
      const { startMs } = sessionOf(i, keys);
      return sessions.findSessions(keyBytes(i % keys), startMs, startMs + 30 * MINUTE).length;
    },
  };
}

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    size: { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
  },
});
const directory = mkdtempSync(join(tmpdir(), 'streamkit-state-bench-'));
try {
  const result = await measure(values.kind as StoreKindName, Number(values.size), !values['in-memory'], directory);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(directory, { recursive: true, force: true });
}
