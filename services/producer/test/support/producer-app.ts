// Starts the producer's real AppModule in-process (no listen), with an explicit environment.
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureServiceApp, type Environment } from '@streamkit/nest';
import { AppModule } from '../../src/app.module.js';
import { producerAppOptions } from '../../src/producer-app.js';

export async function startProducerApp(
  env: Environment,
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<NestExpressApplication> {
  const moduleRef = await customize(Test.createTestingModule({ imports: [AppModule.forRoot(env)] })).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    ...producerAppOptions.nestOptions,
    bufferLogs: true,
  });
  configureServiceApp(app, producerAppOptions);
  await app.init();
  return app;
}

/** Sends `messages` nowhere but records them, like an always-acknowledging Kafka. */
export class RecordingProducer {
  readonly sent: Array<{ topic: string; values: string[] }> = [];
  ackDelayMs = 0;

  async produce(topic: string, messages: ReadonlyArray<{ value: string | Buffer }>): Promise<[]> {
    if (this.ackDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.ackDelayMs));
    this.sent.push({ topic, values: messages.map((m) => m.value.toString()) });
    return [];
  }

  get values(): string[] {
    return this.sent.flatMap((s) => s.values);
  }

  async onApplicationShutdown(): Promise<void> {}
}
