import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { applyHttpTimeouts, type BootstrapOptions, httpTimeoutsOf } from '@streamkit/nest';
import { type QueryApiConfig, queryApiConfigSchema, SERVICE_NAME } from './config.js';
import type { CountStoreBackend } from './counts/count-store.backend.js';

/** The dashboard's files; the same path from src/ (tests) and dist/ (the built service). */
export const DASHBOARD_DIRECTORY = fileURLToPath(new URL('../public/', import.meta.url));

const packageDirectory = (name: string): string =>
  dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The chart and diagram libraries the dashboard loads, served from their npm packages (pinned in package.json). */
export const VENDOR_DIRECTORIES = {
  '/vendor/uplot': join(packageDirectory('uplot'), 'dist'),
  '/vendor/mermaid': join(packageDirectory('mermaid'), 'dist'),
} as const;

/**
 * The dashboard loads nothing but this service's files and talks only to it. Styles may be inline because
 * Mermaid's SVG carries its theme in a <style> element and style attributes; scripts may not.
 */
const DASHBOARD_POLICY =
  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

const staticHeaders = (response: ServerResponse): void => {
  response.setHeader('Content-Security-Policy', DASHBOARD_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
};

/** How the query API is set up over `backend`; main.ts and the HTTP tests share it. */
export const queryApiAppOptions = (backend: CountStoreBackend): BootstrapOptions => ({
  service: SERVICE_NAME,
  configSchema: queryApiConfigSchema,
  configure: (app: NestExpressApplication) => {
    applyHttpTimeouts(app, httpTimeoutsOf(app.get<ConfigService<QueryApiConfig, true>>(ConfigService)));
    backend.configure?.(app);
    app.useStaticAssets(DASHBOARD_DIRECTORY, { index: 'index.html', maxAge: '5m', setHeaders: staticHeaders });
    for (const [prefix, directory] of Object.entries(VENDOR_DIRECTORIES)) {
      // Versioned by package.json: a day of caching is safe.
      app.useStaticAssets(directory, { prefix, index: false, maxAge: '1d', setHeaders: staticHeaders });
    }
  },
});
