// The OLM Subscription of the Strimzi operator: an operator upgrade rolls the brokers, so nothing upgrades
// unannounced (Manual approval), and the operator installed is the one the manifests need (a pinned
// channel and starting CSV, equal to STRIMZI_VERSION in versions.env).
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readPinnedVersions } from '../../tools/versions.ts';
import { readManifestFile } from './support/manifests.js';
import { checkSubscription, type SubscriptionSpec } from './support/subscription.js';
import { repoRoot, strimziDir } from './support/strimzi.js';

const SUBSCRIPTION = join(strimziDir, 'operator', 'subscription.yaml');
const strimziVersion = readPinnedVersions(repoRoot).STRIMZI_VERSION;

const subscription = (): SubscriptionSpec => {
  const [manifest, ...rest] = readManifestFile(SUBSCRIPTION);
  expect(rest).toEqual([]);
  expect(manifest).toMatchObject({
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { namespace: 'openshift-operators' },
  });
  return manifest!.spec as SubscriptionSpec;
};

describe('strimzi/operator/subscription.yaml', () => {
  it('installs strimzi-kafka-operator from community-operators', () => {
    expect(subscription()).toMatchObject({
      name: 'strimzi-kafka-operator',
      source: 'community-operators',
      sourceNamespace: 'openshift-marketplace',
    });
  });

  it(`is pinned to Strimzi ${strimziVersion} and approved by hand`, () => {
    expect(checkSubscription(subscription(), strimziVersion)).toEqual([]);
  });
});

describe('subscriptions that upgrade unannounced or install the wrong operator are rejected', () => {
  it('channel stable, automatic approval, no starting CSV', () => {
    const spec = { ...subscription(), channel: 'stable', installPlanApproval: 'Automatic' };
    delete (spec as { startingCSV?: string }).startingCSV;
    expect(checkSubscription(spec, strimziVersion)).toEqual([
      'installPlanApproval Automatic: an operator upgrade would roll the brokers unannounced; use Manual',
      `channel stable: pin the channel of Strimzi ${strimziVersion} (strimzi-1.2.x)`,
      `no startingCSV: pin strimzi-cluster-operator.v${strimziVersion}`,
    ]);
  });

  it('a starting CSV or channel below the Strimzi the manifests need', () => {
    const spec = { ...subscription(), channel: 'strimzi-1.0.x', startingCSV: 'strimzi-cluster-operator.v1.0.0' };
    expect(checkSubscription(spec, strimziVersion)).toEqual([
      `channel strimzi-1.0.x: pin the channel of Strimzi ${strimziVersion} (strimzi-1.2.x)`,
      `startingCSV strimzi-cluster-operator.v1.0.0: pin strimzi-cluster-operator.v${strimziVersion}`,
    ]);
  });
});
