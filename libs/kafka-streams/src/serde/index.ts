export type { Serializer, Deserializer, Serde, Headers, MutableHeaders } from './serde.js';
export { Serdes, type Schema } from './serdes.js';
