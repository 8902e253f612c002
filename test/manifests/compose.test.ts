// docker-compose.yml without Docker: the apps' environments are what their config schemas accept, the
// one-shot topic setup creates exactly strimzi/'s topics, and the services are wired as the README says.
// (test/e2e/compose.e2e.test.ts runs it.)
import { describe, expect, it } from '@jest/globals';
import { renderKustomization } from './support/manifests.js';
import {
  appServices,
  composeTopics,
  durationSeconds,
  environmentOf,
  readCompose,
  type ComposeFile,
} from './support/compose.js';
import { checkEnvironment, effectiveValue, hasVariable, SERVICE_NAMES } from './support/service-configs.js';
import { strimziDir } from './support/strimzi.js';
import { join } from 'node:path';

const compose: ComposeFile = readCompose();
const apps = appServices(compose);
const strimziTopics = () =>
  renderKustomization(join(strimziDir, 'base'))
    .filter((m) => m.kind === 'KafkaTopic')
    .map((m) => {
      const spec = m.spec as { topicName?: string; partitions: number; config?: Record<string, unknown> };
      const config = Object.fromEntries(Object.entries(spec.config ?? {}).map(([k, v]) => [k, String(v)]));
      return [spec.topicName ?? m.metadata!.name!, { partitions: spec.partitions, config }] as const;
    });

describe('docker-compose.yml', () => {
  it('runs every service: producer, two word-count instances, query-api', () => {
    expect(apps.map(([name, , app]) => `${name}:${app}`).sort()).toEqual(
      ['producer:producer', 'query-api:query-api', 'word-count-1:word-count', 'word-count-2:word-count'].sort(),
    );
    expect(new Set(apps.map(([, , app]) => app))).toEqual(new Set(SERVICE_NAMES));
  });

  it.each(apps.map(([name, service, app]) => [name, service, app] as const))(
    '%s: its environment is exactly what its config schema accepts and requires',
    (name, service, app) => {
      expect(checkEnvironment(app, environmentOf(service), `compose service ${name}`)).toEqual([]);
    },
  );

  it('creates exactly the topics of strimzi/base, with their partition counts and configs', () => {
    const expected = Object.fromEntries(strimziTopics());
    expect(Object.fromEntries(composeTopics(compose))).toEqual(expected);
  });

  it('the apps reach Kafka on its internal listener', () => {
    const advertised = String(compose.services.kafka?.environment?.KAFKA_ADVERTISED_LISTENERS ?? '');
    const internal = /INTERNAL:\/\/([^,]+)/.exec(advertised)?.[1];
    expect(internal).toBe('kafka:29092');
    for (const [name, service] of apps)
      expect({ name, bootstrap: environmentOf(service).get('KAFKA_BOOTSTRAP_SERVERS') }).toEqual({
        name,
        bootstrap: internal,
      });
  });

  it('starts the topic setup once Kafka is healthy, and the apps once it completed', () => {
    expect(compose.services.topics?.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
    for (const [name, service] of apps)
      expect({ name, depends_on: service.depends_on }).toEqual({
        name,
        depends_on: { topics: { condition: 'service_completed_successfully' } },
      });
  });

  it('word-count instances have their own identity, address and state volume', () => {
    const instances = apps.filter(([, , app]) => app === 'word-count');
    expect(instances.length).toBeGreaterThanOrEqual(2);
    const ids = new Set<string>();
    const volumes = new Set<string>();
    for (const [name, service] of instances) {
      const env = environmentOf(service);
      ids.add(env.get('INSTANCE_ID')!);
      const port = effectiveValue('word-count', 'PORT', env.get('PORT'));
      expect({ name, server: env.get('APPLICATION_SERVER') }).toEqual({ name, server: `${name}:${String(port)}` });
      const stateDir = String(effectiveValue('word-count', 'STATE_DIR', env.get('STATE_DIR')));
      const volume = (service.volumes ?? []).find((v) => v.endsWith(`:${stateDir}`))?.split(':')[0];
      expect({ name, volume: volume !== undefined && volume in (compose.volumes ?? {}) }).toEqual({
        name,
        volume: true,
      });
      volumes.add(volume!);
    }
    expect(ids.size).toBe(instances.length);
    expect(volumes.size).toBe(instances.length);
  });

  it('every app: health check, read-only root with a writable /tmp, published port, stop grace above its shutdown', () => {
    const published = new Set<string>();
    for (const [name, service, app] of apps) {
      expect({ name, healthcheck: service.healthcheck?.test?.join(' ') }).toEqual({
        name,
        healthcheck: expect.stringContaining('/health/ready'),
      });
      expect({ name, read_only: service.read_only, tmpfs: service.tmpfs }).toEqual({
        name,
        read_only: true,
        tmpfs: ['/tmp'],
      });
      const [port] = service.ports ?? [];
      expect({ name, port }).toEqual({ name, port: expect.stringMatching(/:8080$/) });
      published.add(port!.replace(/:8080$/, ''));
      const env = environmentOf(service);
      if (hasVariable(app, 'SHUTDOWN_GRACE_MS')) {
        const grace = effectiveValue(app, 'SHUTDOWN_GRACE_MS', env.get('SHUTDOWN_GRACE_MS'));

        expect({
          name,
          stopGraceSeconds: durationSeconds(service.stop_grace_period ?? '10s') > Number(grace) / 1000,
        }).toEqual({
          name,
          stopGraceSeconds: true,
        });
      }
    }
    expect(published.size).toBe(apps.length);
  });

  it('publishes every port on 127.0.0.1 unless HOST_BIND_ADDRESS says otherwise (nothing authenticates)', () => {
    const published = Object.entries(compose.services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port })),
    );
    expect(published.map(({ name }) => name).sort()).toEqual(
      ['kafka', 'producer', 'query-api', 'word-count-1', 'word-count-2'].sort(),
    );
    for (const { name, port } of published)
      expect({ name, port }).toEqual({
        name,
        port: expect.stringMatching(/^\$\{HOST_BIND_ADDRESS:-127\.0\.0\.1\}:\$\{[A-Z0-9_]+_HOST_PORT:-\d+\}:\d+$/),
      });
  });

  it("word-count and query-api name the streams library's client: platformatic, the default", () => {
    const clients = apps
      .filter(([, , app]) => app === 'word-count' || app === 'query-api')
      .map(([name, service]) => [name, environmentOf(service).get('KAFKA_STREAMS_CLIENT')]);
    expect(clients).toEqual([
      ['word-count-1', 'platformatic'],
      ['word-count-2', 'platformatic'],
      ['query-api', 'platformatic'],
    ]);
  });

  it('word-count and query-api agree on the window size', () => {
    const sizes = new Set(
      apps
        .filter(([, , app]) => app === 'word-count' || app === 'query-api')
        .map(([, service, app]) => effectiveValue(app, 'WINDOW_SIZE_MS', environmentOf(service).get('WINDOW_SIZE_MS'))),
    );
    expect(sizes.size).toBe(1);
  });
});
