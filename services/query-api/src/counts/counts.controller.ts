import { Controller, Get, Param, Query } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiWordParam, wordParamsPipe } from '@streamkit/contracts/http';
import {
  ApiTimeRangeQuery,
  RETRY_AFTER_SECONDS,
  type TimeRange,
  TimeRangePipe,
  UnavailableResponse,
  ValidationErrorResponse,
  ZodValidationPipe,
} from '@streamkit/nest';
import type { QueryApiConfig } from '../config.js';
import type { WordCount } from './count-store.js';
import { CountPageResponse, TopWordsResponse, WindowsResponse, WordCountResponse } from './counts.openapi.js';
import { MAX_PAGE_SIZE, type PageQuery, pageQuerySchema } from './counts.schemas.js';
import { type CountPage, CountsService } from './counts.service.js';
import { TopQueryPipe } from './top-query.pipe.js';
import { TopWords } from './top-words.js';

@ApiTags('counts')
@ApiBadRequestResponse({ type: ValidationErrorResponse, description: 'A reason per invalid parameter' })
@ApiServiceUnavailableResponse({
  type: UnavailableResponse,
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
  @ApiWordParam()
  @ApiOkResponse({ type: WordCountResponse })
  count(@Param(wordParamsPipe) { word }: { word: string }): WordCount {
    return this.counts.count(word);
  }

  @Get('counts')
  @ApiOperation({ summary: 'Words starting with a prefix, in pages' })
  @ApiQuery({
    name: 'prefix',
    required: false,
    description: 'The start of a word, case-insensitive; all words when absent',
  })
  @ApiQuery({ name: 'limit', required: false, description: `Words per page, 1-${MAX_PAGE_SIZE} (default 50)` })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the previous page' })
  @ApiOkResponse({ type: CountPageResponse })
  page(@Query(new ZodValidationPipe(pageQuerySchema)) query: PageQuery): Promise<CountPage> {
    return this.counts.page(query);
  }

  @Get('counts/:word/windows')
  @ApiOperation({ summary: "A word's counts per time window" })
  @ApiWordParam()
  @ApiTimeRangeQuery<QueryApiConfig>('WINDOW_RETENTION_MS')
  @ApiOkResponse({ type: WindowsResponse })
  windows(
    @Param(wordParamsPipe) { word }: { word: string },
    @Query(TimeRangePipe<QueryApiConfig>('WINDOW_RETENTION_MS')) { fromMs, toMs }: TimeRange,
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
  @ApiQuery({ name: 'n', required: false, description: 'How many, 1-MAX_TOP_N (default 10; MAX_TOP_N 100)' })
  @ApiOkResponse({ type: TopWordsResponse })
  top(@Query(TopQueryPipe) { n }: { n: number }): TopWordsResponse {
    return { words: this.topWords.top(n) };
  }
}
