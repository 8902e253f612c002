import { describe, expect, it } from '@jest/globals';
import { BrokerError } from '../kafka/process-broker.ts';
import { FakeMachine } from './fake-machine.ts';
import { MissingTool } from './step.ts';
import { type BrokerPrerequisites, brokerStep, chromiumStep, javaStep, kustomizeStep } from './tool-steps.ts';

const KUBECTL_VERSION = 'kubectl version --client -o json';
const kubectl = (minor: string) => JSON.stringify({ clientVersion: { major: '1', minor } });

describe('kustomize step', () => {
  it('skips when kubectl renders kustomizations', async () => {
    const machine = new FakeMachine().answer(KUBECTL_VERSION, kubectl('32+'));
    expect(await kustomizeStep(machine).perform()).toEqual({
      summary: 'skipped: kubectl 1.32 renders the kustomizations',
    });
  });

  it('skips when kustomize was built before', async () => {
    const machine = new FakeMachine();
    machine.files.set('.local/kustomize/bin/kustomize', '');
    expect((await kustomizeStep(machine).perform()).summary).toMatch(/^skipped: .local\/kustomize\/bin\/kustomize/);
  });

  it('stops on a kubectl too old for the manifests, which the tests would use anyway', async () => {
    const machine = new FakeMachine().answer(KUBECTL_VERSION, kubectl('20'));
    machine.onPath.add('go');
    await expect(kustomizeStep(machine).perform()).rejects.toThrow(/kubectl 1\.20 is older than 1\.27/);
  });

  it('names kubectl or Go when neither is there', async () => {
    await expect(kustomizeStep(new FakeMachine()).perform()).rejects.toThrow(
      /Install kubectl \(https:\/\/kubernetes.io\/docs\/tasks\/tools\/\) or Go \(apt-get install golang-go\)/,
    );
  });

  it('stops when KUBECTL names a kubectl that does not answer, which the tests would use anyway', async () => {
    const machine = new FakeMachine();
    machine.env = { KUBECTL: '/opt/kubectl' };
    machine.files.set('.local/kustomize/bin/kustomize', '');
    await expect(kustomizeStep(machine).perform()).rejects.toThrow('KUBECTL=/opt/kubectl does not answer');
  });

  it('has ensure-kustomize.sh build it with Go', async () => {
    const machine = new FakeMachine();
    machine.onPath.add('go');
    machine.scripts.set('bash tools/docker/ensure-kustomize.sh', {
      effect: (m) => m.files.set('.local/kustomize/bin/kustomize', ''),
    });
    expect(await kustomizeStep(machine).perform()).toEqual({
      summary: 'tools/docker/ensure-kustomize.sh built .local/kustomize/bin/kustomize',
    });
    expect(machine.ran).toEqual(['bash tools/docker/ensure-kustomize.sh']);
  });
});

describe('chromium step', () => {
  it('hands the Chromium it finds to the tests as CHROMIUM_PATH', async () => {
    const machine = new FakeMachine();
    machine.onPath.add('chromium');
    expect((await chromiumStep(machine).perform()).env).toEqual({ CHROMIUM_PATH: '/usr/bin/chromium' });
    machine.env = { CHROMIUM_PATH: '/opt/chrome/chrome' };
    machine.files.set('/opt/chrome/chrome', '');
    expect((await chromiumStep(machine).perform()).env).toEqual({ CHROMIUM_PATH: '/opt/chrome/chrome' });
    machine.env = { CHROMIUM_PATH: '/opt/nothing' };
    await expect(chromiumStep(machine).perform()).rejects.toThrow('CHROMIUM_PATH=/opt/nothing does not exist');
  });

  it('installs it with ensure-chromium.sh where apt-get and root are there', async () => {
    const machine = new FakeMachine();
    machine.onPath.add('apt-get');
    machine.scripts.set('bash tools/browser/ensure-chromium.sh', { effect: (m) => m.onPath.add('chromium') });
    expect(await chromiumStep(machine).perform()).toEqual({
      summary: 'tools/browser/ensure-chromium.sh installed /usr/bin/chromium (CHROMIUM_PATH)',
      env: { CHROMIUM_PATH: '/usr/bin/chromium' },
    });
  });

  it('names what to do where it cannot install it', async () => {
    await expect(chromiumStep(new FakeMachine()).perform()).rejects.toThrow(/no apt-get .* Install Chromium/);
    const notRoot = new FakeMachine();
    notRoot.onPath.add('apt-get');
    notRoot.isRoot = false;
    await expect(chromiumStep(notRoot).perform()).rejects.toThrow(/needs root.*apt-get install chromium/);
  });
});

function prerequisites(options: { java: boolean; maven: boolean; cached: boolean }) {
  const checked: string[] = [];
  const broker: BrokerPrerequisites = {
    checkJava() {
      checked.push('java');
      if (!options.java) throw new BrokerError('Java 17 or newer is required for the process broker');
    },
    checkMaven() {
      checked.push('maven');
      if (!options.maven) throw new BrokerError('Maven is required once (Debian: apt-get install maven)');
    },
    jarsCached: () => options.cached,
  };
  return { broker, checked };
}

describe('broker step', () => {
  it('skips when KAFKA_BOOTSTRAP_SERVERS names a broker', async () => {
    const machine = new FakeMachine();
    machine.env = { KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:9092' };
    const { broker, checked } = prerequisites({ java: false, maven: false, cached: false });
    expect((await brokerStep(machine, broker).perform()).summary).toMatch(/^skipped: .* 127\.0\.0\.1:9092/);
    expect(checked).toEqual([]);
  });

  it('names Java when it is missing', async () => {
    const { broker } = prerequisites({ java: false, maven: true, cached: true });
    const performed = brokerStep(new FakeMachine(), broker).perform();
    await expect(performed).rejects.toThrow(MissingTool);
    await expect(performed).rejects.toThrow(/Java 17 or newer/);
  });

  it('needs Maven only until the jars are cached', async () => {
    const cached = prerequisites({ java: true, maven: false, cached: true });
    expect((await brokerStep(new FakeMachine(), cached.broker).perform()).summary).toMatch(/jars are cached/);
    expect(cached.checked).toEqual(['java']);
    const fresh = prerequisites({ java: true, maven: false, cached: false });
    await expect(brokerStep(new FakeMachine(), fresh.broker).perform()).rejects.toThrow(/apt-get install maven/);
  });
});

describe('java step', () => {
  it('passes when Java and Maven are there', async () => {
    const { broker, checked } = prerequisites({ java: true, maven: true, cached: true });
    expect((await javaStep(broker).perform()).summary).toMatch(/conformance suite/);
    expect(checked).toEqual(['java', 'maven']);
  });

  it('names Maven, which builds the harness, even when the broker jars are cached', async () => {
    const { broker } = prerequisites({ java: true, maven: false, cached: true });
    const performed = javaStep(broker).perform();
    await expect(performed).rejects.toThrow(MissingTool);
    await expect(performed).rejects.toThrow(/apt-get install maven/);
  });
});
