// Prometheus Operator objects (monitoring.coreos.com): which pods they make Prometheus scrape, and how often.
import { type Manifest } from './manifests.js';
import { podLabels, workloads } from './openshift.js';
import { type LabelSelector, matchesSelector } from './selectors.js';

/** Creating these needs the role monitoring-edit, which a project admin does not have. */
export const isMonitoringObject = (m: Manifest): boolean => String(m.apiVersion).startsWith('monitoring.coreos.com/');

interface MonitorSpec {
  readonly selector?: LabelSelector;
  readonly endpoints?: ReadonlyArray<object>;
  readonly podMetricsEndpoints?: ReadonlyArray<object>;
}
const specOf = (m: Manifest): MonitorSpec => (m.spec ?? {}) as MonitorSpec;

/**
 * Scrape targets per pod of each workload (`Kind/name` → count): a PodMonitor endpoint targets each pod it
 * selects once; a ServiceMonitor endpoint targets a pod once for every selected Service that selects the pod.
 */
export function scrapesPerPod(manifests: ReadonlyArray<Manifest>): Map<string, number> {
  const services = manifests.filter((m) => m.kind === 'Service');
  const counts = new Map<string, number>();
  for (const w of workloads(manifests)) {
    const labels = podLabels(w);
    let count = 0;
    for (const monitor of manifests.filter((m) => m.kind === 'PodMonitor')) {
      const spec = specOf(monitor);
      if (matchesSelector(spec.selector ?? {}, labels)) count += (spec.podMetricsEndpoints ?? []).length;
    }
    for (const monitor of manifests.filter((m) => m.kind === 'ServiceMonitor')) {
      const spec = specOf(monitor);
      const fronting = services.filter((s) => {
        const selector = (s.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {};
        return (
          Object.keys(selector).length > 0 &&
          matchesSelector({ matchLabels: selector }, labels) &&
          matchesSelector(spec.selector ?? {}, s.metadata?.labels ?? {})
        );
      });
      count += fronting.length * (spec.endpoints ?? []).length;
    }
    counts.set(`${w.kind}/${w.name}`, count);
  }
  return counts;
}

/** Every pod is scraped exactly once: twice doubles every counter a sum() adds up, never is a blind spot. */
export function checkOneScrapePerPod(manifests: ReadonlyArray<Manifest>): string[] {
  return [...scrapesPerPod(manifests)]
    .filter(([, count]) => count !== 1)
    .map(([workload, count]) => `${workload}: each pod is scraped ${count} times, expected once`);
}
