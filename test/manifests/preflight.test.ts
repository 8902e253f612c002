// openshift/preflight.sh against recorded `oc` answers (no cluster here): a project admin, a cluster admin,
// a cluster without a default StorageClass, an old Strimzi, a missing project, an expired login.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readPinnedVersions } from '../../tools/versions.ts';
import { readScenario, runWithFakeOc } from './support/fake-oc.js';
import { type Manifest } from './support/manifests.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { PROFILES, repoRoot } from './support/strimzi.js';

const SCRIPT = join(repoRoot, 'openshift', 'preflight.sh');
const preflight = (scenario: string, environment = 'dev') =>
  runWithFakeOc(
    SCRIPT,
    [environment],
    readScenario(join(repoRoot, 'test', 'manifests', 'fixtures', 'preflight', `${scenario}.yaml`)),
  );

const HEADER = 'preflight: strimzi/overlays/dev and openshift/overlays/dev into namespace streamkit-dev';
const HEALTHY = [
  'PASS  kafka.strimzi.io/v1 is served',
  'PASS  Strimzi 1.2.0 (strimzi-cluster-operator.v1.2.0, Succeeded), at least 1.2.0',
  'PASS  default StorageClass gp3-csi',
  'PASS  may create every kind the overlays create in streamkit-dev, and start binary builds',
];
const MONITORING_DENIED =
  'WARN  may not create PodMonitors in streamkit-dev: leave the monitoring components out, or a cluster admin grants: oc adm policy add-role-to-user monitoring-edit alice -n streamkit-dev';

describe('openshift/preflight.sh', () => {
  it('a project admin may apply everything; only the optional monitoring needs a role they lack', () => {
    const run = preflight('project-admin');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      HEADER,
      'PASS  logged in as alice',
      'PASS  Kubernetes 1.29 (OpenShift 4.16), at least OpenShift 4.14',
      'PASS  project streamkit-dev exists',
      ...HEALTHY,
      MONITORING_DENIED,
      'result: 0 failed, 1 warning',
    ]);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 0, unanswered: [] });
  });

  it('a cluster admin passes everything, the monitoring components included', () => {
    const run = preflight('cluster-admin');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      HEADER,
      'PASS  logged in as kube:admin',
      'PASS  OpenShift 4.16.3 (Kubernetes 1.29), at least OpenShift 4.14',
      'PASS  project streamkit-dev exists',
      ...HEALTHY,
      'PASS  may create PodMonitors: the optional monitoring components can be included',
      'result: 0 failed, 0 warnings',
    ]);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 0, unanswered: [] });
  });

  it('fails without a default StorageClass', () => {
    const run = preflight('no-default-storageclass');
    expect(run.stdout).toContain(
      'FAIL  no default StorageClass: the Kafka and word-count volume claims would stay Pending (a cluster admin marks one default)\n',
    );
    expect(run.stdout).toMatch(/\nresult: 1 failed, 1 warning\n$/);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 1, unanswered: [] });
  });

  it('fails on a Strimzi older than versions.env pins, which does not serve kafka.strimzi.io/v1', () => {
    expect(readPinnedVersions(repoRoot).STRIMZI_VERSION).toBe('1.2.0');
    const run = preflight('old-strimzi');
    expect(run.stdout.split('\n').filter((line) => line.startsWith('FAIL'))).toEqual([
      'FAIL  kafka.strimzi.io/v1 is not served: no Strimzi operator, or one older than 1.0; a cluster admin installs it first (strimzi/README.md, section 1)',
      'FAIL  Strimzi 0.45.0 (strimzi-cluster-operator.v0.45.0): needs 1.2.0 or later (strimzi/operator/subscription.yaml)',
    ]);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 1, unanswered: [] });
  });

  it('fails when the project is missing, and asks nothing that needs it', () => {
    const run = preflight('no-project');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      HEADER,
      'PASS  logged in as alice',
      'PASS  Kubernetes 1.29 (OpenShift 4.16), at least OpenShift 4.14',
      'FAIL  project streamkit-dev does not exist or is not yours: oc new-project streamkit-dev (or rename it in both overlays)',
      'PASS  kafka.strimzi.io/v1 is served',
      'PASS  default StorageClass gp3-csi',
      'result: 1 failed, 0 warnings',
    ]);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 1, unanswered: [] });
  });

  it('stops at once when not logged in', () => {
    const run = preflight('not-logged-in');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      HEADER,
      'FAIL  not logged in: oc login first',
      'result: 1 failed, 0 warnings',
    ]);
    expect({ status: run.status, unanswered: run.unanswered }).toEqual({ status: 1, unanswered: [] });
  });

  it('refuses an unknown environment', () => {
    const run = preflight('project-admin', 'staging');
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
      status: 2,
      stderr: `preflight: usage: ${SCRIPT} [dev|prod]`,
    });
  });
});

describe('what preflight.sh checks is what the overlays need', () => {
  /** `kind` of `group/version` as `oc auth can-i` names it: plural, lower case, with its API group. */
  const resourceOf = (m: Manifest): string => {
    const kind = String(m.kind).toLowerCase();
    const plural = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
    const group = String(m.apiVersion).includes('/') ? String(m.apiVersion).split('/')[0] : '';
    return group ? `${plural}.${group}` : plural;
  };

  it('asks for the right to create every kind both overlays create, and nothing else', () => {
    const script = readFileSync(SCRIPT, 'utf8');
    const listed = /^RESOURCES=\(\n([\s\S]*?)\n\)$/m
      .exec(script)![1]!
      .split('\n')
      .map((line) => line.trim());
    const needed = new Set(
      PROFILES.flatMap((profile) => [...rendered(profile), ...renderedOpenShift(profile)]).map(resourceOf),
    );
    expect([...listed].sort()).toEqual([...needed].sort());
  });

  it('reads the namespace the overlays of each environment set', () => {
    for (const profile of PROFILES) {
      const namespace = renderedOpenShift(profile)[0]!.metadata?.namespace;
      const run = preflight('not-logged-in', profile);
      expect(run.stdout.split('\n')[0]).toBe(
        `preflight: strimzi/overlays/${profile} and openshift/overlays/${profile} into namespace ${namespace}`,
      );
    }
  });
});
