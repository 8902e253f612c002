// Set-up for the unit and integration projects: something that renders kustomizations (test/manifests),
// Chromium (the dashboard's browser test), and what the process broker needs (the integration tests' global
// setup starts it unless KAFKA_BOOTSTRAP_SERVERS names a broker).
import { lastLines, runScript, SCRIPT_EXCERPT_LINES } from './commands.ts';
import type { Machine } from './machine.ts';
import { MissingTool, type Step, StepFailed } from './step.ts';

/** Where ensure-kustomize.sh builds kustomize and test/manifests/support/manifests.ts looks for it. */
const BUILT_KUSTOMIZE = '.local/kustomize/bin/kustomize';
/** The first kubectl whose built-in kustomize (v5) renders components. */
const KUBECTL_MIN_MINOR = 27;

/** The minor version of the kubectl the manifest tests run ($KUBECTL, else kubectl), if it answers. */
async function kubectlMinor(machine: Machine): Promise<number | undefined> {
  const answer = await machine.ask(machine.env.KUBECTL ?? 'kubectl', ['version', '--client', '-o', 'json']);
  if (answer.status !== 0) return undefined;
  try {
    const minor = Number.parseInt(
      (JSON.parse(answer.stdout) as { clientVersion?: { minor?: string } }).clientVersion?.minor ?? '',
      10,
    );
    return Number.isNaN(minor) ? undefined : minor;
  } catch {
    return undefined;
  }
}

export function kustomizeStep(machine: Machine): Step {
  return {
    name: 'kustomize',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const minor = await kubectlMinor(machine);
      if (minor !== undefined && minor >= KUBECTL_MIN_MINOR) {
        return { summary: `skipped: kubectl 1.${minor} renders the kustomizations` };
      }
      if (minor !== undefined) {
        // The manifest tests use kubectl whenever it answers; a locally built kustomize would not be used.
        throw new MissingTool(
          `kubectl 1.${minor} is older than 1.${KUBECTL_MIN_MINOR}: its kustomize cannot render the components of strimzi/ and openshift/, and test/manifests use kubectl whenever it is on PATH. Install kubectl >= 1.${KUBECTL_MIN_MINOR} (https://kubernetes.io/docs/tasks/tools/) or point KUBECTL at one.`,
        );
      }
      const configured = machine.env.KUBECTL;
      if (configured !== undefined) {
        // The manifest tests never fall back to a built kustomize when KUBECTL is set.
        throw new MissingTool(
          `KUBECTL=${configured} does not answer: point it at kubectl >= 1.${KUBECTL_MIN_MINOR}, or unset it.`,
        );
      }
      if (machine.exists(BUILT_KUSTOMIZE)) return { summary: `skipped: ${BUILT_KUSTOMIZE} renders the kustomizations` };
      if (!machine.which('go')) {
        throw new MissingTool(
          `test/manifests render kustomizations with kubectl >= 1.${KUBECTL_MIN_MINOR}, which is not installed, and Go is not installed for tools/docker/ensure-kustomize.sh to build kustomize. Install kubectl (https://kubernetes.io/docs/tasks/tools/) or Go (apt-get install golang-go).`,
        );
      }
      const run = await runScript(machine, 'kustomize', 'tools/docker/ensure-kustomize.sh');
      if (!machine.exists(BUILT_KUSTOMIZE)) {
        throw new StepFailed(
          `tools/docker/ensure-kustomize.sh did not build ${BUILT_KUSTOMIZE}: ${lastLines(run.output, 1)}`,
          run.log,
          lastLines(run.output, SCRIPT_EXCERPT_LINES),
        );
      }
      return { summary: `tools/docker/ensure-kustomize.sh built ${BUILT_KUSTOMIZE}` };
    },
  };
}

/** The Chromium the browser tests would drive: CHROMIUM_PATH, else chromium or chromium-browser on PATH. */
function findChromium(machine: Machine): string | undefined {
  const configured = machine.env.CHROMIUM_PATH;
  if (configured) {
    if (machine.exists(configured)) return configured;
    throw new MissingTool(`CHROMIUM_PATH=${configured} does not exist: point it at Chromium, or unset it.`);
  }
  return machine.which('chromium') ?? machine.which('chromium-browser');
}

export function chromiumStep(machine: Machine): Step {
  return {
    name: 'chromium',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const found = findChromium(machine);
      if (found) return { summary: `skipped: ${found} is there (CHROMIUM_PATH)`, env: { CHROMIUM_PATH: found } };
      if (!machine.which('apt-get')) {
        throw new MissingTool(
          'Chromium is not installed, and there is no apt-get for tools/browser/ensure-chromium.sh to install it. Install Chromium and set CHROMIUM_PATH to it.',
        );
      }
      if (!machine.isRoot && !machine.which('sudo')) {
        throw new MissingTool(
          "Chromium is not installed, and installing Debian's chromium package (tools/browser/ensure-chromium.sh) needs root. Run as root, or install it: apt-get install chromium.",
        );
      }
      const run = await runScript(machine, 'chromium', 'tools/browser/ensure-chromium.sh');
      // The script prints the path it found last, on stdout.
      const installed = findChromium(machine) ?? lastLines(run.output, 1).trim();
      return {
        summary: `tools/browser/ensure-chromium.sh installed ${installed} (CHROMIUM_PATH)`,
        env: { CHROMIUM_PATH: installed },
      };
    },
  };
}

/** The process broker's own checks (tools/kafka/process-broker.ts); each throws a message naming the tool. */
export interface BrokerPrerequisites {
  checkJava(): void;
  checkMaven(): void;
  /** The broker's jars are resolved already, so Maven is no longer needed. */
  jarsCached(): boolean;
}

/** The conformance suite builds its Java harness with Maven and runs it on Java (conformance/README.md). */
export function javaStep(prerequisites: BrokerPrerequisites): Step {
  return {
    name: 'java',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      try {
        prerequisites.checkJava();
        prerequisites.checkMaven();
      } catch (error) {
        throw new MissingTool(`${(error as Error).message} (the conformance suite runs Java's TopologyTestDriver)`);
      }
      return { summary: "Java and Maven are there: the conformance suite runs Java's TopologyTestDriver beside ours" };
    },
  };
}

export function brokerStep(machine: Machine, broker: BrokerPrerequisites): Step {
  return {
    name: 'broker',
    phase: 'setup',
    onFailure: 'stop',
    async perform() {
      const configured = machine.env.KAFKA_BOOTSTRAP_SERVERS;
      if (configured) {
        return { summary: `skipped: the integration tests use the broker at ${configured} (KAFKA_BOOTSTRAP_SERVERS)` };
      }
      const cached = broker.jarsCached();
      try {
        broker.checkJava();
        if (!cached) broker.checkMaven();
      } catch (error) {
        throw new MissingTool((error as Error).message);
      }
      return {
        summary: cached
          ? 'Java is there and the Kafka jars are cached: the integration tests start the process broker'
          : 'Java and Maven are there: the integration tests resolve the Kafka jars once and start the process broker',
      };
    },
  };
}
