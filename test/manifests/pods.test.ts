// Pod details a platform engineer checks and no schema does: state volumes are not re-chowned at every start,
// pods keep serving while they leave the Services (and their grace period covers it), and the node reserves
// the disk their emptyDirs may fill.
import { describe, expect, it } from '@jest/globals';
import { type Manifest } from './support/manifests.js';
import { checkGracePeriods } from './support/openshift.js';
import {
  checkEphemeralStorage,
  checkPreStop,
  checkStateVolumeOwnership,
  MIN_PRE_STOP_SECONDS,
  quantityBytes,
} from './support/pods.js';
import { renderedOpenShift } from './support/render-cache.js';
import { PROFILES } from './support/strimzi.js';

interface MutablePodSpec {
  securityContext: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  containers: Array<{ lifecycle?: object; resources: { requests: Record<string, string> } }>;
}

/** The rendered dev overlay with one workload's pod spec changed by `mutate`. */
function withPodSpec(name: string, mutate: (spec: MutablePodSpec) => void): Manifest[] {
  const manifests = renderedOpenShift('dev');
  const workload = manifests.find((m) => m.metadata?.name === name && /Deployment|StatefulSet/.test(String(m.kind)))!;
  mutate((workload.spec as { template: { spec: MutablePodSpec } }).template.spec);
  return manifests;
}

describe.each(PROFILES)('openshift/overlays/%s', (profile) => {
  it('word-count chowns its state volume only when its root does not match (fsGroupChangePolicy)', () => {
    expect(checkStateVolumeOwnership(renderedOpenShift(profile))).toEqual([]);
  });

  it(`every pod behind a Service sleeps at least ${MIN_PRE_STOP_SECONDS} s in preStop, within its grace period`, () => {
    expect(checkPreStop(renderedOpenShift(profile), MIN_PRE_STOP_SECONDS)).toEqual([]);
    expect(checkGracePeriods(renderedOpenShift(profile))).toEqual([]);
  });

  it('every container requests the ephemeral storage of its emptyDirs', () => {
    expect(checkEphemeralStorage(renderedOpenShift(profile))).toEqual([]);
  });
});

describe('pods that misbehave on a node are rejected', () => {
  it('a state volume re-chowned at every start', () => {
    const manifests = withPodSpec('word-count', (spec) => {
      delete spec.securityContext.fsGroupChangePolicy;
    });
    expect(checkStateVolumeOwnership(manifests)).toEqual([
      'StatefulSet/word-count: fsGroupChangePolicy must be OnRootMismatch (its volumes are re-chowned at every start)',
    ]);
  });

  it('no preStop sleep: SIGTERM while the router still sends requests', () => {
    const manifests = withPodSpec('producer', (spec) => {
      delete spec.containers[0]!.lifecycle;
    });
    expect(checkPreStop(manifests, MIN_PRE_STOP_SECONDS)).toEqual([
      'Deployment/producer container producer: preStop sleeps 0 s, at least 5 s while it leaves the Services',
    ]);
  });

  it('a grace period that the preStop sleep eats into the shutdown of', () => {
    const manifests = withPodSpec('query-api', (spec) => {
      spec.terminationGracePeriodSeconds = 35;
    });
    expect(checkGracePeriods(manifests)).toEqual([
      'Deployment/query-api: terminationGracePeriodSeconds 35 must exceed the preStop sleep 10 s + SHUTDOWN_GRACE_MS 30000',
    ]);
  });

  it("query-api's 1Gi state emptyDir without an ephemeral-storage request", () => {
    const manifests = withPodSpec('query-api', (spec) => {
      delete spec.containers[0]!.resources.requests['ephemeral-storage'];
    });
    expect(checkEphemeralStorage(manifests)).toEqual([
      'Deployment/query-api container query-api: no ephemeral-storage request for its emptyDirs (tmp)',
    ]);
  });

  it('storage quantities are read in their units', () => {
    expect([quantityBytes('64Mi'), quantityBytes('1Gi'), quantityBytes('500M'), quantityBytes(1024)]).toEqual([
      64 * 2 ** 20,
      2 ** 30,
      5e8,
      1024,
    ]);
    expect(() => quantityBytes('1 GB')).toThrow('not a storage quantity');
  });
});
