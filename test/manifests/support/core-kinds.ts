// Validation of core Kubernetes kinds (Deployment, Service, ...) with the `kubernetes-models` package, in two
// passes:
//   1. its validators (types, formats, required fields, enums) on every object;
//   2. its TypeScript interfaces: the objects are written into a generated module as typed object literals
//      and type-checked, so a field the interface does not declare (a misspelling) is an error. The
//      package's runtime validators accept unknown fields, the compiler's excess-property check does not.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { Service, ConfigMap } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { describeManifest, type Manifest } from './manifests.js';

interface CoreKind {
  /** The model class: `new Model(data).validate()` throws on invalid data. */
  readonly model: new (data: never) => { validate(): void };
  /** `kubernetes-models/<module>` exports `I<Kind>`. */
  readonly module: string;
}

export const CORE_KINDS: Readonly<Record<string, CoreKind>> = {
  'v1 Service': { model: Service, module: 'v1/Service' },
  'v1 ConfigMap': { model: ConfigMap, module: 'v1/ConfigMap' },
  'apps/v1 Deployment': { model: Deployment, module: 'apps/v1/Deployment' },
  'apps/v1 StatefulSet': { model: StatefulSet, module: 'apps/v1/StatefulSet' },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'autoscaling/v2/HorizontalPodAutoscaler',
  },
  'policy/v1 PodDisruptionBudget': { model: PodDisruptionBudget, module: 'policy/v1/PodDisruptionBudget' },
  'networking.k8s.io/v1 NetworkPolicy': { model: NetworkPolicy, module: 'networking.k8s.io/v1/NetworkPolicy' },
};

export const coreKindOf = (manifest: Manifest): CoreKind | undefined =>
  CORE_KINDS[`${String(manifest.apiVersion)} ${String(manifest.kind)}`];

const objectOf = (manifest: Manifest): Record<string, unknown> => {
  const { source: _source, ...object } = manifest;
  return object;
};

/** Pass 1: kubernetes-models' runtime validators. */
function validateWithModels(manifests: ReadonlyArray<Manifest>): string[] {
  return manifests.flatMap((manifest) => {
    const kind = coreKindOf(manifest);
    if (kind === undefined) return [];
    try {
      new kind.model(objectOf(manifest) as never).validate();
      return [];
    } catch (error) {
      return [`${describeManifest(manifest)} (${manifest.source}): ${(error as Error).message}`];
    }
  });
}

/** The folder whose node_modules holds kubernetes-models: where the generated module must "live". */
function packageRoot(): string {
  let dir = process.cwd();
  while (!existsSync(join(dir, 'node_modules', 'kubernetes-models', 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('kubernetes-models is not installed (npm ci)');
    dir = parent;
  }
  return dir;
}

/** Pass 2: every object as a typed literal in one generated module; type errors name the object. */
function typeCheckWithModels(manifests: ReadonlyArray<Manifest>): string[] {
  const core = manifests.filter((m) => coreKindOf(m) !== undefined);
  if (core.length === 0) return [];
  const modules = [...new Set(core.map((m) => coreKindOf(m)!.module))];
  const typeName = (module: string): string => `I${module.split('/').at(-1)!}`;
  const alias = (module: string): string => `T_${module.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = [
    ...modules.map(
      (module) => `import type { ${typeName(module)} as ${alias(module)} } from 'kubernetes-models/${module}';`,
    ),
    ...core.map(
      (m, i) => `export const m${i}: ${alias(coreKindOf(m)!.module)} = ${JSON.stringify(objectOf(m), null, 1)};`,
    ),
  ];
  const root = packageRoot();
  const file = join(root, '.core-kinds-check.ts');
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  host.readFile = (name) => (name === file ? source : readFile.call(host, name));
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === file
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile.call(host, name, languageVersion, ...rest);
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file)!;
  return ts.getPreEmitDiagnostics(program, sourceFile).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.start === undefined) return message;
    // Which object: the `export const m<i>` the error position falls in.
    const statement = sourceFile.statements.find((s) => diagnostic.start! >= s.pos && diagnostic.start! < s.end);
    const index = statement ? sourceFile.statements.indexOf(statement) - modules.length : -1;
    const manifest = core[index];
    const what = manifest ? `${describeManifest(manifest)} (${manifest.source})` : 'generated module';
    return `${what}: ${message}`;
  });
}

/** Problems of the core-kind objects among `manifests`; other kinds are ignored here. */
export function validateCoreKinds(manifests: ReadonlyArray<Manifest>): string[] {
  return [...validateWithModels(manifests), ...typeCheckWithModels(manifests)];
}
