import { Controller, Get, type MessageEvent, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { RETRY_AFTER_SECONDS, UnavailableResponse } from '@streamkit/nest';
import type { Observable } from 'rxjs';
import { DashboardFeed } from './dashboard-feed.js';
import { DashboardSnapshotResponse, TopologyResponse } from './dashboard.openapi.js';

/** The data of the dashboard's stream panels: word-count's topology and instances, throughput, dead letters. */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly feed: DashboardFeed) {}

  @Get()
  @ApiOperation({ summary: "word-count's instances and tasks, throughput and latency history, dead letters" })
  @ApiOkResponse({ type: DashboardSnapshotResponse })
  snapshot(): DashboardSnapshotResponse {
    return this.feed.current() as DashboardSnapshotResponse;
  }

  @Get('topology')
  @ApiOperation({ summary: 'The topology word-count runs (its describe() output, and as Mermaid)' })
  @ApiOkResponse({ type: TopologyResponse })
  @ApiServiceUnavailableResponse({
    standardSchema: UnavailableResponse,
    description: `No word-count instance answered yet (\`reason\`: word-count-unavailable); retry after ${RETRY_AFTER_SECONDS} s`,
  })
  topology(): Promise<TopologyResponse> {
    return this.feed.topology();
  }

  @Sse('events')
  @ApiOperation({ summary: 'The same data as Server-Sent Events, once per DASHBOARD_INTERVAL_MS' })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      '`event: dashboard` with the data of GET /dashboard: first with the whole throughput history, then once per ' +
      'DASHBOARD_INTERVAL_MS with the new throughput point only.',
  })
  events(): Observable<MessageEvent> {
    return this.feed.events();
  }
}
