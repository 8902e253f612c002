import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Headers, HttpCode, Post, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  ApiSchemaBody,
  ErrorResponse,
  RETRY_AFTER_SECONDS,
  UnavailableResponse,
  Utf8JsonBody,
  ValidationErrorResponse,
  validationFailed,
} from '@streamkit/nest';
import { bulkFormatOf } from './bulk-format.js';
import { BulkIngestion } from './bulk-ingestion.js';
import { SentencePublisher } from './sentence-publisher.js';
import { SentencesBodyPipe } from './sentences-body.pipe.js';
import { sentencesBodySchema } from './sentence.schema.js';
import { AcceptedResponse } from './sentences.openapi.js';

@ApiTags('sentences')
@ApiAcceptedResponse({ type: AcceptedResponse, description: 'Every sentence was acknowledged by Kafka' })
@ApiServiceUnavailableResponse({
  standardSchema: UnavailableResponse,
  description:
    `Kafka could not be reached or did not acknowledge within KAFKA_SEND_TIMEOUT_MS (\`reason\`: kafka-unavailable), ` +
    `or the Kafka producer is being recreated after a failure (\`reason\`: producer-resetting); retry after ${RETRY_AFTER_SECONDS} s`,
})
@Controller('sentences')
export class SentencesController {
  constructor(
    private readonly publisher: SentencePublisher,
    private readonly bulk: BulkIngestion,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiSchemaBody(sentencesBodySchema, '`{ "text": ... }` or a non-empty array of them')
  @ApiBadRequestResponse({ standardSchema: ValidationErrorResponse, description: 'A reason per invalid field' })
  @ApiPayloadTooLargeResponse({ standardSchema: ErrorResponse, description: 'Body over MAX_BODY_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ standardSchema: ErrorResponse, description: 'Not sent as application/json' })
  async accept(@Utf8JsonBody(SentencesBodyPipe) texts: string[]): Promise<AcceptedResponse> {
    await this.publisher.publish(texts);
    return { accepted: texts.length };
  }

  @Post('bulk')
  @HttpCode(202)
  @ApiConsumes('application/x-ndjson', 'text/plain')
  @ApiBody({
    required: true,
    description:
      'One {"text": ...} per line (NDJSON), or one sentence per line (text/plain); UTF-8. The lines are ' +
      'validated one by one as they arrive; a 400 names the first invalid one',
    // No `type`: on the wire every body is text, so there is no value of another type to refuse.
    schema: {},
  })
  @ApiBadRequestResponse({
    standardSchema: ValidationErrorResponse,
    description: 'The first invalid line (`field`: `line 12`); `accepted` sentences before it were sent',
  })
  @ApiUnsupportedMediaTypeResponse({
    standardSchema: ErrorResponse,
    description: 'Neither application/x-ndjson nor text/plain, or not UTF-8',
  })
  async acceptBulk(
    @Req() request: IncomingMessage,
    @Res({ passthrough: true }) response: ServerResponse,
    @Headers('content-type') contentType?: string,
  ): Promise<AcceptedResponse> {
    const format = bulkFormatOf(contentType);
    if (!format) throw new UnsupportedMediaTypeException('Send application/x-ndjson or text/plain (UTF-8)');
    // Leave the request open when we stop early: destroying it would take the socket, and the answer, with it.
    const result = await this.bulk.ingest(request.iterator({ destroyOnReturn: false }), format);
    if (result.rejected) {
      // The rest of the upload is not wanted; closing beats reading it only to throw it away.
      response.setHeader('Connection', 'close');
      const { line, reason } = result.rejected;
      throw validationFailed([{ field: `line ${line}`, reason }], { accepted: result.accepted });
    }
    return { accepted: result.accepted };
  }
}
