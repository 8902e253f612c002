import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { applyHttpTimeouts, type BootstrapOptions, httpTimeoutsOf } from '@streamkit/nest';
import { type QueryApiConfig, queryApiConfigSchema, SERVICE_NAME } from './config.js';
import type { CountStoreBackend } from './counts/count-store.backend.js';

/** The dashboard's files; the same path from src/ (tests) and dist/ (the built service). */
export const DASHBOARD_DIRECTORY = fileURLToPath(new URL('../public/', import.meta.url));

/** The dashboard loads nothing but its own files and talks only to this service. */
const DASHBOARD_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/** How the query API is set up over `backend`; main.ts and the HTTP tests share it. */
export const queryApiAppOptions = (backend: CountStoreBackend): BootstrapOptions => ({
  service: SERVICE_NAME,
  configSchema: queryApiConfigSchema,
  configure: (app: NestExpressApplication) => {
    applyHttpTimeouts(app, httpTimeoutsOf(app.get<ConfigService<QueryApiConfig, true>>(ConfigService)));
    backend.configure?.(app);
    app.useStaticAssets(DASHBOARD_DIRECTORY, {
      index: 'index.html',
      maxAge: '5m',
      setHeaders: (response: ServerResponse) => {
        response.setHeader('Content-Security-Policy', DASHBOARD_POLICY);
        response.setHeader('X-Content-Type-Options', 'nosniff');
      },
    });
  },
});
