import { Global, Module } from '@nestjs/common';
import { CountsController } from './counts.controller.js';
import { CountsService } from './counts.service.js';
import { TopWords } from './top-words.js';

/** The REST reads. Global so the readiness check (built by HealthModule) can see the ranking. */
@Global()
@Module({
  controllers: [CountsController],
  providers: [CountsService, TopWords],
  exports: [TopWords],
})
export class CountsModule {}
