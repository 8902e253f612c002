// Rendering kustomizations with kubectl and reading manifest files into plain objects.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { findRepoRoot } from '../../../tools/versions.ts';

export interface Metadata {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A Kubernetes object as rendered: only the envelope is typed; `spec` is checked by the schemas. */
export interface Manifest {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: Metadata;
  readonly spec?: unknown;
  /** Where it came from (overlay or file), for messages; not part of the object. */
  readonly source: string;
}

const KUBECTL_HINT =
  'kubectl (>= 1.27, with kustomize v5 built in) is needed to render strimzi/ and openshift/ and was not found ' +
  'on PATH. Install it (https://kubernetes.io/docs/tasks/tools/, or the OpenShift `oc` client and set KUBECTL=oc), ' +
  'point KUBECTL at its path, or run tools/docker/ensure-kustomize.sh to build kustomize from its Go module.';

/** kustomize built by tools/docker/ensure-kustomize.sh where no kubectl is installed. */
const LOCAL_KUSTOMIZE = join(findRepoRoot(), '.local', 'kustomize', 'bin', 'kustomize');

/** The kubectl binary: $KUBECTL, else `kubectl` from PATH. */
export function kubectlCommand(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

/** Parses a multi-document YAML text; empty documents are skipped, syntax errors throw. */
export function parseManifests(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${source}: YAML error: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value == null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${source}: a document is not an object`);
    manifests.push({ ...(value as Omit<Manifest, 'source'>), source });
  }
  return manifests;
}

export function readManifestFile(path: string): Manifest[] {
  return parseManifests(readFileSync(path, 'utf8'), path);
}

/**
 * `kubectl kustomize <dir>` (or, without kubectl, `kustomize build <dir>` of the locally built kustomize): the
 * rendered objects. Throws with the tool's message on failure.
 */
export function renderKustomization(dir: string): Manifest[] {
  let result = spawnSync(kubectlCommand(), ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let tool = 'kubectl kustomize';
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && process.env.KUBECTL === undefined) {
    if (!existsSync(LOCAL_KUSTOMIZE)) throw new Error(KUBECTL_HINT);
    result = spawnSync(LOCAL_KUSTOMIZE, ['build', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    tool = 'kustomize build';
  }
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(KUBECTL_HINT);
    throw result.error;
  }
  if (result.status !== 0) throw new Error(`${tool} ${dir} failed (exit ${result.status}):\n${result.stderr}`);
  return parseManifests(result.stdout, dir);
}

/**
 * Renders `base` (a kustomization directory) with extra components, as a user would by adding them to an
 * overlay's `components:`, through a throwaway kustomization in the temp folder (with the overlay's namespace).
 */
export function renderWithComponents(base: string, components: ReadonlyArray<string>): Manifest[] {
  const dir = mkdtempSync(join(tmpdir(), 'kustomize-'));
  // In the overlay itself, its namespace would apply to what the components add too.
  const namespace = (parse(readFileSync(join(base, 'kustomization.yaml'), 'utf8')) as { namespace?: string } | null)
    ?.namespace;
  try {
    const rel = (target: string): string => relative(dir, target);
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        ...(namespace === undefined ? [] : [`namespace: ${namespace}`]),
        'resources:',
        `  - ${rel(base)}`,
        'components:',
        ...components.map((component) => `  - ${rel(component)}`),
        '',
      ].join('\n'),
    );
    return renderKustomization(dir).map((manifest) => ({
      ...manifest,
      source: `${base} + ${components.join(' + ')}`,
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `Kind/name` for messages. */
export function describeManifest(manifest: Manifest): string {
  return `${String(manifest.kind)}/${manifest.metadata?.name ?? '<no name>'}`;
}
