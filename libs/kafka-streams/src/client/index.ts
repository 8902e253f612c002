export type * from './types.js';
export { KafkajsClientFactory } from './kafkajs/client-factory.js';
