import { Module } from '@nestjs/common';
import { UpdatesController } from './updates.controller.js';
import { UpdatesFeed } from './updates-feed.js';
import { UpdatesMetrics } from './updates.metrics.js';

@Module({
  controllers: [UpdatesController],
  providers: [UpdatesFeed, UpdatesMetrics],
})
export class UpdatesModule {}
