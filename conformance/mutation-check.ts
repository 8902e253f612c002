// Mutation check for the conformance suite (#12): plants one bug at a time in the library — in each window kind
// (tumbling, hopping, sliding, session), each join kind (stream-stream inner/left/outer, stream-table,
// stream-globalTable, table-table) and versioned stores and tables — runs the suite against Java, and reports which
// scenarios caught it. Every mutation must make at least one scenario fail; the source is restored after each run
// (and on Ctrl-C).
//
// Not part of CI (it runs the suite once per mutation, a few minutes in all). From the repository root, Node 24:
//   node conformance/mutation-check.ts                     # every mutation
//   node conformance/mutation-check.ts session-gap join-   # only mutations whose id starts with one of these
// CONFORMANCE_RUNS (default here 50) sets the generated runs per family. The suite runs without the record cache
// (CONFORMANCE_CACHE_MAX_BYTES=0), but for the mutations of the cache itself (`cached`), which run it with the cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Mutation {
  readonly id: string;
  /** The window or join kind the bug is planted in. */
  readonly kind: string;
  readonly description: string;
  /** A file under libs/kafka-streams/src. */
  readonly file: string;
  /** Exact text, found once in the file, and what replaces it. */
  readonly find: string;
  readonly replace: string;
  /** A bug in the record cache: the suite runs with it (Java's default size) to catch it. */
  readonly cached?: true;
}

const mutations: readonly Mutation[] = [
  {
    id: 'tumbling-close-off-by-one',
    kind: 'tumbling',
    description: 'a window closes one millisecond late (end + grace < stream time instead of <=)',
    file: 'internal/dsl/processors/window-aggregate.ts',
    find: 'if (window.endMs <= closeTimeMs) {',
    replace: 'if (window.endMs < closeTimeMs) {',
  },
  {
    id: 'tumbling-max-timestamp',
    kind: 'tumbling',
    description: "results carry the updating record's timestamp, not the window's newest",
    file: 'internal/dsl/processors/window-aggregate.ts',
    find: 'const timestamp = current === undefined ? record.timestamp : Math.max(record.timestamp, current.timestamp);',
    replace: 'const timestamp = record.timestamp;',
  },
  {
    id: 'hopping-oldest-window-dropped',
    kind: 'hopping',
    description: 'a record is not assigned to the oldest window containing it',
    file: 'windows/time-windows.ts',
    find: 'Math.max(0, timestampMs - this.sizeMs + this.advanceMs)',
    replace: 'Math.max(0, timestampMs - this.sizeMs + 2 * this.advanceMs)',
  },
  {
    id: 'window-emit-on-close-twice',
    kind: 'tumbling/hopping (emit on close)',
    description: 'the next scan for closed windows starts at the last one emitted (off by one: emitted twice)',
    file: 'internal/dsl/processors/window-aggregate.ts',
    find: 'Math.max(0, last - windows.sizeMs) + 1',
    replace: 'Math.max(0, last - windows.sizeMs)',
  },
  {
    id: 'sliding-grace-ignored',
    kind: 'sliding',
    description: 'the grace period is ignored: windows close at their end',
    file: 'internal/dsl/processors/sliding-window-aggregate.ts',
    find: 'const closeTimeMs = streamTime.observe(record.timestamp) - windows.graceMs;',
    replace: 'const closeTimeMs = streamTime.observe(record.timestamp);',
  },
  {
    id: 'sliding-right-window-missing',
    kind: 'sliding',
    description: "a record's right window is never created",
    file: 'internal/dsl/processors/sliding-window-aggregate.ts',
    find: 'if (containing === undefined || containing.timestamp <= record.timestamp) return;',
    replace: 'return;',
  },
  {
    id: 'session-gap-off-by-one',
    kind: 'session',
    description: 'records exactly one gap apart no longer merge (the gap is one millisecond short)',
    file: 'internal/dsl/processors/session-aggregate.ts',
    find:
      '      const earliestEnd = timestamp - windows.inactivityGapMs;\n' +
      '      const latestStart = timestamp + windows.inactivityGapMs;',
    replace:
      '      const earliestEnd = timestamp - windows.inactivityGapMs + 1;\n' +
      '      const latestStart = timestamp + windows.inactivityGapMs - 1;',
  },
  {
    id: 'session-grace-ignored',
    kind: 'session',
    description: 'the grace period is ignored when deciding that a session is late',
    file: 'internal/dsl/processors/session-aggregate.ts',
    find: 'if (endMs + windows.inactivityGapMs + windows.graceMs < observedMs) {',
    replace: 'if (endMs + windows.inactivityGapMs < observedMs) {',
  },
  {
    id: 'session-emit-open-session',
    kind: 'session',
    description: 'emit-on-window-close sends a session ending at the close time, which a record can still extend',
    file: 'internal/dsl/processors/session-close-emitter.ts',
    find: 'const upper = closeTimeMs - 1;',
    replace: 'const upper = closeTimeMs;',
  },
  {
    id: 'session-emit-updates',
    kind: 'session',
    description: 'emit-on-window-close also sends every update and tombstone',
    file: 'internal/dsl/processors/session-aggregate.ts',
    find: 'if (onClose === undefined && !cached) context.forward(update);',
    replace: 'context.forward(update);',
  },
  {
    id: 'session-emit-in-memory-cut-ignored',
    kind: 'session',
    description: "emit-on-window-close sends sessions Java's in-memory store no longer holds",
    file: 'internal/dsl/processors/session-close-emitter.ts',
    find: 'if (inMemory) return newestSessionEndMs - retentionMs + 1;',
    replace: 'if (inMemory) return Number.NEGATIVE_INFINITY;',
  },
  {
    id: 'session-emit-segment-cut-ignored',
    kind: 'session',
    description: "emit-on-window-close sends sessions whose segment Java's persistent store has dropped",
    file: 'internal/dsl/processors/session-close-emitter.ts',
    find: 'return segmentIdOf(newestSessionEndMs - retentionMs, intervalMs) * intervalMs;',
    replace: 'return Number.NEGATIVE_INFINITY;',
  },
  {
    id: 'join-inner-window-end-off-by-one',
    kind: 'stream-stream inner',
    description: "a partner at the very end of a record's window is not found",
    file: 'internal/dsl/processors/stream-stream-join.ts',
    find: '        t + lookAheadMs(this.spec, this.side),\n      );',
    replace: '        t + lookAheadMs(this.spec, this.side) - 1,\n      );',
  },
  {
    id: 'join-sides-swapped',
    kind: 'stream-stream inner/left/outer',
    description: "the joiner gets the two sides' values swapped for records of the right side",
    file: 'internal/dsl/processors/stream-stream-join.ts',
    find: "const [thisValue, otherValue] = side === 'this' ? [value, partner] : [partner, value];",
    replace: 'const [thisValue, otherValue] = [value, partner];',
  },
  {
    id: 'join-left-null-inverted',
    kind: 'stream-stream left',
    description: 'null handling inverted: the inner side emits its unpaired records, the outer side does not',
    file: 'internal/dsl/processors/stream-stream-join.ts',
    find: 'if (joined || !this.outer) return;',
    replace: 'if (joined || this.outer) return;',
  },
  {
    id: 'join-left-late-dropped',
    kind: 'stream-stream left',
    description: 'an unpaired record whose window has ended waits instead of being emitted at once',
    file: 'internal/dsl/processors/stream-stream-join.ts',
    find: 'if (this.unmatched === undefined || t + lookAheadMs(this.spec, this.side) < streamTime) {',
    replace: 'if (this.unmatched === undefined) {',
  },
  {
    id: 'join-outer-as-left',
    kind: 'stream-stream outer',
    description: 'an outer join treats its right side as inner (unpaired right records never come out)',
    file: 'internal/dsl/stream-stream-join.ts',
    find: "const otherOuter = kind === 'outer';",
    replace: 'const otherOuter = false;',
  },
  {
    id: 'join-grace-ignored',
    kind: 'stream-stream inner/left/outer',
    description: 'the grace period is ignored: windows close at their end',
    file: 'internal/dsl/processors/stream-stream-join.ts',
    find: 'return timestamp + lookAheadMs(this.spec, side) + this.spec.graceMs < streamTime;',
    replace: 'return timestamp + lookAheadMs(this.spec, side) < streamTime;',
  },
  {
    id: 'stream-table-left-null-dropped',
    kind: 'stream-table',
    description: 'null handling inverted: the left join drops records without a match, the inner join keeps them',
    file: 'internal/dsl/processors/stream-table-join.ts',
    find: 'if (match === undefined && !options.leftJoin) return;',
    replace: 'if (match === undefined && options.leftJoin) return;',
  },
  {
    id: 'stream-global-key-mapper-ignored',
    kind: 'stream-globalTable',
    description: "the global table is looked up by the record's key instead of the mapped key",
    file: 'internal/dsl/processors/stream-global-join.ts',
    find: 'const match = isMissing(mappedKey) ? undefined : store.get(mappedKey);',
    replace: 'const match = isMissing(record.key) ? undefined : store.get(record.key as unknown as GK);',
  },
  {
    id: 'table-table-sides-swapped',
    kind: 'table-table',
    description: 'the left side of a table-table join keeps rows without the other side as if it were the right',
    file: 'dsl/ktable.ts',
    find: '      keepWithoutOther: outer.left,\n      keepWithoutThis: outer.right,',
    replace: '      keepWithoutOther: outer.right,\n      keepWithoutThis: outer.left,',
  },
  {
    id: 'versioned-join-latest',
    kind: 'stream-table (versioned)',
    description: "a stream-table join reads the versioned table's latest value instead of the one as of the record",
    file: 'internal/dsl/processors/stream-table-join.ts',
    find: '? table.asOf(record.key, record.timestamp)',
    replace: '? table.latest(record.key)',
  },
  {
    id: 'versioned-retention-off-by-one',
    kind: 'versioned store',
    description: 'a put exactly at stream time - history retention is refused',
    file: 'internal/state/versioned-bytes-store.ts',
    find: 'if (timestamp < this.oldestRetainedMs) return PUT_RETURN_CODE_NOT_PUT;',
    replace: 'if (timestamp <= this.oldestRetainedMs) return PUT_RETURN_CODE_NOT_PUT;',
  },
  {
    id: 'versioned-grace-off-by-one',
    kind: 'stream-table (grace)',
    description: 'a buffered stream record leaves one millisecond after its grace period',
    file: 'internal/dsl/processors/join-grace-buffer.ts',
    find: 'this.streamTime - this.gracePeriodMs)]',
    replace: 'this.streamTime - this.gracePeriodMs - 1)]',
  },
  {
    id: 'versioned-out-of-order-joined',
    kind: 'table-table (versioned)',
    description: 'a table-table join takes out-of-order updates of a versioned table as new rows',
    file: 'internal/dsl/processors/table-table-join.ts',
    find: 'if (record.value.isLatest === false) return;',
    replace: '',
  },
  {
    id: 'cache-window-flush-not-merging',
    cached: true,
    kind: 'record cache (window stores)',
    description:
      'a cached window store writes every update at once: the updates one record makes to a window are not merged',
    file: 'internal/state/caching-window-store.ts',
    find: '    this.cache.put(windowEntryKey(key, startMs), value, this.scope.captureRecordContext());\n',
    replace:
      '    this.cache.put(windowEntryKey(key, startMs), value, this.scope.captureRecordContext());\n    this.cache.flush();\n',
  },
  {
    id: 'cache-session-old-value-from-cache',
    cached: true,
    kind: 'record cache (session stores)',
    description:
      "a cached session store's flush reads the old value through its cache instead of from the store (so a " +
      'removed session finds its own delete and sends no tombstone)',
    file: 'internal/state/caching-session-store.ts',
    find: '(this.inner.fetchSession(key, startMs, endMs) ?? null)',
    replace: '(this.fetchSession(key, startMs, endMs) ?? null)',
  },
  {
    id: 'cache-window-expired-not-answered',
    cached: true,
    kind: 'record cache (window stores)',
    description: "cached windows are cut like the store's (Java's cache still answers for windows its store expired)",
    file: 'internal/state/caching-window-store.ts',
    find: 'const cached = this.cachedWindows(this.cache.group(key), fromMs, toMs);',
    replace: 'const cached = this.cachedWindows(this.cache.group(key), Math.max(fromMs, storeFromMs), toMs);',
  },
];

interface JestResult {
  readonly testResults: ReadonlyArray<{
    readonly assertionResults: ReadonlyArray<{ readonly title: string; readonly status: string }>;
  }>;
}

const root = new URL('..', import.meta.url).pathname;
const sourcePath = (file: string) => join(root, 'libs/kafka-streams/src', file);
const restores = new Map<string, string>();

function restoreAll(): void {
  for (const [path, original] of restores) writeFileSync(path, original);
  restores.clear();
}
process.on('SIGINT', () => {
  restoreAll();
  process.exit(130);
});

/** Runs the conformance suite; the titles of the tests that failed (empty: all passed). */
function runSuite(label: string, cached: boolean): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mutation-check-'));
  const outputFile = join(dir, 'jest.json');
  try {
    const run = spawnSync(
      process.execPath,
      [
        '--experimental-vm-modules',
        '--disable-warning=ExperimentalWarning',
        'node_modules/jest/bin/jest.js',
        '--selectProjects',
        'unit',
        '--testPathPatterns',
        'conformance/conformance.test.ts',
        '--maxWorkers=1',
        '--json',
        `--outputFile=${outputFile}`,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        // Without the record cache: with it, the windowed scenarios Java caches are known differences, which a
        // planted bug in a window kind would hide.
        env: {
          ...process.env,
          CONFORMANCE_RUNS: process.env['CONFORMANCE_RUNS'] ?? '50',
          CONFORMANCE_CACHE_MAX_BYTES: cached ? '' : '0',
        },
      },
    );
    let result: JestResult;
    try {
      result = JSON.parse(readFileSync(outputFile, 'utf8')) as JestResult;
    } catch {
      throw new Error(`${label}: the suite did not run (exit ${run.status}):\n${run.stderr.slice(-3000)}`);
    }
    return result.testResults.flatMap((file) =>
      file.assertionResults.filter((test) => test.status === 'failed').map((test) => test.title),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function plant(mutation: Mutation): void {
  const path = sourcePath(mutation.file);
  const original = readFileSync(path, 'utf8');
  const occurrences = original.split(mutation.find).length - 1;
  if (occurrences !== 1) {
    throw new Error(
      `${mutation.id}: expected the text to mutate once in ${mutation.file}, found it ${occurrences} times ` +
        '(the source changed: update the mutation)',
    );
  }
  restores.set(path, original);
  writeFileSync(path, original.replace(mutation.find, mutation.replace));
}

function main(): void {
  const prefixes = process.argv.slice(2);
  const selected =
    prefixes.length === 0 ? mutations : mutations.filter((m) => prefixes.some((p) => m.id.startsWith(p)));
  // The suite must pass unmutated in each mode the selected mutations run it in.
  for (const cached of new Set(selected.map((m) => m.cached === true))) {
    const baseline = runSuite('baseline', cached);
    if (baseline.length > 0) {
      throw new Error(`The suite fails without any mutation; fix that first:\n  ${baseline.join('\n  ')}`);
    }
  }
  console.log(`baseline: the suite passes. ${selected.length} mutations:\n`);
  const survivors: Mutation[] = [];
  for (const mutation of selected) {
    plant(mutation);
    let failed: string[];
    try {
      failed = runSuite(mutation.id, mutation.cached === true);
    } finally {
      restoreAll();
    }
    if (failed.length === 0) survivors.push(mutation);
    const shown = failed.slice(0, 8).join(', ') + (failed.length > 8 ? `, ... (${failed.length} in all)` : '');
    console.log(
      `${failed.length > 0 ? 'CAUGHT  ' : 'SURVIVED'} ${mutation.id} [${mutation.kind}]: ${mutation.description}\n` +
        `         ${failed.length > 0 ? `failed: ${shown}` : 'no scenario failed'}\n`,
    );
  }
  console.log(`${selected.length - survivors.length} of ${selected.length} mutations caught.`);
  if (survivors.length > 0) {
    console.log(`Survived: ${survivors.map((m) => m.id).join(', ')}`);
    process.exitCode = 1;
  }
}

try {
  main();
} finally {
  restoreAll();
}
