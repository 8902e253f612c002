import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { ProducerConfig } from '../config.js';
import { type BulkFormat, parseLine } from './bulk-format.js';
import { LineTooLongError, splitLines } from './line-splitter.js';
import { sentenceSchema } from './sentence.schema.js';
import { MAX_SEND_BYTES, SentencePublisher } from './sentence-publisher.js';

export interface BulkResult {
  /** Sentences Kafka acknowledged: all lines before `rejected.line`, or all of them. */
  readonly accepted: number;
  /** The first invalid line; reading stopped there. */
  readonly rejected?: { readonly line: number; readonly reason: string };
}

/**
 * Streams a bulk body into Kafka: reads line by line, sends a batch once it reaches MAX_SEND_BYTES and
 * waits for the acknowledgement before reading on. At most one batch and one line are in memory, however
 * large the upload; TCP flow control holds the client back meanwhile.
 */
@Injectable()
export class BulkIngestion {
  private readonly schema: ReturnType<typeof sentenceSchema>;
  private readonly maxLineBytes: number;

  constructor(
    private readonly publisher: SentencePublisher,
    config: ConfigService<ProducerConfig, true>,
  ) {
    const maxLength = config.get('MAX_SENTENCE_LENGTH', { infer: true });
    this.schema = sentenceSchema(maxLength);
    // A character takes up to 4 bytes in UTF-8 and up to 6 as a JSON escape; plus room for the JSON around it.
    this.maxLineBytes = maxLength * 6 + 1024;
  }

  async ingest(body: AsyncIterable<Buffer>, format: BulkFormat): Promise<BulkResult> {
    let accepted = 0;
    let batch: string[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await this.publisher.publish(batch);
      accepted += batch.length;
      batch = [];
      batchBytes = 0;
    };

    let line = 0;
    try {
      for await (const bytes of splitLines(body, this.maxLineBytes)) {
        line += 1;
        const parsed = parseLine(bytes, format, this.schema);
        if (parsed === 'blank') continue;
        if ('reason' in parsed) {
          await flush();
          return { accepted, rejected: { line, reason: parsed.reason } };
        }
        batch.push(parsed.text);
        batchBytes += bytes.length;
        if (batchBytes >= MAX_SEND_BYTES) await flush();
      }
    } catch (error) {
      if (!(error instanceof LineTooLongError)) throw error;
      await flush();
      return { accepted, rejected: { line: line + 1, reason: error.message } };
    }
    await flush();
    return { accepted };
  }
}
