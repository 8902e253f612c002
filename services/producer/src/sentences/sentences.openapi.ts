import { ApiProperty } from '@nestjs/swagger';

export class AcceptedResponse {
  @ApiProperty({ description: 'Sentences Kafka acknowledged', example: 3 })
  readonly accepted!: number;
}
