export const VERSION = '0.1.0';

export * from './serde/index.js';
export * from './processor/index.js';
export * from './engine/index.js';
export * from './topology/index.js';
export * from './dsl/index.js';
export * from './errors/index.js';
export * from './testing/index.js';
export * from './state/index.js';
export * from './windows/index.js';
export * from './runtime/index.js';
export * from './routing/index.js';
export * from './observability/index.js';
export * from './examples/word-count.js';
