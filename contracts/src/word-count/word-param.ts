// The `:word` path parameter of the services that answer count queries (query-api and word-count).
import { ValidParams } from '@streamkit/nest';
import { z } from 'zod';
import { wordSchema } from './words.js';

/** The path parameters `{ word }` of a count query. */
export const wordParamsSchema = z.object({ word: wordSchema });

/**
 * The `:word` path parameter, validated by `wordSchema` and documented by it (pattern, length, example):
 * `@WordParams() { word }: { word: string }`.
 */
export const WordParams = (): ParameterDecorator => ValidParams(wordParamsSchema);
