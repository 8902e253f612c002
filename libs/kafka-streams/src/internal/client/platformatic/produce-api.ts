// The Produce API the runtime's producers use: @platformatic/kafka's v11, with requests written by
// produce-request.ts. The client's encoder still writes compressed batches (the runtime sends none).
import {
  type CreateRecordsBatchOptions,
  createAPI,
  type MessageRecord,
  produceV11,
  type Writer,
} from '@platformatic/kafka';
import { encodeProduceRequest, PRODUCE_VERSION } from './produce-request.js';

type ProduceArguments = [
  acks: number | undefined,
  timeout: number | undefined,
  topicData: MessageRecord[],
  options?: Partial<CreateRecordsBatchOptions>,
];

const PRODUCE_KEY = 0;
const ACKS_ALL = -1;

function createRequest(...[acks, timeout, messages, options = {}]: ProduceArguments): Writer | Promise<Writer> {
  const compression = options.compression ?? 'none';
  if (compression === 'gzip') return produceV11.createRequestAsync(acks, timeout, messages, options);
  if (compression !== 'none') return produceV11.createRequest(acks, timeout, messages, options);
  return encodeProduceRequest(acks ?? ACKS_ALL, timeout ?? 0, messages, options);
}

export const produceApi = createAPI<ProduceArguments, produceV11.ProduceResponse>(
  PRODUCE_KEY,
  PRODUCE_VERSION,
  createRequest,
  produceV11.parseResponse,
);
