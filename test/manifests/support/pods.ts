// What a pod does on its node that no schema sees: how its state volume is chowned, whether it keeps serving
// while it is removed from the Services, and whether the node reserves the disk its emptyDirs use.
import { type Manifest } from './manifests.js';
import { type Container, podLabels, preStopSeconds, type Volume, workloads } from './openshift.js';
import { matchesSelector } from './selectors.js';

/** Bytes of a Kubernetes quantity (`64Mi`, `1Gi`, `500M`, `1024`). */
export function quantityBytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)([KMGTE]i?)?$/.exec(String(quantity));
  if (match === null) throw new Error(`not a storage quantity: ${quantity}`);
  const units: Record<string, number> = {
    '': 1,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Ei: 2 ** 60,
  };
  return Number(match[1]) * units[match[2] ?? '']!;
}

/**
 * Workloads with persistent state (volumeClaimTemplates) set fsGroupChangePolicy OnRootMismatch: the default,
 * Always, chowns every file of the volume to the fsGroup at each start, which grows with the stores.
 */
export function checkStateVolumeOwnership(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests)
    .filter((w) => (w.spec.volumeClaimTemplates ?? []).length > 0)
    .filter((w) => w.spec.template.spec.securityContext?.fsGroupChangePolicy !== 'OnRootMismatch')
    .map(
      (w) =>
        `${w.kind}/${w.name}: fsGroupChangePolicy must be OnRootMismatch (its volumes are re-chowned at every start)`,
    );
}

/** Long enough for the router's reload and the endpoint removal to reach every node. */
export const MIN_PRE_STOP_SECONDS = 5;

/**
 * Containers behind a Service sleep in preStop for at least `minSeconds`: SIGTERM comes at once otherwise,
 * while the router and kube-proxy still send requests to the pod (502s during every rollout).
 */
export function checkPreStop(manifests: ReadonlyArray<Manifest>, minSeconds = MIN_PRE_STOP_SECONDS): string[] {
  const selectors = manifests
    .filter((m) => m.kind === 'Service')
    .map((s) => (s.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {})
    .filter((selector) => Object.keys(selector).length > 0);
  return workloads(manifests)
    .filter((w) => selectors.some((selector) => matchesSelector({ matchLabels: selector }, podLabels(w))))
    .flatMap((w) =>
      w.spec.template.spec.containers
        .filter((c) => preStopSeconds(c) < minSeconds)
        .map(
          (c) =>
            `${w.kind}/${w.name} container ${c.name}: preStop sleeps ${preStopSeconds(c)} s, at least ${minSeconds} s while it leaves the Services`,
        ),
    );
}

const emptyDirsOf = (container: Container, volumes: ReadonlyArray<Volume>): Volume[] =>
  volumes
    .filter((v) => v.emptyDir !== undefined && v.emptyDir.medium !== 'Memory')
    .filter((v) => (container.volumeMounts ?? []).some((mount) => mount.name === v.name));

/**
 * Every container requests the ephemeral storage its disk-backed emptyDirs may fill (their sizeLimits, which
 * every such emptyDir must have): without a request the scheduler places the pod on a node whose disk
 * cannot hold them, and the kubelet evicts it once they fill.
 */
export function checkEphemeralStorage(manifests: ReadonlyArray<Manifest>): string[] {
  return workloads(manifests).flatMap((w) =>
    w.spec.template.spec.containers.flatMap((c) => {
      const at = `${w.kind}/${w.name} container ${c.name}`;
      const dirs = emptyDirsOf(c, w.spec.template.spec.volumes ?? []);
      const unbounded = dirs.filter((v) => v.emptyDir?.sizeLimit === undefined);
      if (unbounded.length > 0) return unbounded.map((v) => `${at}: emptyDir ${v.name} has no sizeLimit`);
      const needed = dirs.reduce((sum, v) => sum + quantityBytes(v.emptyDir!.sizeLimit!), 0);
      const requested = c.resources?.requests?.['ephemeral-storage'];
      if (needed === 0) return [];
      if (requested === undefined)
        return [`${at}: no ephemeral-storage request for its emptyDirs (${dirs.map((v) => v.name).join(', ')})`];
      return quantityBytes(requested) >= needed
        ? []
        : [`${at}: requests ephemeral-storage ${requested}, below its emptyDirs' sizeLimits (${needed} bytes)`];
    }),
  );
}
