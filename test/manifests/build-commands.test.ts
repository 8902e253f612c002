// The in-cluster builds are binary builds: what `oc start-build` uploads is the build context. The upload
// does not honour .dockerignore, so every documented command uploads the committed tree (--from-repo, or an
// archive made by `git archive`), never the working directory with node_modules/ and .local/ (--from-dir).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from './support/strimzi.js';

/** Files that document how to deploy: the READMEs and the manifests' comments. */
function deployDocs(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ya?ml|md|sh)$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name));
  return [join(repoRoot, 'README.md'), ...under('openshift'), ...under('strimzi')];
}

/** Every `oc start-build <name> ...` command of a text (in code, comments or prose; not the bare name). */
const startBuilds = (text: string): string[] =>
  [...text.matchAll(/oc start-build[ \t]+[^\s`][^\n`]*/g)].map((m) => m[0].replace(/\s+\(.*$/, '').trim());

/** Problems of one command: it must upload only tracked, committed files. */
function checkStartBuild(command: string): string[] {
  if (/--from-dir\b/.test(command)) return [`${command}: --from-dir uploads the working directory as it is`];
  if (/--from-repo\b/.test(command)) return [];
  const archive = /--from-archive[= ]"?([^\s"]+)/.exec(command)?.[1];
  if (archive !== undefined) return [];
  return [`${command}: uploads nothing from the checkout (use --from-repo=. or a git archive)`];
}

describe('documented oc start-build commands', () => {
  const commands = deployDocs().flatMap((file) =>
    startBuilds(readFileSync(file, 'utf8')).map((command) => ({ file: relative(repoRoot, file), command })),
  );

  it('are documented at all (the BuildConfigs and the READMEs)', () => {
    expect(new Set(commands.map((c) => c.file))).toEqual(
      new Set([
        'openshift/README.md',
        'openshift/base/producer/build.yaml',
        'openshift/base/query-api/build.yaml',
        'openshift/base/word-count/build.yaml',
      ]),
    );
  });

  it('upload the committed tree only', () => {
    expect(commands.flatMap(({ file, command }) => checkStartBuild(command).map((p) => `${file}: ${p}`))).toEqual([]);
  });

  it('the check rejects the working-directory upload', () => {
    expect(checkStartBuild('oc start-build producer --from-dir=. --follow')).toEqual([
      'oc start-build producer --from-dir=. --follow: --from-dir uploads the working directory as it is',
    ]);
    expect(checkStartBuild('oc start-build producer --follow')).toHaveLength(1);
    expect(checkStartBuild('oc start-build "$service" --from-archive="$ARCHIVE" --follow')).toEqual([]);
  });
});
