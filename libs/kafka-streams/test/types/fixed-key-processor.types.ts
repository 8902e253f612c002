// Compile-time tests: a FixedKeyProcessor may change values, timestamps and headers, never the key (Java's
// FixedKeyRecord has no withKey). Checked by `tsc -p tsconfig.tests.json` (never executed).
import { expectTypeOf } from 'expect-type';
import type {
  FixedKeyProcessorContext,
  FixedKeyProcessorSupplier,
  FixedKeyRecord,
  ProcessorContext,
} from '../../src/index.js';

export const keepsTheKey: FixedKeyProcessorSupplier<string, string, number> = () => {
  let context: FixedKeyProcessorContext<string, number>;
  return {
    init: (c) => void (context = c),
    process: (record) => {
      context.forward({ ...record, value: record.value.length });
      context.forward({ ...record, value: 1, timestamp: record.timestamp + 1, headers: [] });
      // The key reads as the input's key type.
      expectTypeOf(record.key).toExtend<string>();
    },
  };
};

export const changesTheKey: FixedKeyProcessorSupplier<string, string, string> = () => {
  let context: FixedKeyProcessorContext<string, string>;
  return {
    init: (c) => void (context = c),
    process: (record) => {
      // @ts-expect-error a FixedKeyProcessor cannot forward a record with another key
      context.forward({ ...record, key: `${record.key}-copy` });
      // @ts-expect-error nor build a record from scratch
      context.forward({ key: 'k', value: record.value, timestamp: record.timestamp, headers: [] });
    },
  };
};

export const nullableKeys: FixedKeyProcessorSupplier<string | null, string, string> = () => {
  let context: FixedKeyProcessorContext<string | null, string>;
  return {
    init: (c) => void (context = c),
    process: (record: FixedKeyRecord<string | null, string>) => {
      context.forward({ ...record, value: record.value.toUpperCase() });
      // @ts-expect-error not even to a key of the same type
      context.forward({ ...record, key: 'other' });
    },
  };
};

// A plain ProcessorContext, by contrast, forwards any key.
export const anyKey = (context: ProcessorContext<string, string>): void =>
  context.forward({ key: 'k', value: 'v', timestamp: 0, headers: [] });
