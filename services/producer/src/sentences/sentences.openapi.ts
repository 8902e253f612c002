import { ApiProperty } from '@nestjs/swagger';

const sentence = {
  type: 'object',
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: 10_000, example: 'the quick brown fox' } },
};

/** `{ text }` or a non-empty array of them (maxLength is MAX_SENTENCE_LENGTH, 10000 by default). */
export const sentencesBodySchema = { oneOf: [sentence, { type: 'array', minItems: 1, items: sentence }] };

export class AcceptedResponse {
  @ApiProperty({ description: 'Sentences Kafka acknowledged', example: 3 })
  readonly accepted!: number;
}
