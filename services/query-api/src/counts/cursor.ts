import { isUtf8 } from 'node:buffer';

/**
 * Page cursors are the last word of the page, base64url-encoded (opaque to clients). The next page starts
 * after that word, so paging is stable while counts change and words are added: no word is skipped or
 * repeated, and a word added behind the cursor simply shows up on a later page.
 */
export function encodeCursor(lastWord: string): string {
  return Buffer.from(lastWord, 'utf8').toString('base64url');
}

/** What a cursor looks like (base64url); whether it is one this API handed out, only decodeCursor can tell. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

/** The word a cursor stands for, or undefined when the string is not one this API handed out. */
export function decodeCursor(cursor: string): string | undefined {
  if (!CURSOR_PATTERN.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, 'base64url');
  if (bytes.length === 0 || !isUtf8(bytes) || bytes.toString('base64url') !== cursor) return undefined;
  return bytes.toString('utf8');
}
