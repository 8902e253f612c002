import type { DynamicModule, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { z } from 'zod';
import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load-config.js';
import { HttpExceptionFilter } from '../errors/error-response.filter.js';
import { setupOpenApi } from './openapi.js';
import { exitIfShutdownOverruns } from './shutdown-deadline.js';

export interface ServiceAppOptions {
  /** The service name: OpenAPI title (log and metric labels come from LoggingModule/MetricsModule). */
  readonly service: string;
  /**
   * Service-specific setup before the app listens, e.g. body parsers, or connecting a microservice
   * transport (`connectKafkaStreamsTransport(app)`), which bootstrapService starts once HTTP listens.
   */
  readonly configure?: (app: NestExpressApplication) => void;
}

export interface BootstrapOptions extends ServiceAppOptions {
  /**
   * Validated before Nest starts; its `PORT` is where the app listens. With a `SHUTDOWN_GRACE_MS`, a stop
   * (SIGTERM, SIGINT) that takes longer ends the process with exit code 1.
   */
  readonly configSchema: z.ZodType<{ PORT: number; SHUTDOWN_GRACE_MS?: number }>;
  readonly nestOptions?: NestApplicationOptions;
}

/**
 * Starts a service: validates the environment (a bad variable prints one line and exits 1 before Nest
 * starts), creates the app with the pino logger, shutdown hooks and `/docs`, listens on PORT, then starts
 * the connected microservices (hybrid apps; a failure to start them is logged and exits 1). HTTP comes
 * first so that probes answer while a streams app joins its group and restores its stores.
 */
export async function bootstrapService(
  module: Type | DynamicModule,
  options: BootstrapOptions,
): Promise<NestExpressApplication> {
  const { PORT, SHUTDOWN_GRACE_MS } = loadConfigOrExit(options.configSchema);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    // Nest's default reaction to a start-up failure is process.abort(), which hides the error's exit code.
    abortOnError: false,
    ...options.nestOptions,
  });
  configureServiceApp(app, options);
  const logger = app.get(Logger);
  if (SHUTDOWN_GRACE_MS !== undefined) exitIfShutdownOverruns(SHUTDOWN_GRACE_MS, logger);
  await app.listen(PORT);
  logger.log(`${options.service} listening on port ${PORT}`, 'Bootstrap');
  if (app.getMicroservices().length > 0) {
    try {
      await app.startAllMicroservices();
    } catch (error) {
      logger.fatal({ message: `could not start: ${(error as Error).message}`, err: error }, 'Bootstrap');
      await app.close();
      process.exit(1);
    }
  }
  return app;
}

/**
 * What bootstrapService does to an app besides listening; tests apply it to a TestingModule's app. Every
 * HttpException is answered in the shared ErrorBody shape (HttpExceptionFilter).
 */
export function configureServiceApp(app: NestExpressApplication, { service, configure }: ServiceAppOptions): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.enableShutdownHooks();
  app.useGlobalFilters(new HttpExceptionFilter(app.getHttpAdapter()));
  configure?.(app);
  setupOpenApi(app, service);
}

function loadConfigOrExit<Config>(schema: z.ZodType<Config>): Config {
  try {
    return loadConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
