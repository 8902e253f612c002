import { Module } from '@nestjs/common';
import { InstanceController } from './instance.controller.js';
import { QueryMetrics } from './query-metrics.js';
import { StateController } from './state.controller.js';
import { WordStateQueries } from './word-state-queries.js';

/**
 * `GET /state/words/:word` and `GET /state/windows/:word`, answered from the stores of whichever instance owns the
 * word; `GET /state/instance` and `GET /state/topology`: what this instance runs.
 */
@Module({
  controllers: [StateController, InstanceController],
  providers: [WordStateQueries, QueryMetrics],
})
export class StateModule {}
