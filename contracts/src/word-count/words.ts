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

/**
 * The characters of a word as a query may spell it: those that lower-case to a-z, 0-9 or "_", which are
 * A-Z, a-z, 0-9, "_" and the Kelvin sign (U+212A, lower-cased to "k"). A regular expression, so that the
 * OpenAPI documents state the rule as a `pattern`; a unit test checks it against `wordsOf` for every code point.
 */
export const WORD_PATTERN = /^[A-Za-z0-9_\u212A]+$/;

/** A word or nothing: the start of a word, `?prefix=`. */
export const WORD_PREFIX_PATTERN = /^[A-Za-z0-9_\u212A]*$/;

const text = z
  .string({ error: 'must be given once' })
  .max(MAX_WORD_LENGTH, `must be at most ${MAX_WORD_LENGTH} characters`);

const lowerCase = (value: string): string => value.toLowerCase();

/**
 * A word as the word count counts it (`wordsOf`), e.g. the `:word` of a count query. Lower-cased as the
 * topology lower-cases sentences, so `Kafka` asks for the count of `kafka`. Text the topology would split or
 * drop (`foo-bar`, `two words`, `café`) can never have a count: a 400 names the parameter, rather than a 0
 * that would suggest the word was looked up.
 */
export const wordSchema = text
  .regex(WORD_PATTERN, ONE_WORD)
  .transform(lowerCase)
  .meta({
    description: `One word: letters A-Z and a-z (and the Kelvin sign, read as "k"), digits 0-9, "_"; upper case is lower-cased, as sentences are (at most ${MAX_WORD_LENGTH} characters)`,
    example: 'fox',
  });

/** The start of a word (`?prefix=`): empty (every word), or a word by the rule of `wordSchema`. */
export const wordPrefixSchema = text
  .regex(WORD_PREFIX_PATTERN, ONE_WORD)
  .transform(lowerCase)
  .meta({ description: 'The start of a word, case-insensitive; all words when empty or absent', example: 'qu' });
