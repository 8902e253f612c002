import type { CustomTransportStrategy } from '@nestjs/microservices';
import type { KafkaStreams } from '@streamkit/kafka-streams';
import { DEFAULT_SHUTDOWN_GRACE_MS } from './kafka-streams.options.js';

/**
 * The streams app as a Nest microservice transport, for hybrid apps:
 * `app.connectMicroservice({ strategy: new KafkaStreamsTransport(streams) })` then
 * `app.startAllMicroservices()` starts it and `app.close()` drains and closes it. The topology does the
 * processing; there are no message handlers to route to.
 */
export class KafkaStreamsTransport implements CustomTransportStrategy {
  constructor(
    private readonly streams: KafkaStreams,
    private readonly shutdownGraceMs = DEFAULT_SHUTDOWN_GRACE_MS,
  ) {}

  listen(callback: (error?: unknown) => void): void {
    this.streams.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.streams.close({ timeoutMs: this.shutdownGraceMs });
  }
}
