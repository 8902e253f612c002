// Checks (or, with --update, rewrites) the API reports in api/: one per entry point of the package, made by
// API Extractor from the built declarations. Used by test/unit/api-report.test.ts and `npm run api:update`.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

export const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY_POINTS = ['', 'testing', 'prometheus', 'opentelemetry'] as const;

export interface ReportResult {
  readonly entryPoint: string;
  /** No error (the declarations could be analysed); warnings do not count. */
  readonly succeeded: boolean;
  /** The report differs from the checked-in one (only when checking). */
  readonly changed: boolean;
  /**
   * Warnings, mostly internal types the public API still mentions (ae-forgotten-export): kept out of the report
   * file, whose text would otherwise change with every line number, and printed by `npm run api:update`.
   */
  readonly messages: ReadonlyArray<string>;
}

/** Builds the package's declarations (tsc -b: quick when up to date). */
export function buildDeclarations(): void {
  const tsc = join(packageFolder, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-b', packageFolder], { stdio: 'inherit' });
}

export function runApiReport(entryPoint: string, update: boolean): ReportResult {
  const file = entryPoint === '' ? 'api-extractor.json' : `api-extractor.${entryPoint}.json`;
  const config = ExtractorConfig.loadFileAndPrepare(join(packageFolder, file));
  const messages: string[] = [];
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback: (message) => {
      if (message.logLevel === 'warning' || message.logLevel === 'error') messages.push(message.text);
      message.handled = true;
    },
  });
  return { entryPoint, succeeded: result.errorCount === 0, changed: result.apiReportChanged, messages };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = process.argv.includes('--update');
  buildDeclarations();
  for (const entryPoint of ENTRY_POINTS) {
    const { succeeded, changed, messages } = runApiReport(entryPoint, update);
    const name = entryPoint === '' ? '@streamkit/kafka-streams' : `@streamkit/kafka-streams/${entryPoint}`;
    const outcome = !succeeded
      ? 'FAILED'
      : changed
        ? update
          ? 'report updated'
          : 'report differs'
        : 'report unchanged';
    console.log(`${name}: ${outcome}`);
    for (const message of messages) console.log(`  ${message}`);
    if (!succeeded || (changed && !update)) process.exitCode = 1;
  }
}
