import { Injectable } from '@nestjs/common';
import type { KeyQueryResult } from '@streamkit/kafka-streams';
import { Counter, Registry } from 'prom-client';

export type QueryEndpoint = 'words' | 'windows';

@Injectable()
export class QueryMetrics {
  /** Queries by endpoint and how they were answered: from the local store, by the owner, or not (503). */
  private readonly queries: Counter<'endpoint' | 'answer'>;

  constructor(registry: Registry) {
    this.queries = new Counter({
      name: 'word_count_state_queries_total',
      help: 'State queries by endpoint and answer (local, forwarded to the owning instance, unavailable)',
      labelNames: ['endpoint', 'answer'],
      registers: [registry],
    });
  }

  record(endpoint: QueryEndpoint, result: KeyQueryResult<unknown>): void {
    this.queries.inc({ endpoint, answer: result.kind });
  }
}
