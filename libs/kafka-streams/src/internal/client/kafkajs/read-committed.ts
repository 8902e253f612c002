// Corrects kafkajs' read_committed (see aborted-records.ts for its fault): every fetch response is decoded by
// kafkajs, then the records of aborted transactions are found here with the right rule, and kafkajs is left
// nothing to filter by aborted transaction. kafkajs 2.2.4 is unmaintained, so the fix cannot come from upstream.
//
// The found records are marked as control records rather than removed: kafkajs never delivers control records
// but still counts them in a batch's last offset, so a fetch that holds only aborted records moves the position
// past them exactly as a fetch of markers does. Under read_uncommitted the broker lists no aborted transactions:
// nothing changes.
import { createRequire } from 'node:module';
import { abortedRecordIndexes, type AbortedTransaction, type FetchedRecordInfo } from './aborted-records.js';

interface DecodedPartition {
  abortedTransactions?: AbortedTransaction[];
  messages?: Array<FetchedRecordInfo & { isControlRecord?: boolean }>;
}

interface DecodedFetchResponse {
  responses?: Array<{ partitions?: DecodedPartition[] }>;
}

/** A kafkajs fetch response module (kafkajs/src/protocol/requests/fetch/v<N>/response.js). */
interface FetchResponseModule {
  decode: (rawData: Buffer) => Promise<DecodedFetchResponse>;
  [CORRECTED]?: true;
}

// Symbol.for: a second copy of this module (another build of the library in the process) sees the same mark.
const CORRECTED: unique symbol = Symbol.for('streamkit.kafkajs.readCommittedCorrected');

/** The Fetch versions kafkajs speaks whose responses list aborted transactions (v4 introduced them). */
const FETCH_VERSIONS_WITH_ABORTED_TRANSACTIONS = [4, 5, 6, 7, 8, 9, 10, 11];

const requireFromHere = createRequire(import.meta.url);

/** Installs the correction into the kafkajs that this module resolves (once per kafkajs copy). */
export function correctKafkajsReadCommitted(): void {
  for (const version of FETCH_VERSIONS_WITH_ABORTED_TRANSACTIONS) {
    const response = requireFromHere(
      `kafkajs/src/protocol/requests/fetch/v${version}/response.js`,
    ) as FetchResponseModule;
    if (response[CORRECTED]) continue;
    const decode = response.decode;
    // kafkajs looks `decode` up on this object for every response, so replacing the property is enough.
    response.decode = async (rawData) => hideAbortedRecords(await decode(rawData));
    response[CORRECTED] = true;
  }
}

/** Marks each aborted record as a control record and empties the aborted-transaction lists (done here now). */
export function hideAbortedRecords(decoded: DecodedFetchResponse): DecodedFetchResponse {
  for (const { partitions = [] } of decoded.responses ?? []) {
    for (const partition of partitions) {
      const messages = partition.messages ?? [];
      for (const index of abortedRecordIndexes(messages, partition.abortedTransactions ?? [])) {
        messages[index]!.isControlRecord = true;
      }
      partition.abortedTransactions = [];
    }
  }
  return decoded;
}
