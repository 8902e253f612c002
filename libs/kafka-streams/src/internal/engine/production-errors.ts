// The one place a ProductionExceptionHandler is consulted, for both kinds of production failure: a record a sink
// could not serialize or partition (in the task, record by record) and records the broker refused (in the
// task's collector, when it flushes). Both callers act on the decision alone: stop the task ('fail'), or log,
// count and drop the record(s) ('continue').
import type { ErrorContext, ProductionExceptionHandler } from '../../errors/handlers.js';
import type { ProducedRecord } from './contracts.js';

/** Where the record failed: at the sink (serialization, partitioning) or when it was sent. */
export type ProductionFailureKind = 'serialization' | 'send';

export type ProductionDecision = 'fail' | 'continue';

/**
 * What to do with `record`, which failed with `error`. Production failures cannot be dead-lettered (a batch may
 * be half-sent), so only `'fail'` stops; any other answer continues. A handler that throws throws here: the
 * caller fails its task.
 */
export function decideProductionError(
  handler: ProductionExceptionHandler,
  context: ErrorContext,
  record: ProducedRecord,
  error: Error,
): ProductionDecision {
  const response: unknown = handler.handle(context, record, error);
  return response === 'fail' ? 'fail' : 'continue';
}

/** The warning logged for records a `'continue'` decision drops. */
export function productionContinuedMessage(kind: ProductionFailureKind): string {
  return kind === 'serialization'
    ? 'production error: the production exception handler chose to continue, record skipped'
    : 'production failed; the production exception handler chose to continue, records dropped';
}
