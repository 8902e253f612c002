import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

@Injectable()
export class UpdatesMetrics {
  /** Clients connected to GET /updates now. */
  readonly clients: Gauge;
  /** Count changes applied to the store (before coalescing). */
  readonly changes: Counter;
  /** Batches sent to every connected client (after coalescing). */
  readonly batches: Counter;

  constructor(registry: Registry) {
    this.clients = new Gauge({
      name: 'query_api_updates_clients',
      help: 'Clients connected to the Server-Sent Events stream',
      registers: [registry],
    });
    this.changes = new Counter({
      name: 'query_api_count_changes_total',
      help: 'Word count changes applied to the store',
      registers: [registry],
    });
    this.batches = new Counter({
      name: 'query_api_updates_batches_total',
      help: 'Coalesced batches of count changes sent over Server-Sent Events',
      registers: [registry],
    });
  }
}
