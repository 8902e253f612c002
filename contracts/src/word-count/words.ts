// The word rule: how the word count splits a sentence into words. The topology counts by it and the HTTP
// APIs validate a queried word by it, so that a word either can have a count or is rejected with a reason.
import { z } from 'zod';

/**
 * The words of a sentence: lower-cased, split at every character other than a-z, 0-9 and "_" (`\W` without
 * the `u` flag, as Java's WordCountDemo splits), empty pieces dropped. Every word matches /^[a-z0-9_]+$/.
 */
export function wordsOf(sentence: string): string[] {
  return sentence
    .toLowerCase()
    .split(/\W+/)
    .filter((word) => word.length > 0);
}

/** Longest word a query may name: as long as a sentence can be (the producer's default MAX_SENTENCE_LENGTH). */
export const MAX_WORD_LENGTH = 10_000;

const ONE_WORD = 'must be one word of letters a-z, digits 0-9 or "_" (sentences are split at every other character)';

const text = z
  .string({ error: 'must be given once' })
  .max(MAX_WORD_LENGTH, `must be at most ${MAX_WORD_LENGTH} characters`);

/** `value` as the word the topology counts it under, if the topology reads it as exactly one word. */
function asWord(value: string): string | undefined {
  const words = wordsOf(value);
  return words.length === 1 && words[0] === value.toLowerCase() ? words[0] : undefined;
}

function oneWord(value: string, context: z.RefinementCtx): string {
  const word = asWord(value);
  if (word !== undefined) return word;
  context.addIssue({ code: 'custom', message: ONE_WORD });
  return z.NEVER;
}

/**
 * A word as the word count counts it (`wordsOf`), e.g. the `:word` of a count query. Lower-cased as the
 * topology lower-cases sentences, so `Kafka` asks for the count of `kafka`. Text the topology would split or
 * drop (`foo-bar`, `two words`, `café`) can never have a count: a 400 names the parameter, rather than a 0
 * that would suggest the word was looked up.
 */
export const wordSchema = text.transform(oneWord);

/** The start of a word (`?prefix=`): empty (every word), or a word by the rule of `wordSchema`. */
export const wordPrefixSchema = text.transform((value, context) => (value === '' ? '' : oneWord(value, context)));
