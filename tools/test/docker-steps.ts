// Set-up for the e2e project: a Docker engine, the images the tests and the compose file run, Compose v2, the
// services' images, and this machine's Testcontainers settings. The scripts in tools/docker do the work;
// these steps decide whether there is any, and say what is missing when it cannot be done here.
import { parseEnvFile, readPinnedVersions } from '../versions.ts';
import { lastLines, runScript, SCRIPT_EXCERPT_LINES } from './commands.ts';
import type { Machine } from './machine.ts';
import { MissingTool, type Step, StepFailed } from './step.ts';

/** Written by build-images.sh where Testcontainers' Ryuk image cannot be had (TESTCONTAINERS_RYUK_DISABLED). */
export const TESTCONTAINERS_ENV = '.local/docker/testcontainers.env';
/** Where ensure-compose.sh keeps the plugin it built, which it links again without Go. */
const BUILT_COMPOSE = '.local/compose/bin/docker-compose';

async function dockerEngineVersion(machine: Machine): Promise<string | undefined> {
  const info = await machine.ask('docker', ['info', '--format', '{{.ServerVersion}}']);
  return info.status === 0 ? info.stdout.trim() : undefined;
}

async function imagePresent(machine: Machine, image: string): Promise<boolean> {
  return (await machine.ask('docker', ['image', 'inspect', '--format', '{{.Id}}', image])).status === 0;
}

async function composeVersion(machine: Machine): Promise<string | undefined> {
  const answer = await machine.ask('docker', ['compose', 'version', '--short']);
  const version = answer.stdout.trim();
  return answer.status === 0 && /^v?2\./.test(version) ? version : undefined;
}

/** The images build-images.sh provides for the tests: the broker and the services' base. */
export function baseImages(machine: Machine): string[] {
  const { KAFKA_VERSION, NODE_VERSION, DEBIAN_SUITE } = readPinnedVersions(machine.root);
  return [`apache/kafka:${KAFKA_VERSION}`, `node:${NODE_VERSION.split('.')[0]}-${DEBIAN_SUITE}-slim`];
}

/** The reaper image Testcontainers pulls, found the way build-images.sh finds it. */
export function ryukImage(machine: Machine): string {
  const configured = machine.env.RYUK_CONTAINER_IMAGE;
  if (configured) return configured;
  const reaper = machine.readText('node_modules/testcontainers/build/reaper/reaper.js') ?? '';
  return /testcontainers\/ryuk:[0-9][0-9.]*/.exec(reaper)?.[0] ?? 'testcontainers/ryuk:0.14.0';
}

/**
 * What this clone knows about Ryuk, if build-images.sh has settled it: its image is there, or the script wrote
 * TESTCONTAINERS_ENV because it cannot be had. That file is per clone, the images are per machine: a new
 * clone on a machine with the images still needs the script to write it.
 */
async function ryukSettled(machine: Machine): Promise<string | undefined> {
  if (machine.exists(TESTCONTAINERS_ENV)) return `Ryuk off (${TESTCONTAINERS_ENV})`;
  const image = ryukImage(machine);
  return (await imagePresent(machine, image)) ? `${image} is present` : undefined;
}

async function missingImages(machine: Machine, images: ReadonlyArray<string>): Promise<string[]> {
  const present = await Promise.all(images.map((image) => imagePresent(machine, image)));
  return images.filter((_, index) => !present[index]);
}

export function dockerStep(machine: Machine): Step {
  return {
    name: 'docker',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const running = await dockerEngineVersion(machine);
      if (running) return { summary: `skipped: docker info answers (engine ${running})` };
      if (!machine.isRoot) {
        throw new MissingTool(
          'no Docker engine answers `docker info`, and installing or starting one (tools/docker/ensure-docker.sh) needs root. Install Docker (https://docs.docker.com/engine/install/) or start it, and let your user use its socket (the docker group).',
        );
      }
      await runScript(machine, 'docker', 'tools/docker/ensure-docker.sh');
      const started = await dockerEngineVersion(machine);
      return {
        summary: `tools/docker/ensure-docker.sh installed or started it: docker info answers (engine ${started})`,
      };
    },
  };
}

export function imagesStep(machine: Machine): Step {
  return {
    name: 'images',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const images = baseImages(machine);
      const missing = await missingImages(machine, images);
      const ryuk = await ryukSettled(machine);
      if (missing.length === 0 && ryuk !== undefined) {
        return { summary: `skipped: ${images.join(' and ')} are present; ${ryuk}` };
      }
      const run = await runScript(machine, 'images', 'tools/docker/build-images.sh');
      const stillMissing = await missingImages(machine, images);
      if (stillMissing.length > 0) {
        throw new StepFailed(
          `${stillMissing.join(' and ')} still missing after build-images.sh`,
          run.log,
          lastLines(run.output, SCRIPT_EXCERPT_LINES),
        );
      }
      const made = missing.length > 0 ? `pulled or built ${missing.join(' and ')}` : 'checked Ryuk';
      return { summary: `tools/docker/build-images.sh ${made}; ${await ryukSettled(machine)}` };
    },
  };
}

export function composeStep(machine: Machine): Step {
  return {
    name: 'compose',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const version = await composeVersion(machine);
      if (version) return { summary: `skipped: docker compose ${version} answers` };
      if (!machine.which('go') && !machine.exists(BUILT_COMPOSE)) {
        throw new MissingTool(
          'Docker Compose v2 (`docker compose`) is missing, and Go is not installed for tools/docker/ensure-compose.sh to build it. Install the Compose plugin (https://docs.docker.com/compose/install/linux/) or Go (apt-get install golang-go).',
        );
      }
      await runScript(machine, 'compose', 'tools/docker/ensure-compose.sh');
      const built = await composeVersion(machine);
      return { summary: `tools/docker/ensure-compose.sh built or linked the plugin: docker compose ${built} answers` };
    },
  };
}

/** One line from build-service-images.sh's `<image>: up to date` and `<image>: docker build` lines. */
export function serviceImagesSummary(output: string): string {
  const images = (verb: string) =>
    [...output.matchAll(new RegExp(`^\\[build-service-images\\] (\\S+): ${verb}`, 'gm'))].map((match) => match[1]!);
  const built = images('docker build');
  const upToDate = images('up to date');
  if (built.length === 0) return `skipped: ${upToDate.join(', ')} up to date (sources unchanged)`;
  return `built ${built.join(', ')}` + (upToDate.length > 0 ? `; ${upToDate.join(', ')} up to date` : '');
}

export function serviceImagesStep(machine: Machine): Step {
  return {
    name: 'service images',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      // The script's own source hash decides what to build: nothing when the services are unchanged.
      const run = await runScript(machine, 'service images', 'tools/docker/build-service-images.sh');
      return { summary: serviceImagesSummary(run.output) };
    },
  };
}

export function testcontainersEnvStep(machine: Machine): Step {
  return {
    name: 'testcontainers env',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const text = machine.readText(TESTCONTAINERS_ENV);
      if (text === undefined) return { summary: `skipped: no ${TESTCONTAINERS_ENV} (Testcontainers runs Ryuk)` };
      // As in test/e2e/support/kafka-container.ts: a variable already set in the environment wins.
      const entries = Object.entries(parseEnvFile(text)).filter(([name]) => machine.env[name] === undefined);
      if (entries.length === 0)
        return { summary: `skipped: the environment already sets what ${TESTCONTAINERS_ENV} does` };
      const env = Object.fromEntries(entries);
      return {
        summary: `${entries.map(([name, value]) => `${name}=${value}`).join(' ')} from ${TESTCONTAINERS_ENV}`,
        env,
      };
    },
  };
}
