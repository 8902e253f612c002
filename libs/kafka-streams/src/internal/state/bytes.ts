// Map keys for Buffers: latin1 maps each byte to one UTF-16 code unit, so string order equals byte order.
export const bufferKey = (bytes: Buffer): string => bytes.toString('latin1');
export const keyBuffer = (key: string): Buffer => Buffer.from(key, 'latin1');

export function inRange(key: Buffer, from: Buffer | undefined, to: Buffer | undefined): boolean {
  return (from === undefined || Buffer.compare(key, from) >= 0) && (to === undefined || Buffer.compare(key, to) <= 0);
}
