// docker-compose.yml read as data: its services, their environment and how they connect.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isServiceName, type ServiceName } from './service-configs.js';
import { repoRoot } from './strimzi.js';

export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context?: string; readonly dockerfile?: string };
  readonly environment?: Readonly<Record<string, string | number | boolean | null>>;
  readonly ports?: ReadonlyArray<string>;
  readonly volumes?: ReadonlyArray<string>;
  readonly depends_on?: Readonly<Record<string, { readonly condition?: string }>>;
  readonly healthcheck?: { readonly test?: ReadonlyArray<string> };
  readonly read_only?: boolean;
  readonly tmpfs?: ReadonlyArray<string>;
  readonly stop_grace_period?: string;
}
export interface ComposeFile {
  readonly services: Readonly<Record<string, ComposeService>>;
  readonly volumes?: Readonly<Record<string, unknown>>;
}

export const composeFile = join(repoRoot, 'docker-compose.yml');

/** The compose file with YAML merge keys (`<<: *anchor`) resolved, as Compose reads it. */
export function readCompose(path: string = composeFile): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/** The project service a compose service runs: the one whose Dockerfile it builds. */
export function serviceOfCompose(service: ComposeService): ServiceName | undefined {
  const match = /^services\/([^/]+)\/Dockerfile$/.exec(service.build?.dockerfile ?? '');
  return match && isServiceName(match[1]!) ? match[1] : undefined;
}

/** Compose services running one of the project's services, by compose name. */
export function appServices(compose: ComposeFile): Array<[string, ComposeService, ServiceName]> {
  return Object.entries(compose.services).flatMap(([name, service]) => {
    const app = serviceOfCompose(service);
    return app ? [[name, service, app] as [string, ComposeService, ServiceName]] : [];
  });
}

export function environmentOf(service: ComposeService): Map<string, string> {
  return new Map(Object.entries(service.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** `TOPICS` of the one-shot topic service: `name partitions key=value...` per line. */
export function composeTopics(
  compose: ComposeFile,
  service = 'topics',
): Map<string, { partitions: number; config: Record<string, string> }> {
  const text = String(compose.services[service]?.environment?.TOPICS ?? '');
  return new Map(
    text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[0])
      .map(([name, partitions, ...configs]) => [
        name!,
        {
          partitions: Number(partitions),
          config: Object.fromEntries(configs.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)])),
        },
      ]),
  );
}

/** Seconds of a compose duration such as `40s`, `1m30s`. */
export function durationSeconds(text: string): number {
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    seconds += Number(amount) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  return seconds;
}
