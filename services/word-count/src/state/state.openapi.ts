import { ApiProperty } from '@nestjs/swagger';

export class WordCountResponse {
  @ApiProperty({ description: 'The word, lower-cased', example: 'fox' })
  readonly word!: string;

  @ApiProperty({ description: 'How often it occurred in all sentences so far; 0 for a word never seen', example: 42 })
  readonly count!: number;
}

export class WindowCount {
  @ApiProperty({ description: 'Window start (inclusive)', example: '2026-11-24T10:00:00.000Z' })
  readonly start!: string;

  @ApiProperty({ description: 'Window end (exclusive)', example: '2026-11-24T10:01:00.000Z' })
  readonly end!: string;

  @ApiProperty({ description: 'Occurrences in sentences whose timestamp is in the window', example: 7 })
  readonly count!: number;
}

export class WindowCountsResponse {
  @ApiProperty({ example: 'fox' })
  readonly word!: string;

  @ApiProperty({ description: 'Windows starting at or after this time...', example: '2026-11-24T09:00:00.000Z' })
  readonly from!: string;

  @ApiProperty({ description: '...and at or before this one', example: '2026-11-24T10:00:00.000Z' })
  readonly to!: string;

  @ApiProperty({ description: 'WINDOW_SIZE_MS', example: 60_000 })
  readonly windowSizeMs!: number;

  @ApiProperty({ type: [WindowCount], description: 'Windows in which the word occurred, oldest first' })
  readonly windows!: WindowCount[];
}
