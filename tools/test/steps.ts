// Every step, built for one machine; targets.ts says which of them a test command runs.
import { checkMaven, checkPrerequisites, jarsCached } from '../kafka/process-broker.ts';
import { buildStep, lintStep, typecheckStep } from './check-steps.ts';
import { composeStep, dockerStep, imagesStep, serviceImagesStep, testcontainersEnvStep } from './docker-steps.ts';
import type { Machine } from './machine.ts';
import type { Step, StepName } from './step.ts';
import { brokerStep, type BrokerPrerequisites, chromiumStep, javaStep, kustomizeStep } from './tool-steps.ts';

export const processBroker: BrokerPrerequisites = {
  checkJava: checkPrerequisites,
  checkMaven,
  jarsCached: () => jarsCached(),
};

export function allSteps(machine: Machine, broker: BrokerPrerequisites = processBroker): Record<StepName, Step> {
  return {
    docker: dockerStep(machine),
    images: imagesStep(machine),
    compose: composeStep(machine),
    'service images': serviceImagesStep(machine),
    'testcontainers env': testcontainersEnvStep(machine),
    kustomize: kustomizeStep(machine),
    chromium: chromiumStep(machine),
    java: javaStep(broker),
    broker: brokerStep(machine, broker),
    lint: lintStep(machine),
    build: buildStep(machine),
    typecheck: typecheckStep(machine),
  };
}
