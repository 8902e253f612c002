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
  readonly succeeded: boolean;
  /** The report differs from the checked-in one (only when checking). */
  readonly changed: boolean;
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
  return { entryPoint, succeeded: result.succeeded, changed: result.apiReportChanged, messages };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const update = process.argv.includes('--update');
  buildDeclarations();
  for (const entryPoint of ENTRY_POINTS) {
    const { succeeded, changed, messages } = runApiReport(entryPoint, update);
    const name = entryPoint === '' ? '@streamkit/kafka-streams' : `@streamkit/kafka-streams/${entryPoint}`;
    console.log(`${name}: ${succeeded ? (changed ? 'report updated' : 'report unchanged') : 'FAILED'}`);
    for (const message of messages) console.log(`  ${message}`);
    if (!succeeded) process.exitCode = 1;
  }
}
