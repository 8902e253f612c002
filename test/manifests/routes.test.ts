// The Routes are public and unauthenticated (the producer's is a write endpoint): the router limits each
// client address and tells browsers to stay on HTTPS.
import { describe, expect, it } from '@jest/globals';
import { type Manifest } from './support/manifests.js';
import { renderedOpenShift } from './support/render-cache.js';
import { checkHsts, checkRateLimits } from './support/routes.js';
import { PROFILES } from './support/strimzi.js';

/** The rendered dev overlay with the producer Route's annotations changed by `mutate`. */
function withProducerAnnotations(mutate: (annotations: Record<string, string>) => void): Manifest[] {
  const manifests = renderedOpenShift('dev');
  const route = manifests.find((m) => m.kind === 'Route' && m.metadata?.name === 'producer')!;
  mutate((route.metadata as { annotations: Record<string, string> }).annotations);
  return manifests;
}

describe.each(PROFILES)('openshift/overlays/%s', (profile) => {
  it('rate-limits every Route per client address: open connections, new connections, requests', () => {
    expect(checkRateLimits(renderedOpenShift(profile))).toEqual([]);
  });

  it('sends HSTS for a year on every Route', () => {
    expect(checkHsts(renderedOpenShift(profile))).toEqual([]);
  });
});

describe('unprotected Routes are rejected', () => {
  it('the producer Route without rate limit or HSTS', () => {
    const manifests = withProducerAnnotations((annotations) => {
      for (const key of Object.keys(annotations)) delete annotations[key];
    });
    expect(checkRateLimits(manifests)).toEqual([
      'Route/producer: no rate limit (haproxy.router.openshift.io/rate-limit-connections is not "true")',
    ]);
    expect(checkHsts(manifests)).toEqual([
      'Route/producer: haproxy.router.openshift.io/hsts_header undefined needs max-age >= 31536000',
    ]);
  });

  it('a limit switched on without a request rate, and a short HSTS max-age', () => {
    const manifests = withProducerAnnotations((annotations) => {
      delete annotations['haproxy.router.openshift.io/rate-limit-connections.rate-http'];
      annotations['haproxy.router.openshift.io/hsts_header'] = 'max-age=300';
    });
    expect(checkRateLimits(manifests)).toEqual([
      'Route/producer: haproxy.router.openshift.io/rate-limit-connections.rate-http is not a positive number',
    ]);
    expect(checkHsts(manifests)).toEqual([
      'Route/producer: haproxy.router.openshift.io/hsts_header "max-age=300" needs max-age >= 31536000',
    ]);
  });
});
