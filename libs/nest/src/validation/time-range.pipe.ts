import { applyDecorators, Injectable, mixin, type PipeTransform, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiQuery } from '@nestjs/swagger';
import { type TimeRange, timeRangeSchema } from './time-range.schema.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

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
      const maxRangeMs = config.get<unknown>(setting);
      if (typeof maxRangeMs !== 'number') throw new TypeError(`${setting} is not a number in the service's config`);
      this.pipe = new ZodValidationPipe(timeRangeSchema({ maxRangeMs, maxRangeSetting: setting }));
    }

    transform(query: unknown): TimeRange {
      return this.pipe.transform(query);
    }
  }
  return mixin(ConfiguredTimeRangePipe);
}

const INSTANT_FORMATS = 'epoch ms, or ISO 8601: a date-time with a zone, or a date (midnight UTC)';

/** OpenAPI of the `?from=&to=` that `TimeRangePipe<Config>(setting)` validates, both inclusive. */
export function ApiTimeRangeQuery<Config = Record<string, unknown>>(setting: keyof Config & string): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'from',
      required: false,
      description: `From this time: ${INSTANT_FORMATS}. Default: \`to\` minus ${setting}`,
      example: '2026-11-24T09:00:00Z',
    }),
    ApiQuery({ name: 'to', required: false, description: `Up to this time: ${INSTANT_FORMATS}. Default: now` }),
  );
}
