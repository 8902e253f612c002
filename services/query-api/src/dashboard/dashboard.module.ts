import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { DashboardFeed } from './dashboard-feed.js';
import { WordCountClient } from './word-count-client.js';

/**
 * `GET /dashboard`, `/dashboard/topology`, `/dashboard/events`: what the dashboard shows besides the counts, from
 * word-count's instances (WORD_COUNT_URLS and the members they name), the count updates and the dead letters.
 */
@Module({
  controllers: [DashboardController],
  providers: [DashboardFeed, WordCountClient],
})
export class DashboardModule {}
