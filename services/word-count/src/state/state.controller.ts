import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { writeHttpReply } from '@streamkit/kafka-streams';
import { WindowRangePipe, WordParamsPipe } from './state-query.pipes.js';
import type { WindowRange, WordParams } from './state-query.schema.js';
import { UnavailableResponse, WindowCountsResponse, WordCountResponse } from './state.openapi.js';
import { WordStateQueries } from './word-state-queries.js';

const wordParam = {
  name: 'word',
  description: 'One word (a-z, 0-9, "_"); upper case is lower-cased like the sentences are',
  example: 'fox',
};

/**
 * Counts from the state stores. Any instance answers any word: the instance that runs the word's task
 * answers from its stores, the others ask it (the reply names it in `x-streamkit-served-by`).
 */
@ApiTags('state')
@ApiBadRequestResponse({ description: 'A reason per invalid parameter' })
@ApiServiceUnavailableResponse({
  type: UnavailableResponse,
  description: 'The stores are restoring or moving between instances, or the owner did not answer; see Retry-After',
})
@Controller('state')
export class StateController {
  constructor(private readonly queries: WordStateQueries) {}

  @Get('words/:word')
  @ApiParam(wordParam)
  @ApiOkResponse({ type: WordCountResponse })
  async count(
    @Param(WordParamsPipe) { word }: WordParams,
    @Headers() headers: IncomingHttpHeaders,
    @Res() response: ServerResponse,
  ): Promise<void> {
    writeHttpReply(response, await this.queries.count(word, headers));
  }

  @Get('windows/:word')
  @ApiParam(wordParam)
  @ApiQuery({
    name: 'from',
    required: false,
    description:
      'Windows starting at or after: ISO 8601 with a zone, or epoch ms. Default: `to` minus MAX_WINDOW_QUERY_RANGE_MS',
    example: '2026-11-24T09:00:00Z',
  })
  @ApiQuery({
    name: 'to',
    required: false,
    description: 'Windows starting at or before: ISO 8601 with a zone, or epoch ms. Default: now',
  })
  @ApiOkResponse({ type: WindowCountsResponse })
  async windows(
    @Param(WordParamsPipe) { word }: WordParams,
    @Query(WindowRangePipe) range: WindowRange,
    @Headers() headers: IncomingHttpHeaders,
    @Res() response: ServerResponse,
  ): Promise<void> {
    writeHttpReply(response, await this.queries.windows(word, range, headers));
  }
}
