import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WordCountResponse {
  @ApiProperty({ description: 'The word, in lower case (words are counted in lower case)', example: 'fox' })
  readonly word!: string;

  @ApiProperty({ description: 'How often it was counted; 0 for a word never seen', example: 42 })
  readonly count!: number;
}

export class CountPageResponse {
  @ApiProperty({ type: [WordCountResponse], description: 'Words in byte order of their UTF-8 encoding' })
  readonly words!: WordCountResponse[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` for the next page; absent on the last page', example: 'Zm94' })
  readonly nextCursor?: string;
}

export class TopWordsResponse {
  @ApiProperty({ type: [WordCountResponse], description: 'Highest count first; equal counts by word' })
  readonly words!: WordCountResponse[];
}

export class WindowCountResponse {
  @ApiProperty({ description: 'Window start (inclusive), ISO 8601', example: '2026-08-01T12:00:00.000Z' })
  readonly start!: string;

  @ApiProperty({ description: 'Window end (exclusive), ISO 8601', example: '2026-08-01T12:01:00.000Z' })
  readonly end!: string;

  @ApiProperty({ description: 'Count of the word within the window', example: 7 })
  readonly count!: number;
}

export class WindowsResponse {
  @ApiProperty({ example: 'fox' })
  readonly word!: string;

  @ApiProperty({ description: 'Windows starting at or after this time...', example: '2026-08-01T11:00:00.000Z' })
  readonly from!: string;

  @ApiProperty({ description: '...and at or before this one', example: '2026-08-01T12:00:00.000Z' })
  readonly to!: string;

  @ApiProperty({ description: 'Window size in milliseconds (WINDOW_SIZE_MS)', example: 60000 })
  readonly windowSizeMs!: number;

  @ApiProperty({
    type: [WindowCountResponse],
    description: 'Windows starting in [from, to] in which the word was counted, oldest first',
  })
  readonly windows!: WindowCountResponse[];
}
