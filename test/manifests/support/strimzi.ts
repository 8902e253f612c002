// The project's Strimzi layout and the one validation entry point used by positive and negative tests.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot, readPinnedVersions } from '../../../tools/versions.ts';
import { readManifestFile, type Manifest } from './manifests.js';
import { checkPolicies, type Profile } from './policy.js';
import { ManifestSchemaValidator, schemasDir } from './schemas.js';

export const repoRoot = findRepoRoot();
export const strimziDir = join(repoRoot, 'strimzi');
export const overlayDir = (profile: Profile): string => join(strimziDir, 'overlays', profile);
export const componentDir = (name: string): string => join(strimziDir, 'components', name);
export const PROFILES: ReadonlyArray<Profile> = ['dev', 'prod'];

/** The word-count application's input topic: internal topics must have its partition count. */
export const INPUT_TOPIC = 'sentences';
/** The one file naming the word-count internal topics (compared with the real topology elsewhere). */
export const INTERNAL_TOPICS_FILE = join(strimziDir, 'base', 'topics', 'word-count-internal-topics.yaml');

/** Topic names declared in word-count-internal-topics.yaml. */
export function readInternalTopicNames(file: string = INTERNAL_TOPICS_FILE): string[] {
  return readManifestFile(file)
    .filter((m) => m.kind === 'KafkaTopic')
    .map((m) => ((m.spec as { topicName?: string } | undefined)?.topicName ?? m.metadata?.name ?? '') as string);
}

/** Every Streams application's internal topics: the KafkaTopics of strimzi/base/topics/*-internal-topics.yaml. */
export function readAllInternalTopicNames(): string[] {
  const dir = join(strimziDir, 'base', 'topics');
  return readdirSync(dir)
    .filter((file) => file.endsWith('-internal-topics.yaml'))
    .sort()
    .flatMap((file) => readInternalTopicNames(join(dir, file)));
}

let validator: ManifestSchemaValidator | undefined;
export function schemaValidator(): ManifestSchemaValidator {
  validator ??= new ManifestSchemaValidator(schemasDir(repoRoot));
  return validator;
}

/** Schema problems then policy problems of one rendered overlay; empty when it is acceptable. */
export function validateOverlay(manifests: ReadonlyArray<Manifest>, profile: Profile): string[] {
  return [
    ...schemaValidator().validateAll(manifests),
    ...checkPolicies(manifests, {
      profile,
      kafkaVersion: readPinnedVersions(repoRoot).KAFKA_VERSION,
      inputTopic: INPUT_TOPIC,
      internalTopics: readAllInternalTopicNames(),
    }),
  ];
}
