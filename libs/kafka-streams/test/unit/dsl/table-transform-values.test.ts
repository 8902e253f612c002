import { describe, expect, it } from '@jest/globals';
import {
  Consumed,
  Named,
  Produced,
  Serdes,
  Stores,
  StreamsBuilder,
  type KeyValueStore,
  type ValueTransformerWithKey,
} from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();
const strings = Consumed.with({ keySerde: str, valueSerde: str });

describe('KTable.transformValues', () => {
  it('gives the transformer the stores named for it, the record context, and closes it with the task', () => {
    const closed: string[] = [];
    const builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder('versions', str, str));
    builder
      .table('t', strings)
      .transformValues(
        (): ValueTransformerWithKey<string, string, string> => {
          let versions: KeyValueStore<string, string> | undefined;
          let topic = '';
          return {
            init: (context) => {
              versions = context.getStateStore<KeyValueStore<string, string>>('versions');
              topic = context.recordMetadata()?.topic ?? 'none at init';
            },
            transform: (key, value) => {
              const version = String(Number(versions!.get(key) ?? '0') + 1);
              versions!.put(key, version);
              return value === null ? null : `${value} v${version} (${topic})`;
            },
            close: () => closed.push('closed'),
          };
        },
        Named.as('versioned'),
        'versions',
      )
      .toStream()
      .to('out', Produced.with({ keySerde: str, valueSerde: str }));
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app' });
    const input = driver.createInputTopic('t', str, str);
    input.pipeInput('A', 'a');
    input.pipeInput('A', 'b');
    input.pipeInput('A', null as unknown as string);
    expect(driver.createOutputTopic('out', str, str).readValuesToList()).toEqual([
      'a v1 (none at init)',
      'b v2 (none at init)',
      null,
    ]);
    expect(driver.getKeyValueStore<string, string>('versions')?.get('A')).toBe('3');
    driver.close();
    expect(closed).toEqual(['closed']);
  });
});
