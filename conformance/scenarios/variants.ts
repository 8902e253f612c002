// More input scripts for topologies defined elsewhere: the same `build` (and, in Java, a method delegating to the
// same twin) with other records — edge cases of timing and multiplicity. Java twins: Variants.java.
import { advance, rec, scenarios, type Scenario, type Step } from '../support/scenario.js';
import aggregations from './aggregations.js';
import joins from './joins.js';
import sessions from './sessions.js';
import stateless from './stateless.js';
import tables from './tables.js';
import windows from './windows.js';

const all = [...aggregations, ...joins, ...sessions, ...stateless, ...tables, ...windows];
const paced = (...steps: Step[]): Step[] => steps.flatMap((s) => [advance(1000), s]);

/** Scenario `of` with another id, description and script (known differences are not inherited). */
function variant(of: string, id: string, description: string, steps: Step[]): Scenario {
  const base = all.find((s) => s.id === of);
  if (!base) throw new Error(`variant ${id}: no scenario ${of}`);
  const { knownDifference: _ignored, ...rest } = base;
  return { ...rest, id, description: `${description} (topology of ${of})`, steps };
}

export default scenarios(
  variant('count-by-key', 'count-single-record', 'one record', [rec('in', 'A', 'a', 0)]),
  variant('count-by-key', 'count-empty-values', 'empty (not null) values and keys count', [
    rec('in', '', '', 1),
    rec('in', 'A', '', 2),
    rec('in', '', 'x', 3),
  ]),
  variant('tumbling-no-grace', 'tumbling-far-apart', 'records many windows apart', [
    rec('in', 'A', 'a', 5),
    rec('in', 'A', 'b', 1005),
    rec('in', 'A', 'c', 100005),
  ]),
  variant('hopping-count', 'hopping-same-timestamp', 'several records with the same timestamp', [
    rec('in', 'A', 'a', 7),
    rec('in', 'A', 'b', 7),
    rec('in', 'B', 'c', 7),
    rec('in', 'A', 'd', 7),
  ]),
  variant('sliding-in-order', 'sliding-same-timestamp', 'several records with the same timestamp', [
    rec('in', 'A', 'a', 20),
    rec('in', 'A', 'b', 20),
    rec('in', 'A', 'c', 20),
    rec('in', 'A', 'd', 25),
  ]),
  variant('session-new-sessions-output', 'session-same-timestamp', 'records of one key at one instant', [
    rec('in', 'A', 'a', 5),
    rec('in', 'A', 'b', 5),
    rec('in', 'A', 'c', 5),
  ]),
  variant(
    'join-inner',
    'join-same-timestamp',
    'left and right records at the same timestamp',
    paced(
      rec('left', 'A', 'a1', 10),
      rec('right', 'A', 'x1', 10),
      rec('right', 'A', 'x2', 10),
      rec('left', 'A', 'a2', 10),
    ),
  ),
  variant(
    'join-inner',
    'join-many-keys',
    'pairs over five keys',
    paced(
      ...['A', 'B', 'C', 'D', 'E'].flatMap((k, i) => [
        rec('left', k, `l${k}`, i * 3),
        rec('right', k, `r${k}`, i * 3 + 2),
      ]),
    ),
  ),
  variant('stream-table-join', 'stream-table-many-updates', 'a table row updated between every stream record', [
    rec('table', 'A', 't1', 1),
    rec('stream', 'A', 's1', 2),
    rec('table', 'A', 't2', 3),
    rec('table', 'A', 't3', 4),
    rec('stream', 'A', 's2', 5),
    rec('table', 'B', 't4', 6),
    rec('stream', 'B', 's3', 7),
  ]),
  variant('table-join-inner', 'table-join-same-timestamp', 'both sides updated at one timestamp', [
    rec('left', 'A', 'a1', 5),
    rec('right', 'A', 'x1', 5),
    rec('left', 'A', 'a2', 5),
    rec('right', 'A', 'x2', 5),
  ]),
  variant('grouped-table-count', 'grouped-table-all-deleted', 'every row deleted again', [
    rec('users', 'ann', 'paris', 1),
    rec('users', 'bob', 'rome', 2),
    rec('users', 'ann', null, 3),
    rec('users', 'bob', null, 4),
  ]),
  variant('table-filter', 'table-filter-nothing-passes', 'no row passes the filter', [
    rec('t', 'A', 'x', 1),
    rec('t', 'B', 'y', 2),
    rec('t', 'A', null, 3),
  ]),
  variant(
    'reduce-concat',
    'reduce-many-values',
    'one key, ten values',
    Array.from({ length: 10 }, (_, i) => rec('in', 'A', String(i), i)),
  ),
  variant('tumbling-suppress', 'tumbling-suppress-single', 'one window, closed by a later record', [
    rec('in', 'A', 'a', 3),
    rec('in', 'A', 'b', 4),
    rec('in', 'B', 'c', 14),
    rec('in', 'B', 'd', 15),
  ]),
  variant('merge-streams', 'merge-same-timestamp', 'records of both streams at one timestamp', [
    rec('left', 'A', '1', 5),
    rec('right', 'A', '2', 5),
    rec('left', 'A', '3', 5),
  ]),
  variant('filter-map-values', 'filter-map-values-unicode', 'non-ASCII keys and values', [
    rec('in', 'ä', 'añejo', 1),
    rec('in', '日本', 'ab€', 2),
    rec('in', 'B', '😀', 3),
  ]),
);
