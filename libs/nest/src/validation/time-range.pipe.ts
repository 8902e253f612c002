import { applyDecorators, Injectable, mixin, type PipeTransform, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiQuery } from '@nestjs/swagger';
import { openApiSchemaOf } from '../openapi/openapi-schema.js';
import { configuredSchema } from '../openapi/request-schema.js';
import { ValidQuery } from '../openapi/valid-params.decorator.js';
import { type TimeRange, timeRangeDescriptions, timeRangeSchema } from './time-range.schema.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

/** `?from=&to=` validated by timeRangeSchema with the widest range from the config variable `setting`, and documented by it. */
export function TimeRangeQuery<Config = Record<string, unknown>>(setting: keyof Config & string): ParameterDecorator {
  return ValidQuery(
    configuredSchema((config) =>
      timeRangeSchema({ maxRangeMs: maxRangeOf(config, setting), maxRangeSetting: setting }),
    ),
  );
}

function maxRangeOf(config: ConfigService, setting: string): number {
  const maxRangeMs = config.get<unknown>(setting);
  if (typeof maxRangeMs !== 'number') throw new TypeError(`${setting} is not a number in the service's config`);
  return maxRangeMs;
}

/**
 * A pipe for `?from=&to=` (timeRangeSchema) whose widest range is the service's config variable `setting`:
 * `@Query(TimeRangePipe<MyConfig>('MAX_WINDOW_QUERY_RANGE_MS')) range: TimeRange`. A 400 names the variable;
 * a variable that is not a number in the config fails the start.
 */
export function TimeRangePipe<Config = Record<string, unknown>>(
  setting: keyof Config & string,
): Type<PipeTransform<unknown, TimeRange>> {
  @Injectable()
  class ConfiguredTimeRangePipe implements PipeTransform<unknown, TimeRange> {
    private readonly pipe: ZodValidationPipe<ReturnType<typeof timeRangeSchema>>;

    constructor(config: ConfigService) {
      const maxRangeMs = maxRangeOf(config, setting);
      this.pipe = new ZodValidationPipe(timeRangeSchema({ maxRangeMs, maxRangeSetting: setting }));
    }

    transform(query: unknown): TimeRange {
      return this.pipe.transform(query);
    }
  }
  return mixin(ConfiguredTimeRangePipe);
}

/** OpenAPI of the `?from=&to=` that `TimeRangePipe<Config>(setting)` validates, both inclusive (TimeRangeQuery does both). */
export function ApiTimeRangeQuery<Config = Record<string, unknown>>(setting: keyof Config & string): MethodDecorator {
  const descriptions = timeRangeDescriptions(setting);
  const { properties } = openApiSchemaOf(timeRangeSchema({ maxRangeMs: 1, maxRangeSetting: setting })) as {
    properties: Record<'from' | 'to', Record<string, unknown>>;
  };
  return applyDecorators(
    ApiQuery({ name: 'from', required: false, description: descriptions.from, schema: properties.from }),
    ApiQuery({ name: 'to', required: false, description: descriptions.to, schema: properties.to }),
  );
}
