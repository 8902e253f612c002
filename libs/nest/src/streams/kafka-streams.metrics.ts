import { Injectable, Optional } from '@nestjs/common';
import { KafkaStreams } from '@streamkit/kafka-streams';
import { registerStreamsMetrics } from '@streamkit/kafka-streams/prometheus';
import { Registry } from 'prom-client';

/**
 * The streams library's metrics (state, tasks, processing, lag, commits, restores, standbys, stores, rebalances,
 * transactions) in `/metrics`, read from `streams.metrics()` at each scrape. Registered when MetricsModule is
 * imported; the names are listed in the library README ("Metrics and tracing").
 */
@Injectable()
export class KafkaStreamsMetrics {
  constructor(streams: KafkaStreams, @Optional() registry?: Registry) {
    if (registry) registerStreamsMetrics(streams, { registry });
  }
}
