// kafkajs represents headers as an object (repeated keys as arrays); the runtime uses ordered pairs.
import type { IHeaders } from 'kafkajs';
import type { Headers, MutableHeaders } from '../../../serde/serde.js';

export function toKafkajsHeaders(headers: Headers): IHeaders {
  const result: Record<string, Buffer[]> = {};
  for (const [key, value] of headers) (result[key] ??= []).push(value);
  return result;
}

export function fromKafkajsHeaders(headers: IHeaders | undefined): MutableHeaders {
  const pairs: MutableHeaders = [];
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      pairs.push([key, Buffer.isBuffer(item) ? item : Buffer.from(item, 'utf8')]);
    }
  }
  return pairs;
}
