// Every hand-written scenario, by file. A file here ↔ a Java class of the same name (stateless.ts ↔ Stateless.java).
import type { Scenario } from '../support/scenario.js';
import aggregations from './aggregations.js';
import boundaries from './boundaries.js';
import cogroup from './cogroup.js';
import composites from './composites.js';
import fkJoins from './fk-joins.js';
import fkJoinsTableJoined from './fk-joins-table-joined.js';
import joins from './joins.js';
import nullKeys from './null-keys.js';
import processors from './processors.js';
import sessionEmit from './session-emit.js';
import sessions from './sessions.js';
import stateless from './stateless.js';
import tables from './tables.js';
import tablesOldValues from './tables-old-values.js';
import tablesTransformValues from './tables-transform-values.js';
import variants from './variants.js';
import versioned from './versioned.js';
import windows from './windows.js';

export const handWritten: readonly Scenario[] = [
  ...stateless,
  ...aggregations,
  ...windows,
  ...sessions,
  ...sessionEmit,
  ...joins,
  ...tables,
  ...tablesOldValues,
  ...tablesTransformValues,
  ...cogroup,
  ...fkJoins,
  ...fkJoinsTableJoined,
  ...processors,
  ...nullKeys,
  ...boundaries,
  ...composites,
  ...variants,
  ...versioned,
];
