// Monitoring is opt-in: the overlays create nothing a project admin may not create (monitoring.coreos.com
// objects need the role monitoring-edit), and the components that add it scrape every pod exactly once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type Manifest, renderWithComponents } from './support/manifests.js';
import { checkOneScrapePerPod, isMonitoringObject } from './support/monitoring.js';
import { admits } from './support/network-policies.js';
import { openshiftComponentDir, openshiftOverlayDir, workloads } from './support/openshift.js';
import { validateOpenShiftOverlay } from './support/openshift-overlay.js';
import { rendered, renderedOpenShift } from './support/render-cache.js';
import { PROFILES, componentDir, overlayDir, validateOverlay } from './support/strimzi.js';

const MONITORING_COMPONENTS = [openshiftComponentDir('monitoring'), componentDir('monitoring')];

const withOpenShiftMonitoring = (profile: 'dev' | 'prod'): Manifest[] =>
  renderWithComponents(openshiftOverlayDir(profile), [openshiftComponentDir('monitoring')]);

describe.each(PROFILES)('%s', (profile) => {
  it('neither overlay creates monitoring.coreos.com objects: a project admin can apply both', () => {
    const monitoring = [...rendered(profile), ...renderedOpenShift(profile)].filter(isMonitoringObject);
    expect(monitoring.map((m) => `${String(m.kind)}/${m.metadata?.name}`)).toEqual([]);
  });

  it('openshift/ with the monitoring component: valid, every pod scraped once and admitted from monitoring', () => {
    const manifests = withOpenShiftMonitoring(profile);
    expect(manifests.filter(isMonitoringObject).map((m) => m.kind)).toEqual(['PodMonitor', 'PodMonitor', 'PodMonitor']);
    expect(validateOpenShiftOverlay(manifests, rendered(profile))).toEqual([]);
    expect(checkOneScrapePerPod(manifests)).toEqual([]);
    for (const w of workloads(manifests))
      expect({
        workload: w.name,
        admitted: admits(
          manifests,
          w,
          (p) => p.namespaceSelector?.matchLabels?.['network.openshift.io/policy-group'] === 'monitoring',
        ),
      }).toEqual({ workload: w.name, admitted: true });
  });

  it('strimzi/ with the monitoring component: PodMonitors for the Kafka nodes, the entity operator, Kafka Exporter', () => {
    const manifests = renderWithComponents(overlayDir(profile), [componentDir('monitoring')]);
    expect(validateOverlay(manifests, profile)).toEqual([]);
    const monitors = manifests
      .filter((m) => m.kind === 'PodMonitor')
      .map((m) => {
        const spec = m.spec as {
          selector: { matchLabels: Record<string, string> };
          podMetricsEndpoints: Array<{ port: string; path: string }>;
        };
        return [
          spec.selector.matchLabels['strimzi.io/name'],
          spec.podMetricsEndpoints.map((e) => `${e.port}${e.path}`),
        ];
      });
    expect(Object.fromEntries(monitors)).toEqual({
      'streams-kafka-kafka': ['tcp-prometheus/metrics'],
      'streams-kafka-entity-operator': ['healthcheck/metrics'],
      'streams-kafka-kafka-exporter': ['tcp-prometheus/metrics'],
    });
  });
});

it.each(MONITORING_COMPONENTS)('%s states the role applying it needs', (dir) => {
  expect(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')).toMatch(
    /monitoring-edit[\s\S]*oc adm policy add-role-to-user monitoring-edit <user> -n <namespace>/,
  );
});

describe('one scrape per pod is enforced', () => {
  it('a ServiceMonitor selecting word-count Services by app name scrapes each pod through both of them', () => {
    const manifests = withOpenShiftMonitoring('dev').filter(
      (m) => !(m.kind === 'PodMonitor' && m.metadata?.name === 'word-count'),
    );
    manifests.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'word-count' },
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'word-count' } },
        endpoints: [{ port: 'http', path: '/metrics' }],
      },
      source: 'test',
    });
    expect(checkOneScrapePerPod(manifests)).toEqual([
      'StatefulSet/word-count: each pod is scraped 2 times, expected once',
    ]);
  });

  it('a workload no monitor selects is reported too', () => {
    const manifests = withOpenShiftMonitoring('dev').filter(
      (m) => !(m.kind === 'PodMonitor' && m.metadata?.name === 'producer'),
    );
    expect(checkOneScrapePerPod(manifests)).toEqual([
      'Deployment/producer: each pod is scraped 0 times, expected once',
    ]);
  });
});
