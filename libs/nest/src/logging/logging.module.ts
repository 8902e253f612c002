import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import type { ServiceConfig } from '../config/service-config.schema.js';
import { assignRequestId } from './request-id.js';
import { STREAMS_LOGGER, streamsLogger } from './streams-logger.js';

export interface LoggingOptions {
  /** The service name, on every log line as `service`. */
  readonly service: string;
  /** Where the JSON lines go; stdout by default (tests capture them here). */
  readonly destination?: DestinationStream;
}

/**
 * JSON logs via nestjs-pino with the same fields in every service: `service`, `instance` (INSTANCE_ID),
 * `requestId` on request-scoped lines, `task` on lines from stream tasks. The level comes from LOG_LEVEL.
 * Also provides STREAMS_LOGGER, the logger to give the streams runtime (`config.logger`), so its lines and
 * kafkajs' have the same shape and honour LOG_LEVEL too. Global; needs ServiceConfigModule.
 */
@Module({})
export class LoggingModule {
  static forRoot({ service, destination }: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<ServiceConfig, true>) => {
            const options = {
              ...baseOptions(service, config),
              genReqId: assignRequestId,
              // Lines logged while serving a request carry just its id; the request line itself has the rest.
              quietReqLogger: true,
              customAttributeKeys: { reqId: 'requestId' },
              // Probes and scrapes every few seconds would drown the useful lines.
              autoLogging: { ignore: (request: { url?: string }) => isProbeOrScrape(request.url) },
            };
            return { pinoHttp: destination ? [options, destination] : options };
          },
        }),
      ],
      providers: [
        {
          provide: STREAMS_LOGGER,
          inject: [ConfigService],
          // Its own pino instance: nestjs-pino's root logger is one per process, and tests run several apps in one.
          useFactory: (config: ConfigService<ServiceConfig, true>) => {
            const options = baseOptions(service, config);
            const logger = destination ? pino(options, destination) : pino(options);
            return streamsLogger(logger.child({ context: 'KafkaStreams' }));
          },
        },
      ],
      exports: [STREAMS_LOGGER],
    };
  }
}

function baseOptions(service: string, config: ConfigService<ServiceConfig, true>): LoggerOptions {
  return {
    level: config.get('LOG_LEVEL', { infer: true }),
    base: { service, instance: config.get('INSTANCE_ID', { infer: true }) },
    messageKey: 'message',
    formatters: { level: (label: string) => ({ level: label }) },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  };
}

function isProbeOrScrape(url: string | undefined): boolean {
  return url !== undefined && (url.startsWith('/health') || url === '/metrics');
}
