import { Module } from '@nestjs/common';
import { QueryMetrics } from './query-metrics.js';
import { StateController } from './state.controller.js';
import { WordStateQueries } from './word-state-queries.js';

/** `GET /state/words/:word` and `GET /state/windows/:word`, answered from the stores of whichever instance owns the word. */
@Module({
  controllers: [StateController],
  providers: [WordStateQueries, QueryMetrics],
})
export class StateModule {}
