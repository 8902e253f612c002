// Built-in serdes with the byte layouts of Java's org.apache.kafka.common.serialization serdes, so topics
// are readable by either side. Like Java, `null` bytes (no key, tombstone) pass through as `null`: a
// built-in Serde<T> returns null for null bytes, so declare the stream type as `T | null` where that can happen.
import { SerializationError } from '../errors/exceptions.js';
import type { Serde } from './serde.js';

/** Anything that validates unknown input into a T: a zod schema fits, and gives the serde its type. */
export interface Schema<T> {
  parse(input: unknown): T;
}

function nullable<T>(
  name: string,
  toBytes: (topic: string, data: T) => Buffer,
  fromBytes: (topic: string, data: Buffer) => T,
): Serde<T> {
  return {
    name,
    serialize: (topic, data) => (data === null || data === undefined ? null : toBytes(topic, data)),
    // Java's deserializers return null for null bytes; the typed API documents it (see the file header).
    deserialize: (topic, data) => (data === null ? (null as T) : fromBytes(topic, data)),
  };
}

function requireLength(serde: string, topic: string, data: Buffer, size: number): void {
  if (data.length !== size) {
    throw new SerializationError(`${serde} deserializer on topic ${topic}: expected ${size} bytes, got ${data.length}`);
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const string = (): Serde<string> =>
  nullable(
    'String',
    (_topic, data) => Buffer.from(data, 'utf8'),
    (_topic, data) => data.toString('utf8'),
  );

const int32 = (): Serde<number> =>
  nullable(
    'Int32',
    (topic, data) => {
      if (!Number.isInteger(data) || data < -0x80000000 || data > 0x7fffffff) {
        throw new SerializationError(`Int32 serializer on topic ${topic}: ${data} is not a 32-bit integer`);
      }
      const bytes = Buffer.alloc(4);
      bytes.writeInt32BE(data);
      return bytes;
    },
    (topic, data) => {
      requireLength('Int32', topic, data, 4);
      return data.readInt32BE(0);
    },
  );

const int64 = (): Serde<bigint> =>
  nullable(
    'Int64',
    (topic, data) => {
      if (data < INT64_MIN || data > INT64_MAX) {
        throw new SerializationError(`Int64 serializer on topic ${topic}: ${data} does not fit in 64 bits`);
      }
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(data);
      return bytes;
    },
    (topic, data) => {
      requireLength('Int64', topic, data, 8);
      return data.readBigInt64BE(0);
    },
  );

const double = (): Serde<number> =>
  nullable(
    'Double',
    (_topic, data) => {
      const bytes = Buffer.alloc(8);
      bytes.writeDoubleBE(data);
      return bytes;
    },
    (topic, data) => {
      requireLength('Double', topic, data, 8);
      return data.readDoubleBE(0);
    },
  );

const bytes = (): Serde<Buffer> => ({
  name: 'Bytes',
  serialize: (_topic, data) => data,
  deserialize: (_topic, data) => data as Buffer,
});

const voidSerde = (): Serde<null> => ({
  name: 'Void',
  serialize: (topic, data) => {
    if (data !== null && data !== undefined)
      throw new SerializationError(`Void serializer on topic ${topic}: data must be null`);
    return null;
  },
  deserialize: (topic, data) => {
    if (data !== null)
      throw new SerializationError(`Void deserializer on topic ${topic}: data must be null, got ${data.length} bytes`);
    return null;
  },
});

function json<T = unknown>(schema?: Schema<T>, name = 'Json'): Serde<T> {
  return nullable(
    name,
    (topic, data) => {
      const text = JSON.stringify(data);
      if (text === undefined)
        throw new SerializationError(`${name} serializer on topic ${topic}: value is not JSON-serializable`);
      return Buffer.from(text, 'utf8');
    },
    (topic, data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString('utf8'));
      } catch (error) {
        throw new SerializationError(
          `${name} deserializer on topic ${topic}: invalid JSON (${(error as Error).message})`,
          {
            cause: error,
          },
        );
      }
      if (!schema) return parsed as T;
      try {
        return schema.parse(parsed);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SerializationError(
          `${name} deserializer on topic ${topic}: value does not match the schema: ${reason}`,
          {
            cause: error,
          },
        );
      }
    },
  );
}

/** Factories for the built-in serdes (Java: org.apache.kafka.common.serialization.Serdes). */
export const Serdes = {
  /** UTF-8 text. */
  String: string,
  /** 4-byte big-endian signed integer (Java Integer). */
  Int32: int32,
  /** 8-byte big-endian signed integer (Java Long), as bigint. */
  Int64: int64,
  /** 8-byte big-endian IEEE 754 double (Java Double). */
  Double: double,
  /** Raw bytes, unchanged. */
  Bytes: bytes,
  /** Only null (Java Void): for keyless topics. */
  Void: voidSerde,
  /** UTF-8 JSON; with a schema (e.g. zod) the value is validated on read and typed by the schema. */
  Json: json,
} as const;
