// The services' Dockerfiles: one pattern (only the service's name and state directory differ), the pinned
// Node base, nothing only BuildKit understands, and what OpenShift's restricted-v2 and the orchestrators need.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readPinnedVersions } from '../../tools/versions.ts';
import { appServices, environmentOf, readCompose } from './support/compose.js';
import { effectiveValue, hasVariable, SERVICE_NAMES, type ServiceName } from './support/service-configs.js';
import { repoRoot } from './support/strimzi.js';

const dockerfile = (service: ServiceName): string =>
  readFileSync(join(repoRoot, 'services', service, 'Dockerfile'), 'utf8');
const argDefault = (text: string, name: string): string[] =>
  [...text.matchAll(new RegExp(`^ARG ${name}=(.*)$`, 'gm'))].map((m) => m[1]!);
/** The Dockerfile with the service's own values replaced by placeholders. */
const pattern = (service: ServiceName): string =>
  dockerfile(service)
    .replaceAll(service, '<service>')
    .replace(/^ARG STATE_DIR=.*$/m, 'ARG STATE_DIR=<state dir>');
const finalStage = (text: string): string => text.slice(text.lastIndexOf('\nFROM '));

/** A registry host leads the name (a dot or port in the first component, or localhost): no search list applies. */
const isFullyQualified = (image: string): boolean => {
  const [first, ...rest] = image.split('/');
  return rest.length > 0 && (/[.:]/.test(first!) || first === 'localhost');
};

/** The final stage's FROM, with the Dockerfile's ARG defaults (or `args`) substituted. */
function baseImageOf(text: string, args: Record<string, string>): string {
  const from = finalStage(text).match(/^FROM (\S+)/m)![1]!;
  return from.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? argDefault(text, name)[0] ?? '');
}

/** `NAME="..."` of a shell script, with the versions.env variables it reads substituted. */
function shellAssignment(script: string, name: string): string {
  const pinned = readPinnedVersions(repoRoot);
  const value = new RegExp(`^${name}="([^"]*)"$`, 'm').exec(readFileSync(join(repoRoot, script), 'utf8'))?.[1];
  if (value === undefined) throw new Error(`${script} assigns no ${name}`);
  const known: Record<string, string> = {
    NODE_VERSION: pinned.NODE_VERSION,
    DEBIAN_SUITE: pinned.DEBIAN_SUITE,
    NODE_MAJOR: pinned.NODE_VERSION.split('.')[0]!,
  };
  return value.replace(/\$\{(\w+)\}/g, (whole, variable: string) => known[variable] ?? whole);
}

describe('service Dockerfiles', () => {
  it('every service has one, and they are the same pattern', () => {
    for (const service of SERVICE_NAMES)
      expect(existsSync(join(repoRoot, 'services', service, 'Dockerfile'))).toBe(true);
    for (const service of SERVICE_NAMES)
      expect({ service, pattern: pattern(service) }).toEqual({ service, pattern: pattern('producer') });
  });

  it.each(SERVICE_NAMES)('%s: the Node base pinned in versions.env, classic-builder syntax only', (service) => {
    const text = dockerfile(service);
    const pinned = readPinnedVersions(repoRoot);
    expect(argDefault(text, 'NODE_VERSION')).toEqual([pinned.NODE_VERSION]);
    expect(argDefault(text, 'DEBIAN_SUITE')).toEqual([pinned.DEBIAN_SUITE]);
    expect([...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(
      Array(3).fill('${NODE_IMAGE}:${NODE_VERSION}-${DEBIAN_SUITE}-slim'),
    );
    expect(argDefault(text, 'SERVICE')).toEqual([service, service]);
    const instructions = text.replace(/^\s*#.*$/gm, '');
    expect(instructions).not.toMatch(/--mount|<<\s*['"A-Z-]/);
    expect(text).not.toMatch(/^# syntax=/m);
  });

  it.each(SERVICE_NAMES)('%s: the base image is fully qualified (no short-name resolution)', (service) => {
    const [image] = argDefault(dockerfile(service), 'NODE_IMAGE');
    expect(argDefault(dockerfile(service), 'NODE_IMAGE')).toEqual([image]);
    expect(isFullyQualified(image!)).toBe(true);
    expect(image).toBe('docker.io/library/node');
  });

  it('the local builds provide and look for the base under the name the Dockerfiles resolve', () => {
    // Without a registry, build-images.sh builds a stand-in and build-service-images.sh checks it is there.
    const pinned = readPinnedVersions(repoRoot);
    const resolved = baseImageOf(dockerfile('producer'), {});
    expect(resolved).toBe(`docker.io/library/node:${pinned.NODE_VERSION}-${pinned.DEBIAN_SUITE}-slim`);
    expect(shellAssignment('tools/docker/build-service-images.sh', 'NODE_IMAGE')).toBe(resolved);
    expect(shellAssignment('tools/docker/build-images.sh', 'NODE_IMAGE_EXACT')).toBe(resolved);
  });

  it('names are judged qualified as container engines do', () => {
    expect(['node', 'library/node', 'bitnami/node'].map(isFullyQualified)).toEqual([false, false, false]);
    expect(
      ['docker.io/library/node', 'quay.io/x/node', 'localhost/node', 'mirror:5000/node'].map(isFullyQualified),
    ).toEqual([true, true, true, true]);
  });

  it.each(SERVICE_NAMES)('%s: non-root numeric user, tini as PID 1, port 8080, a health check', (service) => {
    const stage = finalStage(dockerfile(service));
    expect(stage).toMatch(/^USER [1-9]\d*$/m);
    expect(stage).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    expect(stage).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(stage).toMatch(/^EXPOSE 8080$/m);
    expect(effectiveValue(service, 'PORT', undefined)).toBe(8080);
    expect(stage).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
  });

  // Stateful services: those whose image prepares a state directory (ARG STATE_DIR not empty).
  const stateful = SERVICE_NAMES.filter((service) => argDefault(dockerfile(service), 'STATE_DIR')[0] !== '');

  it.each(stateful)(
    '%s: the state directory the image prepares is where compose and openshift/ keep its state',
    (app) => {
      const [stateDir] = argDefault(dockerfile(app), 'STATE_DIR');
      const configMap = readFileSync(join(repoRoot, 'openshift', 'base', 'kustomization.yaml'), 'utf8');
      expect(configMap).toContain(`STATE_DIR=${stateDir}`);
      for (const [name, service, composeApp] of appServices(readCompose()))
        if (composeApp === app)
          expect({ name, stateDir: environmentOf(service).get('STATE_DIR') }).toEqual({ name, stateDir });
    },
  );

  it('services without a state directory of their own keep what they write under /tmp (writable everywhere)', () => {
    for (const service of SERVICE_NAMES.filter((s) => !stateful.includes(s))) {
      expect(argDefault(dockerfile(service), 'STATE_DIR')).toEqual(['']);
      if (hasVariable(service, 'STATE_DIR'))
        expect({ service, stateDir: effectiveValue(service, 'STATE_DIR', undefined) }).toEqual({
          service,
          stateDir: expect.stringMatching(/^\/tmp\//),
        });
    }
  });

  it('.dockerignore keeps local installs, build output and machine state out of the context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '**/*.tsbuildinfo', '.git', '.local'])
      expect(ignored).toContain(entry);
  });
});
