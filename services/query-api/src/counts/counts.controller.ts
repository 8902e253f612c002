import { Controller, Get } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { WordParams } from '@streamkit/contracts/http';
import {
  RETRY_AFTER_SECONDS,
  type TimeRange,
  TimeRangeQuery,
  UnavailableResponse,
  ValidationErrorResponse,
  ValidQuery,
} from '@streamkit/nest';
import type { QueryApiConfig } from '../config.js';
import type { WordCount } from './count-store.js';
import { CountPageResponse, TopWordsResponse, WindowsResponse, WordCountResponse } from './counts.openapi.js';
import { type PageQuery, pageQuerySchema, topQuery } from './counts.schemas.js';
import { type CountPage, CountsService } from './counts.service.js';
import { TopWords } from './top-words.js';

@ApiTags('counts')
@ApiBadRequestResponse({ standardSchema: ValidationErrorResponse, description: 'A reason per invalid parameter' })
@ApiServiceUnavailableResponse({
  standardSchema: UnavailableResponse,
  description: `The stores are bootstrapping (\`reason\`: not-running); retry after ${RETRY_AFTER_SECONDS} s`,
})
@Controller()
export class CountsController {
  private readonly windowSizeMs: number;

  constructor(
    private readonly counts: CountsService,
    private readonly topWords: TopWords,
    config: ConfigService<QueryApiConfig, true>,
  ) {
    this.windowSizeMs = config.get('WINDOW_SIZE_MS', { infer: true });
  }

  @Get('counts/:word')
  @ApiOperation({ summary: "A word's count (0 for a word never seen)" })
  @ApiOkResponse({ type: WordCountResponse })
  count(@WordParams() { word }: { word: string }): WordCount {
    return this.counts.count(word);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Words starting with a prefix, in pages' })
  @ApiOkResponse({ type: CountPageResponse })
  page(@ValidQuery(pageQuerySchema) query: PageQuery): Promise<CountPage> {
    return this.counts.page(query);
  }

  @Get('counts/:word/windows')
  @ApiOperation({ summary: "A word's counts per time window" })
  @ApiOkResponse({ type: WindowsResponse })
  windows(
    @WordParams() { word }: { word: string },
    @TimeRangeQuery<QueryApiConfig>('WINDOW_RETENTION_MS') { fromMs, toMs }: TimeRange,
  ): WindowsResponse {
    const windows = this.counts.windows(word, fromMs, toMs).map(({ startMs, endMs, count }) => ({
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      count,
    }));
    return {
      word,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      windowSizeMs: this.windowSizeMs,
      windows,
    };
  }

  @Get('top')
  @ApiOperation({ summary: 'The words with the highest counts' })
  @ApiOkResponse({ type: TopWordsResponse })
  top(@ValidQuery(topQuery) { n }: { n: number }): TopWordsResponse {
    return { words: this.topWords.top(n) };
  }
}
