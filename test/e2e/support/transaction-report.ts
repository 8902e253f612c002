// What the broker in a test container knows of transactions, for a failing test to print: the transaction
// coordinator's view (every transactional id, its state and partitions), the partition leaders' view (producers
// with a transaction open on the given partitions, and KIP-664's hanging transactions), and the logs themselves
// (each batch's producer id, epoch and control type; the transaction log decoded). A transaction that one side
// thinks is over while the other still holds it open shows up as a difference between the two views.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { StartedKafka } from './kafka-container.js';
import { KAFKA_BROKER_PORT } from './kafka-container.js';

const run = promisify(execFile);
const LOG_DIR = '/tmp/kraft-combined-logs';
const TOOL_TIMEOUT_MS = 60_000;

export interface PartitionsOfTopic {
  readonly topic: string;
  readonly partitions: number;
}

/** One section per command, each headed by the command; a command that fails reports its error instead. */
export async function transactionReport(
  broker: StartedKafka,
  topics: ReadonlyArray<PartitionsOfTopic>,
): Promise<string> {
  const container = broker.container.getId();
  const inContainer = async (title: string, command: string): Promise<string> => {
    try {
      const { stdout, stderr } = await run('docker', ['exec', container, 'sh', '-c', command], {
        timeout: TOOL_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      });
      return `## ${title}\n${stdout}${stderr ? `(stderr) ${stderr}` : ''}`;
    } catch (error) {
      return `## ${title}\nfailed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const transactions = (args: string) =>
    `/opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.TransactionsCommand ` +
    `--bootstrap-server localhost:${KAFKA_BROKER_PORT} ${args}`;
  const dump = (files: string, options = '') =>
    `/opt/kafka/bin/kafka-run-class.sh org.apache.kafka.tools.DumpLogSegments ${options} --files $(ls ${files} | paste -sd,)`;

  const sections = [
    await inContainer(
      'transactional ids (coordinator)',
      `for id in $(${transactions('list')} | awk 'NR>1 {print $1}'); do ${transactions('describe --transactional-id "$id"')}; done`,
    ),
    await inContainer('hanging transactions (partition leaders)', transactions('find-hanging --broker-id 1')),
  ];
  for (const { topic, partitions } of topics) {
    for (let partition = 0; partition < partitions; partition++) {
      sections.push(
        await inContainer(
          `producers of ${topic}-${partition}`,
          transactions(`describe-producers --topic ${topic} --partition ${partition}`),
        ),
        await inContainer(`batches of ${topic}-${partition}`, dump(`${LOG_DIR}/${topic}-${partition}/*.log`)),
      );
    }
  }
  sections.push(await brokerLog(container));
  sections.push(
    await inContainer(
      'transaction log',
      dump(`${LOG_DIR}/__transaction_state-*/*.log`, '--transaction-log-decoder --print-data-log'),
    ),
  );
  return sections.join('\n');
}

/**
 * The broker's log lines saying that its transaction coordinator skipped the markers of a transaction on partitions
 * it found no leader for, taking them for deleted: on Kafka 4.3 that happens to a transaction ending while a single
 * node shuts down or comes back, and it leaves the transaction open for good on those partitions (the library's
 * docs/client.md, "A single broker's restart"). Only lines that mention `mentioning` (a topic or transactional id
 * prefix).
 */
export async function skippedMarkers(broker: StartedKafka, mentioning: string): Promise<string[]> {
  const lines = await containerLogLines(broker.container.getId());
  return lines.filter((line) => line.includes("Couldn't find leader endpoint") && line.includes(mentioning));
}

/** Every line a container logged, on stdout and stderr, across its restarts. */
async function containerLogLines(container: string): Promise<string[]> {
  const { stdout, stderr } = await run('docker', ['logs', container], { maxBuffer: 256 * 1024 * 1024 });
  return `${stdout}\n${stderr}`.split('\n');
}

/** What the broker logged of markers, truncations, recoveries and its shutdowns, across its restarts. */
async function brokerLog(container: string): Promise<string> {
  const title = '## broker log (transactions, truncation, recovery, shutdown, warnings)';
  try {
    // Log lines (not the configuration dumps, indented) about the subjects above.
    const relevant = /marker|transaction|truncat|recover|shut|clean|fenc|leader|WARN|ERROR/i;
    const lines = (await containerLogLines(container)).filter((line) => line.startsWith('[') && relevant.test(line));
    return `${title}\n${lines.join('\n')}`;
  } catch (error) {
    return `${title}\nfailed: ${error instanceof Error ? error.message : String(error)}`;
  }
}
