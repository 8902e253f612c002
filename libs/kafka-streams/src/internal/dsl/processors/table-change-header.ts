// The record header that tells a KGroupedTable aggregation whether a repartitioned record adds its value to
// the key's aggregate or subtracts it (Java sends both in one Change value; here they travel as two records).
import type { Headers } from '../../../serde/serde.js';

export const CHANGE_HEADER = 'streamkit.change';

export type ChangeKind = 'subtract' | 'add';

const KINDS: ReadonlyMap<string, ChangeKind> = new Map([
  ['subtract', 'subtract'],
  ['add', 'add'],
]);

/** The headers with exactly one change marker. */
export const withChange = (headers: Headers, change: ChangeKind): Headers => [
  ...withoutChange(headers),
  [CHANGE_HEADER, Buffer.from(change)],
];

export const withoutChange = (headers: Headers): Headers => headers.filter(([key]) => key !== CHANGE_HEADER);

/** The record's change marker; undefined when it has none or an unknown one. */
export function changeOf(headers: Headers): ChangeKind | undefined {
  const marker = headers.findLast(([key]) => key === CHANGE_HEADER);
  return marker === undefined ? undefined : KINDS.get(marker[1].toString('utf8'));
}
