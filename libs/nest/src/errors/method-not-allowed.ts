import { type IncomingMessage, METHODS } from 'node:http';

/** The parts of an Express 5 router layer this reads. */
interface RouterLayer {
  readonly route?: { readonly methods: Readonly<Record<string, boolean | undefined>> };
  match(path: string): unknown;
}

/** `app.all(...)`: middleware for every route (pino-http) and Nest's not-found handler, not an endpoint. */
const answersEveryMethod = (methods: Readonly<Record<string, boolean | undefined>>): boolean =>
  Boolean(methods._all) || METHODS.every((method) => methods[method.toLowerCase()]);

/**
 * The methods the app's routes answer at `path` (with HEAD where GET is, and OPTIONS, which Express answers
 * itself); empty when no route has that path. Read from Express' router, so every route Nest registered
 * counts, the documentation's too.
 */
export function allowedMethods(expressApp: unknown, path: string): string[] {
  const stack = (expressApp as { router?: { stack?: RouterLayer[] } } | undefined)?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    const declared = layer.route?.methods;
    if (!declared || answersEveryMethod(declared) || !layer.match(path)) continue;
    for (const [method, handled] of Object.entries(declared)) if (handled) methods.add(method.toUpperCase());
  }
  if (methods.size === 0) return [];
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  return [...methods].sort();
}

/**
 * For a 404: the methods the request's path does answer when its method is not one of them (TRACE, or
 * PATCH on a GET route: Nest's "Cannot TRACE /x"); empty for an unknown path, and for a 404 a handler threw.
 */
export function methodsAllowedInstead(expressApp: unknown, request: IncomingMessage): string[] {
  const path = (request as { path?: string }).path ?? new URL(request.url ?? '/', 'http://localhost').pathname;
  const allowed = allowedMethods(expressApp, path);
  return allowed.includes(request.method ?? '') ? [] : allowed;
}
