// The `:word` path parameter of the services that answer count queries (query-api and word-count).
import { ApiParam } from '@nestjs/swagger';
import { ZodValidationPipe } from '@streamkit/nest';
import { z } from 'zod';
import { wordSchema } from './words.js';

/** The `:word` path parameter by `wordSchema`: `@Param(wordParamsPipe) { word }: { word: string }`. */
export const wordParamsPipe = new ZodValidationPipe(z.object({ word: wordSchema }));

/** OpenAPI of the `:word` path parameter that `wordParamsPipe` validates. */
export const ApiWordParam = (): MethodDecorator =>
  ApiParam({
    name: 'word',
    description: 'One word: letters a-z, digits 0-9, "_"; upper case is lower-cased, as sentences are',
    example: 'fox',
  });
