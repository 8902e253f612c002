// The READMEs' apply sequence, as the project admin `oc new-project` makes would follow it: every command that
// needs a cluster admin is announced as such, and comes before the first `oc apply -k`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type DocumentedCommand, documentedCommands } from './support/readme.js';
import { repoRoot } from './support/strimzi.js';

/**
 * What a project admin may not do: anything in the operators' or monitoring namespaces, cluster-scoped
 * objects (StorageClasses, operators and their CRDs), and granting roles.
 */
const CLUSTER_ADMIN_ONLY: ReadonlyArray<RegExp> = [
  /\bopenshift-(operators|monitoring|marketplace)\b/,
  /\boc adm\b/,
  /\bstrimzi\/operator\//,
  /\bstorageclass\b.*\bpatch\b|\bpatch storageclass\b/,
  /\bhelm install\b/,
  /\bkubectl create namespace\b/,
  /strimzi\.io\/install/,
];
const needsClusterAdmin = (command: string): boolean => CLUSTER_ADMIN_ONLY.some((rule) => rule.test(command));
const announced = (c: DocumentedCommand): boolean =>
  [...c.headings, c.lead].some((text) => /\ba cluster admin\b|\bthe cluster admin\b/i.test(text));

const READMES = ['openshift/README.md', 'strimzi/README.md'];
const commandsOf = (readme: string): DocumentedCommand[] =>
  documentedCommands(readFileSync(join(repoRoot, readme), 'utf8'));

describe.each(READMES)('%s', (readme) => {
  it('announces every cluster-admin command as one (in its heading or the text just before it)', () => {
    const unannounced = commandsOf(readme)
      .filter((c) => needsClusterAdmin(c.command) && !announced(c))
      .map((c) => `line ${c.line}: ${c.command}`);
    expect(unannounced).toEqual([]);
  });

  it('puts the cluster-admin steps of the operator before the first oc apply -k', () => {
    const commands = commandsOf(readme);
    const firstApply = commands.find((c) => /^oc apply -k\b/.test(c.command));
    const operator = commands.find((c) => /strimzi\/operator\/subscription\.yaml/.test(c.command));
    expect(firstApply).toBeDefined();
    expect(operator).toBeDefined();
    expect(operator!.line).toBeLessThan(firstApply!.line);
  });
});

describe('the checks of the sequence', () => {
  const markdown = [
    '## Deploy',
    '',
    '```bash',
    'oc new-project demo',
    'oc apply -f strimzi/operator/subscription.yaml',
    'oc apply -k strimzi/overlays/dev',
    '```',
    '',
    '### Metrics',
    '',
    'A cluster admin enables user-workload monitoring:',
    '',
    '```bash',
    'oc -n openshift-monitoring patch configmap cluster-monitoring-config \\',
    "  -p '{}'",
    '```',
  ].join('\n');

  it('find a cluster-admin step hidden among the project admin steps, and accept an announced one', () => {
    const commands = documentedCommands(markdown);
    expect(commands.map((c) => c.command)).toEqual([
      'oc new-project demo',
      'oc apply -f strimzi/operator/subscription.yaml',
      'oc apply -k strimzi/overlays/dev',
      "oc -n openshift-monitoring patch configmap cluster-monitoring-config -p '{}'",
    ]);
    expect(commands.filter((c) => needsClusterAdmin(c.command) && !announced(c)).map((c) => c.line)).toEqual([5]);
  });
});
