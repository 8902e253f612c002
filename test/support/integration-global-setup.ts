// Integration tests talk to a real broker: the one KAFKA_BOOTSTRAP_SERVERS names, or the project's
// process broker, started here and stopped by the teardown (only if this run started it).
import { brokerAnswers, start } from '../../tools/kafka/process-broker.ts';

const PROBE_TIMEOUT_MS = 3_000;

export default async function integrationGlobalSetup(): Promise<void> {
  const configured = process.env.KAFKA_BOOTSTRAP_SERVERS;
  if (configured) {
    const first = configured.split(',')[0]!.trim();
    if (!(await brokerAnswers(first, PROBE_TIMEOUT_MS))) {
      throw new Error(
        `No Kafka broker answered a metadata request at ${configured} (KAFKA_BOOTSTRAP_SERVERS) within ${PROBE_TIMEOUT_MS / 1000} s. Start one, or unset KAFKA_BOOTSTRAP_SERVERS to use the process broker.`,
      );
    }
    process.stderr.write(`\n[integration] using the broker at ${configured} (KAFKA_BOOTSTRAP_SERVERS)\n`);
    return;
  }
  const { started, bootstrap } = await start();
  process.env.KAFKA_BOOTSTRAP_SERVERS = bootstrap;
  process.env.STREAMKIT_STOP_BROKER_AFTER_TESTS = started ? 'true' : 'false';
  process.stderr.write(
    `\n[integration] using the process broker at ${bootstrap}${started ? ' (started for this run)' : ' (already running)'}\n`,
  );
}
