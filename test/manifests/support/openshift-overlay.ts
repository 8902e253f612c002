// The one entry point that runs every check of openshift/ on a rendered overlay.
import { type Manifest } from './manifests.js';
import { checkNetworkPolicies } from './network-policies.js';
import {
  checkAgreement,
  checkContainers,
  checkEnvironments,
  checkGracePeriods,
  checkImages,
  checkKafkaConnection,
  checkReferences,
  checkStreamsStatefulSet,
  validateDocuments,
  workloads,
} from './openshift.js';
import { checkEphemeralStorage, checkPreStop, checkStateVolumeOwnership } from './pods.js';
import { topics } from './policy.js';
import { checkHsts, checkRateLimits } from './routes.js';

/** Every check of one rendered openshift/ overlay, given the Strimzi overlay it runs next to. */
export function validateOpenShiftOverlay(
  manifests: ReadonlyArray<Manifest>,
  strimzi: ReadonlyArray<Manifest>,
): string[] {
  const input = topics(strimzi).get('sentences')?.partitions ?? 0;
  // Every StatefulSet is a Kafka Streams app with routed queries (word-count, and any you add).
  const streamsApps = workloads(manifests)
    .filter((w) => w.kind === 'StatefulSet')
    .map((w) => w.name);
  return [
    ...validateDocuments(manifests),
    ...checkContainers(manifests),
    ...checkEnvironments(manifests),
    ...checkGracePeriods(manifests),
    ...checkImages(manifests),
    ...checkKafkaConnection(manifests, strimzi),
    ...streamsApps.flatMap((name) => checkStreamsStatefulSet(manifests, name, input)),
    ...checkAgreement(manifests, 'WINDOW_SIZE_MS', ['word-count', 'query-api']),
    ...checkReferences(manifests),
    ...streamsApps.flatMap((name) => checkNetworkPolicies(manifests, name)),
    ...checkStateVolumeOwnership(manifests),
    ...checkPreStop(manifests),
    ...checkEphemeralStorage(manifests),
    ...checkRateLimits(manifests),
    ...checkHsts(manifests),
  ];
}
