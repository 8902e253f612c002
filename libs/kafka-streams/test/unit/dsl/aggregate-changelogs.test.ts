import { describe, expect, it } from '@jest/globals';
import {
  Consumed,
  Materialized,
  Serdes,
  StreamsBuilder,
  TimeWindows,
  longAsNumberSerde,
  type KeyValueStore,
} from '../../../src/index.js';
import { withPlainValueChangelog } from '../../../src/internal/dsl/plain-value-changelog.js';
import { timestampedKeyValueStoreBuilder } from '../../../src/internal/dsl/timestamped-key-value-store.js';
import { valueAndTimestampSerde } from '../../../src/internal/state/timestamped-window-store.js';
import { Stores } from '../../../src/state/stores.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();

describe('changelogs of the timestamped aggregation stores', () => {
  it('hold the aggregates alone, as Java writes them, while results carry the newest timestamp', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream('in', Consumed.with({ keySerde: str, valueSerde: str })).groupByKey();
    grouped.count(Materialized.as('counts'));
    grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count(Materialized.as('windows'));
    const driver = new TopologyTestDriver(b.build(), { applicationId: 'app' });
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('A', 'a', 7);
    input.pipeInput('A', 'b', 3); // out of order: the aggregate keeps 7
    const counts = driver.createOutputTopic('app-counts-changelog', str, longAsNumberSerde()).readValuesToList();
    expect(counts).toEqual([1, 2]);
    const windows = driver.createOutputTopic('app-windows-changelog', Serdes.Bytes(), longAsNumberSerde());
    expect(windows.readValuesToList()).toEqual([1, 2]);
    expect(driver.getKeyValueStore<string, number>('counts')?.get('A')).toBe(2);
  });

  it('restore a plain value with no timestamp (-1), which the next update replaces with its own', () => {
    const plain = Stores.keyValueStoreBuilder('s', str, valueAndTimestampSerde(longAsNumberSerde()), {
      persistent: false,
    });
    const sent: Array<Buffer | null> = [];
    const built = timestampedKeyValueStoreBuilder(withPlainValueChangelog(plain)).build({
      taskDirectory: '/nonexistent',
      changelog: { send: (_key, value) => sent.push(value) },
    });
    const key = Buffer.from(str.serialize('t', 'A')!);
    built.restore(key, Buffer.from(longAsNumberSerde().serialize('t', 5)!));
    expect(built.store.getWithTimestamp('A')).toEqual({ value: 5, timestamp: -1 });
    built.store.putWithTimestamp('A', { value: 6, timestamp: 42 });
    expect(sent.map((value) => value && longAsNumberSerde().deserialize('t', value))).toEqual([6]);
    expect((built.store as KeyValueStore<string, number>).get('A')).toBe(6);
  });
});
