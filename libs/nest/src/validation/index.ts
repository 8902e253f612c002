export { INSTANT_PATTERN, parseInstant } from './instant.js';
export { ApiTimeRangeQuery, TimeRangePipe, TimeRangeQuery } from './time-range.pipe.js';
export { type TimeRange, type TimeRangeOptions, timeRangeSchema } from './time-range.schema.js';
export { Utf8JsonBody } from './utf8-json-body.decorator.js';
export { validationFailed } from './validation-failed.js';
export { parseRequest, ZodValidationPipe } from './zod-validation.pipe.js';
