import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import type { sentenceSchema } from './sentence.schema.js';

/** `ndjson`: one `{"text": ...}` per line; `lines`: one sentence per line. */
export type BulkFormat = 'ndjson' | 'lines';

export type ParsedLine = { readonly text: string } | { readonly reason: string } | 'blank';

/** The bulk format a Content-Type asks for; undefined when unsupported (only UTF-8 is accepted). */
export function bulkFormatOf(contentType: string | undefined): BulkFormat | undefined {
  const [mediaType = '', ...parameters] = (contentType ?? '')
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return undefined;
  if (mediaType === 'application/x-ndjson') return 'ndjson';
  if (mediaType === 'text/plain') return 'lines';
  return undefined;
}

/** Decodes and validates one line of a bulk body. Blank lines carry nothing and are skipped. */
export function parseLine(line: Buffer, format: BulkFormat, schema: ReturnType<typeof sentenceSchema>): ParsedLine {
  if (!isUtf8(line)) return { reason: 'not valid UTF-8' };
  const decoded = line.toString('utf8');
  if (decoded.trim() === '') return 'blank';
  let candidate: unknown = { text: decoded };
  if (format === 'ndjson') {
    try {
      candidate = JSON.parse(decoded);
    } catch {
      return { reason: 'not valid JSON' };
    }
  }
  const parsed = schema.safeParse(candidate);
  return parsed.success ? { text: parsed.data.text } : { reason: describe(parsed.error) };
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ` : '') + issue.message)
    .join('; ');
}
