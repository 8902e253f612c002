// @streamkit/contracts/http: the word rule as NestJS controllers declare it.
export { WordParams, wordParamsSchema } from './word-count/word-param.js';
