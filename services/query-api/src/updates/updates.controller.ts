import type { ServerResponse } from 'node:http';
import { Controller, type MessageEvent, Res, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { UpdatesFeed } from './updates-feed.js';

@ApiTags('updates')
@Controller('updates')
export class UpdatesController {
  constructor(private readonly feed: UpdatesFeed) {}

  @Sse()
  @ApiOperation({ summary: 'Count changes as Server-Sent Events' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      '`event: counts` with `data: {"words":[{"word":"fox","count":43}]}`: the latest count of each word that ' +
      'changed, at most one event per UPDATES_INTERVAL_MS. A `: heartbeat` comment every UPDATES_HEARTBEAT_MS.',
  })
  stream(@Res({ passthrough: true }) response: ServerResponse): Observable<MessageEvent> {
    return this.feed.forClient(response);
  }
}
