// The Chromium the browser tests drive: Debian's `chromium` package, found on PATH or at CHROMIUM_PATH.
// playwright-core never downloads a browser; tools/browser/ensure-chromium.sh installs this one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const ENSURE_CHROMIUM = 'tools/browser/ensure-chromium.sh';

export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new Error(`CHROMIUM_PATH=${configured} does not exist: run \`bash ${ENSURE_CHROMIUM}\` or fix the path`);
  }
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  throw new Error(`Chromium is not installed: run \`bash ${ENSURE_CHROMIUM}\` (CI does) or set CHROMIUM_PATH`);
}
