import { ApiParam } from '@nestjs/swagger';
import { wordsOf } from '@streamkit/kafka-streams';
import { z } from 'zod';
import { ZodValidationPipe } from './zod-validation.pipe.js';

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
 * A word as wordCountTopology counts it (`wordsOf`), e.g. the `:word` of a count query. Lower-cased as the
 * topology lower-cases sentences, so `Kafka` asks for the count of `kafka`. Text the topology would split or
 * drop (`foo-bar`, `two words`, `café`) can never have a count: a 400 names the parameter, rather than a 0
 * that would suggest the word was looked up.
 */
export const wordSchema = text.transform(oneWord);

/** The start of a word (`?prefix=`): empty (every word), or a word by the rule of `wordSchema`. */
export const wordPrefixSchema = text.transform((value, context) => (value === '' ? '' : oneWord(value, context)));

/** The `:word` path parameter by `wordSchema`: `@Param(wordParamsPipe) { word }: { word: string }`. */
export const wordParamsPipe = new ZodValidationPipe(z.object({ word: wordSchema }));

/** OpenAPI of the `:word` path parameter that `wordParamsPipe` validates. */
export const ApiWordParam = (): MethodDecorator =>
  ApiParam({
    name: 'word',
    description: 'One word: letters a-z, digits 0-9, "_"; upper case is lower-cased, as sentences are',
    example: 'fox',
  });
