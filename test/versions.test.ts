// versions.env is the one place where platform versions are pinned; everything else must agree with it.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { findRepoRoot, readPinnedVersions } from '../tools/versions.ts';

const root = findRepoRoot();
const pinned = readPinnedVersions(root);

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && accept(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('pinned versions agree everywhere', () => {
  it('the node devDependency is the pinned Node version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(pkg.devDependencies.node).toBe(pinned.NODE_VERSION);
    expect(readFileSync(join(root, '.nvmrc'), 'utf8').trim()).toBe(pinned.NODE_VERSION.split('.')[0]);
  });

  it('every apache/kafka image in compose files is the pinned Kafka version', () => {
    const isCompose = (name: string): boolean => /^(docker-)?compose.*\.ya?ml$/.test(name);
    const composeFiles = [
      ...readdirSync(root)
        .filter(isCompose)
        .map((name) => join(root, name)),
      ...filesUnder(join(root, 'test'), isCompose),
    ];
    expect(composeFiles.length).toBeGreaterThan(0);
    for (const file of composeFiles) {
      const tags = [...readFileSync(file, 'utf8').matchAll(/apache\/kafka:([^\s'"]+)/g)].map((m) => m[1]);
      expect({ file: relative(root, file), tags }).toEqual({
        file: relative(root, file),
        tags: tags.map(() => pinned.KAFKA_VERSION),
      });
    }
  });

  it('every Strimzi Kafka resource runs the pinned Kafka version', () => {
    for (const file of filesUnder(join(root, 'strimzi'), (name) => /\.ya?ml$/.test(name))) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
        const resource = doc.toJS() as { kind?: string; spec?: { kafka?: { version?: string } } } | null;
        if (resource?.kind === 'Kafka')
          expect({ file, version: resource.spec?.kafka?.version }).toEqual({ file, version: pinned.KAFKA_VERSION });
      }
    }
  });

  it('service images build FROM the pinned Node version', () => {
    for (const file of filesUnder(join(root, 'services'), (name) => name === 'Dockerfile')) {
      // The node image, however qualified (`node:`, `docker.io/library/node:`, `${NODE_IMAGE}:`).
      const froms = [...readFileSync(file, 'utf8').matchAll(/^FROM\s+\S*(?:node|\$\{NODE_IMAGE\}):(\S+)/gm)].map(
        (m) => m[1],
      );
      expect({ file, froms: froms.length }).toEqual({ file, froms: 3 });
      for (const tag of froms)
        expect({ file, tag }).toEqual({
          file,
          tag: expect.stringMatching(
            new RegExp(`^(\\$\\{NODE_VERSION\\}|${pinned.NODE_VERSION.replaceAll('.', '\\.')})-`),
          ),
        });
    }
  });

  it('the tools and the e2e container read versions.env rather than retyping versions', () => {
    const readers = [
      'tools/docker/build-images.sh',
      'tools/kafka/process-broker.ts',
      'test/e2e/support/kafka-container.ts',
    ];
    for (const file of readers) {
      const text = readFileSync(join(root, file), 'utf8');
      expect({ file, mentionsVersionsEnv: /versions(\.env|\.ts)|readPinnedVersions/.test(text) }).toEqual({
        file,
        mentionsVersionsEnv: true,
      });
      expect({ file, retyped: text.includes(pinned.KAFKA_VERSION) }).toEqual({ file, retyped: false });
    }
  });
});
