// KTable.transformValues: a ValueTransformerWithKey per task, deletes included, with old values computed by a
// second call (no store) or read from its store. Java twins: TablesTransformValues.java.
import {
  Consumed,
  Materialized,
  Produced,
  Serdes,
  type ValueTransformerContext,
  type ValueTransformerWithKey,
} from '@streamkit/kafka-streams';
import { rec, scenarios, SS } from '../support/scenario.js';

const strings = Consumed.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const toStrings = Produced.with({ keySerde: Serdes.String(), valueSerde: Serdes.String() });
const show = (v: string | null) => v ?? 'null';

const updates = [
  rec('t', 'A', 'a', 1),
  rec('t', 'B', 'b', 2),
  rec('t', 'A', 'keep', 3),
  rec('t', 'B', null, 4),
  rec('t', 'C', null, 5),
  rec('t', 'A', 'keep2', 6),
  rec('t', 'A', 'c', 7),
  rec('t', 'A', null, 8),
];

const upperWithKey = (): ValueTransformerWithKey<string, string, string> => ({
  transform: (key, value) => (value === null ? null : `${key}:${value.toUpperCase()}`),
});

/** Numbers its calls: shows how often Java calls the transformer. */
const counting = (): ValueTransformerWithKey<string, string, string> => {
  let calls = 0;
  return { transform: (_key, value) => (value === null ? null : `${value}#${++calls}`) };
};

export default scenarios(
  {
    id: 'transform-values-basic',
    description: 'transformValues on a plain table: updates transformed with their key, deletes stay deletes',
    build: (b) => {
      b.table('t', strings).transformValues(upperWithKey).toStream().to('out', toStrings);
    },
    steps: updates,
    outputs: { out: SS },
  },
  {
    id: 'transform-values-context',
    description: "the transformer reads the record's timestamp from the context it got in init",
    build: (b) => {
      b.table('t', strings)
        .transformValues((): ValueTransformerWithKey<string, string, string> => {
          let context: ValueTransformerContext | undefined;
          return {
            init: (c) => (context = c),
            transform: (_key, value) => (value === null ? null : `${value}@${context!.recordTimestampMs()}`),
          };
        })
        .toStream()
        .to('out', toStrings);
    },
    steps: updates,
    outputs: { out: SS },
  },
  {
    id: 'transform-values-delete-becomes-row',
    description: 'the transformer gets the deletes (null) and may turn them into rows',
    build: (b) => {
      b.table('t', strings)
        .transformValues((): ValueTransformerWithKey<string, string, string> => ({
          transform: (_key, value) => show(value),
        }))
        .toStream()
        .to('out', toStrings);
    },
    steps: updates,
    outputs: { out: SS },
  },
  {
    id: 'transform-values-old-values-second-call',
    description: 'a filter below asks for old values: without a store, the old value is transformed again',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store'))
        .transformValues(counting)
        .filter((_k, v) => v.startsWith('keep'))
        .toStream()
        .to('out', toStrings);
    },
    steps: updates,
    outputs: { out: SS },
  },
  {
    id: 'transform-values-materialized',
    description: 'transformValues with a named store: results queryable, old values read from the store',
    build: (b) => {
      b.table('t', strings, Materialized.as('t-store'))
        .transformValues(counting, Materialized.as('transformed'))
        .filter((_k, v) => v.startsWith('keep'))
        .toStream()
        .to('out', toStrings);
    },
    steps: updates,
    outputs: { out: SS },
    stores: [{ name: 'transformed', kind: 'kv' }],
  },
  {
    id: 'transform-values-join',
    description: 'a transformed table joined with another table',
    build: (b) => {
      b.table('t', strings)
        .transformValues(upperWithKey)
        .leftJoin(b.table('u', strings), (t, u) => `${t}+${show(u)}`)
        .toStream()
        .to('out', toStrings);
    },
    steps: [rec('u', 'A', 'x', 0), ...updates, rec('u', 'A', 'y', 9), rec('t', 'A', 'd', 10)],
    outputs: { out: SS },
  },
);
