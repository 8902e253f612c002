// Routes as the OpenShift router reads their annotations: rate limits per client address, HSTS.
import { describeManifest, type Manifest } from './manifests.js';

const PREFIX = 'haproxy.router.openshift.io/';
export const RATE_LIMITS = ['concurrent-tcp', 'rate-tcp', 'rate-http'] as const;
/** One year, the usual minimum for HSTS (and what preload lists require). */
export const MIN_HSTS_SECONDS = 31_536_000;

const annotationsOf = (m: Manifest): Readonly<Record<string, string>> =>
  (m.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};

/** The router limits every client address on every limit it offers (connections open, new, requests). */
export function checkRateLimits(manifests: ReadonlyArray<Manifest>): string[] {
  return manifests
    .filter((m) => m.kind === 'Route')
    .flatMap((route) => {
      const annotations = annotationsOf(route);
      if (annotations[`${PREFIX}rate-limit-connections`] !== 'true')
        return [`${describeManifest(route)}: no rate limit (${PREFIX}rate-limit-connections is not "true")`];
      return RATE_LIMITS.filter(
        (limit) => !/^[1-9]\d*$/.test(annotations[`${PREFIX}rate-limit-connections.${limit}`] ?? ''),
      ).map((limit) => `${describeManifest(route)}: ${PREFIX}rate-limit-connections.${limit} is not a positive number`);
    });
}

/** Edge-terminated Routes tell browsers to use HTTPS only (Strict-Transport-Security) for at least a year. */
export function checkHsts(manifests: ReadonlyArray<Manifest>): string[] {
  return manifests
    .filter((m) => m.kind === 'Route')
    .flatMap((route) => {
      const header = annotationsOf(route)[`${PREFIX}hsts_header`];
      const maxAge = Number(/(?:^|;)\s*max-age=(\d+)\s*(?:;|$)/.exec(header ?? '')?.[1] ?? 0);
      return maxAge >= MIN_HSTS_SECONDS
        ? []
        : [
            `${describeManifest(route)}: ${PREFIX}hsts_header ${JSON.stringify(header)} needs max-age >= ${MIN_HSTS_SECONDS}`,
          ];
    });
}
