// The ErrorBody shapes for OpenAPI documents: `@ApiBadRequestResponse({ type: ValidationErrorResponse })`.
import { ApiProperty } from '@nestjs/swagger';
import { RETRY_AFTER_SECONDS } from './service-unavailable.js';

export class ErrorResponse {
  @ApiProperty({ description: 'The HTTP status again', example: 404 })
  readonly statusCode!: number;

  @ApiProperty({ description: 'The status text', example: 'Not Found' })
  readonly error!: string;

  @ApiProperty({ description: 'What went wrong, for people', example: 'Cannot GET /nowhere' })
  readonly message!: string;
}

export class FieldErrorResponse {
  @ApiProperty({ description: 'The parameter or field at fault; empty for the request as a whole', example: 'from' })
  readonly field!: string;

  @ApiProperty({ example: 'must not be after to' })
  readonly reason!: string;
}

export class ValidationErrorResponse extends ErrorResponse {
  @ApiProperty({ example: 400 })
  declare readonly statusCode: number;

  @ApiProperty({ example: 'Bad Request' })
  declare readonly error: string;

  @ApiProperty({ example: 'Validation failed' })
  declare readonly message: string;

  @ApiProperty({ type: [FieldErrorResponse], description: 'A reason per invalid parameter or field' })
  readonly errors!: FieldErrorResponse[];
}

export class UnavailableResponse extends ErrorResponse {
  @ApiProperty({ example: 503 })
  declare readonly statusCode: number;

  @ApiProperty({ example: 'Service Unavailable' })
  declare readonly error: string;

  @ApiProperty({ example: "this instance owns the key and is restoring the key's state" })
  declare readonly message: string;

  @ApiProperty({
    description: `Why, as a stable code; the answer carries \`Retry-After: ${RETRY_AFTER_SECONDS}\``,
    example: 'restoring',
  })
  readonly reason!: string;
}
