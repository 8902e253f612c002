// Renders each overlay once per test file (kubectl kustomize takes a moment).
import { type Manifest, renderKustomization } from './manifests.js';
import { openshiftOverlayDir } from './openshift.js';
import { type Profile } from './policy.js';
import { overlayDir } from './strimzi.js';

const cache = new Map<string, Manifest[]>();

function cached(dir: string): Manifest[] {
  let manifests = cache.get(dir);
  if (manifests === undefined) {
    manifests = renderKustomization(dir);
    cache.set(dir, manifests);
  }
  return structuredClone(manifests);
}

/** The rendered strimzi/ overlay; a deep copy, so tests may mutate it. */
export function rendered(profile: Profile): Manifest[] {
  return cached(overlayDir(profile));
}

/** The rendered openshift/ overlay; a deep copy, so tests may mutate it. */
export function renderedOpenShift(profile: Profile): Manifest[] {
  return cached(openshiftOverlayDir(profile));
}
