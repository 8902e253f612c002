export * from './bootstrap/index.js';
export * from './config/index.js';
export * from './health/index.js';
export * from './kafka/index.js';
export * from './logging/index.js';
export * from './metrics/index.js';
export * from './validation/index.js';
export * from './streams/index.js';
