import { Injectable, type PipeTransform } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ZodValidationPipe } from '@streamkit/nest';
import type { ProducerConfig } from '../config.js';
import { sentenceListSchema, sentenceSchema } from './sentence.schema.js';

/** Validates `{ text }` or `[{ text }, ...]` and hands the controller the texts. */
@Injectable()
export class SentencesBodyPipe implements PipeTransform<unknown, string[]> {
  private readonly one: ZodValidationPipe<ReturnType<typeof sentenceSchema>>;
  private readonly many: ZodValidationPipe<ReturnType<typeof sentenceListSchema>>;

  constructor(config: ConfigService<ProducerConfig, true>) {
    const maxLength = config.get('MAX_SENTENCE_LENGTH', { infer: true });
    this.one = new ZodValidationPipe(sentenceSchema(maxLength));
    this.many = new ZodValidationPipe(sentenceListSchema(maxLength));
  }

  transform(body: unknown): string[] {
    return Array.isArray(body) ? this.many.transform(body).map((s) => s.text) : [this.one.transform(body).text];
  }
}
