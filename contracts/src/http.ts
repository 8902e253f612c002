// @streamkit/contracts/http: the word rule as NestJS controllers declare it.
export { ApiWordParam, wordParamsPipe } from './word-count/word-param.js';
