/** A line exceeded the allowed size before its end was seen; reading stops instead of buffering it all. */
export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines (LF or CRLF), without decoding: a UTF-8 multi-byte sequence never
 * contains 0x0A, so splitting bytes is safe and each line can be validated as UTF-8 on its own. Pulls the
 * next chunk only when the consumer asks for the next line, so a slow consumer pauses the source.
 */
export async function* splitLines(source: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Buffer> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  for await (const chunk of source) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      const tail = chunk.subarray(start, end);
      const line = partial.length > 0 ? Buffer.concat([...partial, tail]) : tail;
      partial = [];
      partialBytes = 0;
      start = end + 1;
      yield withoutCarriageReturn(ensureFits(line, maxLineBytes));
    }
    if (start < chunk.length) {
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
      if (partialBytes > maxLineBytes) throw new LineTooLongError(`line longer than ${maxLineBytes} bytes`);
    }
  }
  if (partialBytes > 0) yield withoutCarriageReturn(Buffer.concat(partial));
}

function ensureFits(line: Buffer, maxLineBytes: number): Buffer {
  if (line.length > maxLineBytes) throw new LineTooLongError(`line longer than ${maxLineBytes} bytes`);
  return line;
}

function withoutCarriageReturn(line: Buffer): Buffer {
  return line.at(-1) === CARRIAGE_RETURN ? line.subarray(0, -1) : line;
}
