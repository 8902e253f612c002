// Renders each overlay once per test file (kubectl kustomize takes a moment).
import { type Manifest, renderKustomization } from './manifests.js';
import { type Profile } from './policy.js';
import { overlayDir } from './strimzi.js';

const cache = new Map<Profile, Manifest[]>();

/** The rendered overlay; a deep copy, so tests may mutate it. */
export function rendered(profile: Profile): Manifest[] {
  let manifests = cache.get(profile);
  if (manifests === undefined) {
    manifests = renderKustomization(overlayDir(profile));
    cache.set(profile, manifests);
  }
  return structuredClone(manifests);
}
