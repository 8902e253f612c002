import { describe, expect, it } from '@jest/globals';
import {
  baseImages,
  composeStep,
  dockerStep,
  imagesStep,
  ryukImage,
  serviceImagesStep,
  serviceImagesSummary,
  TESTCONTAINERS_ENV,
  testcontainersEnvStep,
} from './docker-steps.ts';
import { FakeMachine } from './fake-machine.ts';
import { MissingTool, StepFailed } from './step.ts';

const DOCKER_INFO = 'docker info --format {{.ServerVersion}}';
const inspect = (image: string) => `docker image inspect --format {{.Id}} ${image}`;

describe('docker step', () => {
  it('skips when an engine answers', async () => {
    const machine = new FakeMachine().answer(DOCKER_INFO, '20.10.24\n');
    expect(await dockerStep(machine).perform()).toEqual({ summary: 'skipped: docker info answers (engine 20.10.24)' });
    expect(machine.ran).toEqual([]);
  });

  it('names Docker when none answers and it is not root', async () => {
    const machine = new FakeMachine();
    machine.isRoot = false;
    await expect(dockerStep(machine).perform()).rejects.toThrow(MissingTool);
    await expect(dockerStep(machine).perform()).rejects.toThrow(/Install Docker \(https:\/\/docs.docker.com/);
  });

  it('runs ensure-docker.sh as root', async () => {
    const machine = new FakeMachine();
    machine.scripts.set('bash tools/docker/ensure-docker.sh', {
      effect: (m) => m.answer(DOCKER_INFO, '20.10.24\n'),
    });
    expect((await dockerStep(machine).perform()).summary).toMatch(
      /ensure-docker.sh installed or started it.*20\.10\.24/,
    );
  });
});

describe('images step', () => {
  const machineWithImages = () => {
    const machine = new FakeMachine();
    for (const image of baseImages(machine)) machine.answer(inspect(image), 'sha256:1');
    return machine;
  };

  it('skips when the images are there and this clone knows about Ryuk', async () => {
    const machine = machineWithImages();
    machine.files.set(TESTCONTAINERS_ENV, 'TESTCONTAINERS_RYUK_DISABLED=true\n');
    const { summary } = await imagesStep(machine).perform();
    expect(summary).toMatch(/^skipped: apache\/kafka:\S+ and node:\d+-\w+-slim are present; Ryuk off/);
    expect(machine.ran).toEqual([]);
  });

  it('runs build-images.sh in a new clone on a machine that has the images but no Ryuk', async () => {
    const machine = machineWithImages();
    machine.scripts.set('bash tools/docker/build-images.sh', {
      effect: (m) => m.files.set(TESTCONTAINERS_ENV, 'TESTCONTAINERS_RYUK_DISABLED=true\n'),
    });
    expect((await imagesStep(machine).perform()).summary).toBe(
      `tools/docker/build-images.sh checked Ryuk; Ryuk off (${TESTCONTAINERS_ENV})`,
    );
  });

  it('names the images it had build-images.sh make, and fails if they are still missing', async () => {
    const machine = new FakeMachine();
    const images = baseImages(machine);
    machine.scripts.set('bash tools/docker/build-images.sh', {
      effect: (m) => {
        for (const image of images) m.answer(inspect(image), 'sha256:1');
        m.answer(inspect(ryukImage(m)), 'sha256:2');
      },
    });
    expect((await imagesStep(machine).perform()).summary).toBe(
      `tools/docker/build-images.sh pulled or built ${images.join(' and ')}; ${ryukImage(machine)} is present`,
    );
    const empty = new FakeMachine();
    await expect(imagesStep(empty).perform()).rejects.toThrow(StepFailed);
  });

  it('finds the Ryuk image as build-images.sh does', () => {
    const machine = new FakeMachine();
    expect(ryukImage(machine)).toBe('testcontainers/ryuk:0.14.0');
    machine.files.set('node_modules/testcontainers/build/reaper/reaper.js', 'fromString("testcontainers/ryuk:0.15.1")');
    expect(ryukImage(machine)).toBe('testcontainers/ryuk:0.15.1');
    machine.env = { RYUK_CONTAINER_IMAGE: 'mirror/ryuk:1' };
    expect(ryukImage(machine)).toBe('mirror/ryuk:1');
  });
});

describe('compose step', () => {
  const COMPOSE_VERSION = 'docker compose version --short';

  it('skips when Compose v2 answers', async () => {
    const machine = new FakeMachine().answer(COMPOSE_VERSION, 'v2.40.3\n');
    expect(await composeStep(machine).perform()).toEqual({ summary: 'skipped: docker compose v2.40.3 answers' });
  });

  it('names the Compose plugin or Go when neither is there', async () => {
    const machine = new FakeMachine().answer(COMPOSE_VERSION, '1.29.2\n');
    await expect(composeStep(machine).perform()).rejects.toThrow(
      /Install the Compose plugin .* or Go \(apt-get install golang-go\)/,
    );
    expect(machine.ran).toEqual([]);
  });

  it('has ensure-compose.sh build it with Go', async () => {
    const machine = new FakeMachine();
    machine.onPath.add('go');
    machine.scripts.set('bash tools/docker/ensure-compose.sh', {
      effect: (m) => m.answer(COMPOSE_VERSION, 'v2.40.3\n'),
    });
    expect((await composeStep(machine).perform()).summary).toMatch(/docker compose v2\.40\.3 answers$/);
  });
});

describe('service images', () => {
  const line = (image: string, rest: string) => `[build-service-images] ${image}: ${rest}`;

  it('says which images were up to date and which it built', () => {
    const upToDate = [
      line('streamkit/producer:local', 'up to date (sources unchanged), skipping'),
      line('streamkit/word-count:local', 'up to date (sources unchanged), skipping'),
    ].join('\n');
    expect(serviceImagesSummary(upToDate)).toBe(
      'skipped: streamkit/producer:local, streamkit/word-count:local up to date (sources unchanged)',
    );
    const built = `${upToDate}\n${line('streamkit/query-api:local', 'docker build -f services/query-api/Dockerfile .')}`;
    expect(serviceImagesSummary(built)).toBe(
      'built streamkit/query-api:local; streamkit/producer:local, streamkit/word-count:local up to date',
    );
  });

  it('fails with the reason build-service-images.sh gives', async () => {
    const machine = new FakeMachine();
    machine.scripts.set('bash tools/docker/build-service-images.sh', {
      status: 1,
      output: '[build-service-images] ERROR: docker build of streamkit/producer:local failed (full log: x)\n',
    });
    await expect(serviceImagesStep(machine).perform()).rejects.toThrow(
      'tools/docker/build-service-images.sh: docker build of streamkit/producer:local failed (full log: x)',
    );
  });
});

describe('testcontainers env step', () => {
  it('hands the settings build-images.sh wrote to the tests; the environment wins', async () => {
    const machine = new FakeMachine();
    expect((await testcontainersEnvStep(machine).perform()).env).toBeUndefined();
    machine.files.set(TESTCONTAINERS_ENV, '# comment\nTESTCONTAINERS_RYUK_DISABLED=true\n');
    expect(await testcontainersEnvStep(machine).perform()).toEqual({
      summary: `TESTCONTAINERS_RYUK_DISABLED=true from ${TESTCONTAINERS_ENV}`,
      env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
    });
    machine.env = { TESTCONTAINERS_RYUK_DISABLED: 'false' };
    expect((await testcontainersEnvStep(machine).perform()).env).toBeUndefined();
  });
});
