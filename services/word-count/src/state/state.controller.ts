import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { writeHttpReply } from '@streamkit/kafka-streams';
import { WordParams } from '@streamkit/contracts/http';
import {
  RETRY_AFTER_SECONDS,
  type TimeRange,
  TimeRangeQuery,
  UnavailableResponse,
  ValidationErrorResponse,
} from '@streamkit/nest';
import type { WordCountConfig } from '../config.js';
import { WindowCountsResponse, WordCountResponse } from './state.openapi.js';
import { WordStateQueries } from './word-state-queries.js';

/**
 * Counts from the state stores. Any instance answers any word: the instance that runs the word's task
 * answers from its stores, the others ask it (the reply names it in `x-streamkit-served-by`).
 */
@ApiTags('state')
@ApiBadRequestResponse({ standardSchema: ValidationErrorResponse, description: 'A reason per invalid parameter' })
@ApiServiceUnavailableResponse({
  standardSchema: UnavailableResponse,
  description:
    'The stores are restoring or moving between instances, or the owner did not answer (`reason`: not-running, ' +
    `rebalancing, restoring, not-owner, owner-unavailable, owner-unreachable); retry after ${RETRY_AFTER_SECONDS} s`,
})
@Controller('state')
export class StateController {
  constructor(private readonly queries: WordStateQueries) {}

  @Get('words/:word')
  @ApiOkResponse({ type: WordCountResponse })
  async count(
    @WordParams() { word }: { word: string },
    @Headers() headers: IncomingHttpHeaders,
    @Res() response: ServerResponse,
  ): Promise<void> {
    writeHttpReply(response, await this.queries.count(word, headers));
  }

  @Get('windows/:word')
  @ApiOkResponse({ type: WindowCountsResponse })
  async windows(
    @WordParams() { word }: { word: string },
    @TimeRangeQuery<WordCountConfig>('MAX_WINDOW_QUERY_RANGE_MS') range: TimeRange,
    @Headers() headers: IncomingHttpHeaders,
    @Res() response: ServerResponse,
  ): Promise<void> {
    writeHttpReply(response, await this.queries.windows(word, range, headers));
  }
}
