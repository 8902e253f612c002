// Structural validation of rendered manifests against the strict JSON schemas in <repo>/../shared/schemas.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describeManifest, type Manifest } from './manifests.js';

/** apiVersion + kind → schema file (relative to the schemas folder). Anything else is rejected. */
export const SCHEMA_FILES: Readonly<Record<string, string>> = {
  'kafka.strimzi.io/v1 Kafka': 'strimzi/kafka_v1.json',
  'kafka.strimzi.io/v1 KafkaNodePool': 'strimzi/kafkanodepool_v1.json',
  'kafka.strimzi.io/v1 KafkaTopic': 'strimzi/kafkatopic_v1.json',
  'kafka.strimzi.io/v1 KafkaUser': 'strimzi/kafkauser_v1.json',
  'kafka.strimzi.io/v1 KafkaBridge': 'strimzi/kafkabridge_v1.json',
  'kafka.strimzi.io/v1 KafkaRebalance': 'strimzi/kafkarebalance_v1.json',
  'route.openshift.io/v1 Route': 'openshift/route_v1.json',
  'build.openshift.io/v1 BuildConfig': 'openshift/buildconfig_v1.json',
  'image.openshift.io/v1 ImageStream': 'openshift/imagestream_v1.json',
  'monitoring.coreos.com/v1 PodMonitor': 'monitoring/podmonitor_v1.json',
  'monitoring.coreos.com/v1 ServiceMonitor': 'monitoring/servicemonitor_v1.json',
  'monitoring.coreos.com/v1 PrometheusRule': 'monitoring/prometheusrule_v1.json',
};

/** The shared schemas live beside the repository: `<repo root>/../shared/schemas`. */
export function schemasDir(repoRoot: string): string {
  return process.env.MANIFEST_SCHEMAS_DIR ?? join(repoRoot, '..', 'shared', 'schemas');
}

// ajv-formats is CommonJS: depending on the loader its function is the default export or its `.default`.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

function formatError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '(root)' : error.instancePath;
  if (error.keyword === 'additionalProperties')
    return `${at}: unknown field "${String(error.params.additionalProperty)}"`;
  if (error.keyword === 'enum') return `${at}: ${error.message} ${JSON.stringify(error.params.allowedValues)}`;
  return `${at}: ${error.message}`;
}

export class ManifestSchemaValidator {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly dir: string) {
    if (!existsSync(dir))
      throw new Error(
        `JSON schemas not found at ${dir} (expected <repo root>/../shared/schemas, or MANIFEST_SCHEMAS_DIR)`,
      );
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // Kubernetes' numeric formats.
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
    });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  }

  private validatorFor(key: string): ValidateFunction | undefined {
    const file = SCHEMA_FILES[key];
    if (file === undefined) return undefined;
    let validate = this.validators.get(key);
    if (validate === undefined) {
      const schema = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as Record<string, unknown>;
      delete schema.$schema;
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Problems with one object; empty when it is valid. An apiVersion/kind without a schema is a problem. */
  validate(manifest: Manifest): string[] {
    const what = `${describeManifest(manifest)} (${manifest.source})`;
    if (typeof manifest.apiVersion !== 'string' || typeof manifest.kind !== 'string')
      return [`${what}: apiVersion and kind must be strings`];
    const problems: string[] = [];
    if (typeof manifest.metadata?.name !== 'string' || manifest.metadata.name === '')
      problems.push(`${what}: metadata.name is missing`);
    const key = `${manifest.apiVersion} ${manifest.kind}`;
    const validate = this.validatorFor(key);
    if (validate === undefined) {
      const hint = manifest.apiVersion.startsWith('kafka.strimzi.io/')
        ? ' (Strimzi 1.x serves only kafka.strimzi.io/v1)'
        : ' (no schema for this kind: add one to the validator, or validate it with kubernetes-models)';
      return [...problems, `${what}: unknown kind ${manifest.apiVersion} ${manifest.kind}${hint}`];
    }
    const { source: _source, ...object } = manifest;
    if (!validate(object)) problems.push(...(validate.errors ?? []).map((error) => `${what}: ${formatError(error)}`));
    return problems;
  }

  validateAll(manifests: ReadonlyArray<Manifest>): string[] {
    return manifests.flatMap((manifest) => this.validate(manifest));
  }
}
