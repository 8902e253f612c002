// One namespace per environment: strimzi/ and openshift/ of an environment share it (the pods read the
// KafkaUser Secrets and the cluster CA there), and dev and prod never share one, so applying one
// environment's overlay can never land on the other's objects (prod over dev fails on the word-count
// StatefulSet's immutable volumeClaimTemplates).
import { describe, expect, it } from '@jest/globals';
import { type Manifest } from './support/manifests.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { PROFILES } from './support/strimzi.js';

const namespacesOf = (manifests: ReadonlyArray<Manifest>): string[] =>
  [...new Set(manifests.map((m) => m.metadata?.namespace ?? '<none: the namespace of oc project>'))].sort();

/** The one namespace of an environment, or a description of what is wrong with it. */
function environmentNamespace(profile: 'dev' | 'prod'): string {
  const namespaces = namespacesOf([...rendered(profile), ...renderedOpenShift(profile)]);
  return namespaces.length === 1 ? namespaces[0]! : `several: ${namespaces.join(', ')}`;
}

describe.each(PROFILES)('%s', (profile) => {
  it('strimzi/ and openshift/ put every object into the one namespace of the environment', () => {
    expect(environmentNamespace(profile)).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

it('dev and prod have namespaces of their own', () => {
  expect(environmentNamespace('dev')).not.toEqual(environmentNamespace('prod'));
});
