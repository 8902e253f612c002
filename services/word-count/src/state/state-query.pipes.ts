import { Injectable, type PipeTransform } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ZodValidationPipe } from '@streamkit/nest';
import type { WordCountConfig } from '../config.js';
import { type WindowRange, windowRangeSchema, wordParamsSchema, type WordParams } from './state-query.schema.js';

/** Validates and lower-cases `:word`; a 400 names `word` and why. */
@Injectable()
export class WordParamsPipe implements PipeTransform<unknown, WordParams> {
  private readonly pipe = new ZodValidationPipe(wordParamsSchema);

  transform(params: unknown): WordParams {
    return this.pipe.transform(params);
  }
}

/** Validates `?from=&to=` against MAX_WINDOW_QUERY_RANGE_MS and fills in the defaults. */
@Injectable()
export class WindowRangePipe implements PipeTransform<unknown, WindowRange> {
  private readonly pipe: ZodValidationPipe<ReturnType<typeof windowRangeSchema>>;

  constructor(config: ConfigService<WordCountConfig, true>) {
    this.pipe = new ZodValidationPipe(windowRangeSchema(config.get('MAX_WINDOW_QUERY_RANGE_MS', { infer: true })));
  }

  transform(query: unknown): WindowRange {
    return this.pipe.transform(query);
  }
}
