import { stop } from '../../tools/kafka/process-broker.ts';

export default async function integrationGlobalTeardown(): Promise<void> {
  if (process.env.STREAMKIT_STOP_BROKER_AFTER_TESTS === 'true') await stop();
}
