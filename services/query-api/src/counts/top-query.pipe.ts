import { Injectable, type PipeTransform } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ZodValidationPipe } from '@streamkit/nest';
import type { QueryApiConfig } from '../config.js';
import { topQuerySchema } from './counts.schemas.js';

/** Validates `?n=` against MAX_TOP_N. */
@Injectable()
export class TopQueryPipe implements PipeTransform<unknown, { n: number }> {
  private readonly pipe: ZodValidationPipe<ReturnType<typeof topQuerySchema>>;

  constructor(config: ConfigService<QueryApiConfig, true>) {
    this.pipe = new ZodValidationPipe(topQuerySchema(config.get('MAX_TOP_N', { infer: true })));
  }

  transform(query: unknown): { n: number } {
    return this.pipe.transform(query);
  }
}
