import { describe, it, expect } from '@jest/globals';
import { Serdes, StreamsBuilder } from '../../../src/index.js';
import { TopologyTestDriver } from '../../../src/testing/index.js';

const str = Serdes.String();

describe('TopologyTestDriver topics', () => {
  const driverFor = () => {
    const builder = new StreamsBuilder({ defaultKeySerde: str, defaultValueSerde: str });
    builder.stream('in').to('out');
    return new TopologyTestDriver(builder.build(), { initialWallClockTimeMs: 50 });
  };

  it('reads records one by one, as lists and as a map, and reports the queue size', () => {
    const driver = driverFor();
    const input = driver.createInputTopic('in', str, str);
    const output = driver.createOutputTopic('out', str, str);
    input.pipeKeyValueList([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'a', value: '3' },
      { key: 'c', value: '4' },
    ]);
    expect(output.getQueueSize()).toBe(4);
    expect(output.readRecord()).toEqual({ key: 'a', value: '1', timestamp: 50, headers: [] });
    expect(output.readKeyValue()).toEqual({ key: 'b', value: '2' });
    expect(output.readKeyValuesToMap()).toEqual(
      new Map([
        ['a', '3'],
        ['c', '4'],
      ]),
    );
    expect(output.isEmpty()).toBe(true);
    expect(() => output.readValue()).toThrow(/Output topic out is empty/);
  });

  it('keeps headers, answers undefined for an unknown store, and refuses input once closed', () => {
    const driver = driverFor();
    const input = driver.createInputTopic('in', str, str);
    input.pipeInput('k', 'v', 1, [['trace', Buffer.from('x')]]);
    const record = driver.createOutputTopic('out', str, str).readRecord();
    expect(record.headers.map(([k, v]) => [k, v.toString()])).toEqual([['trace', 'x']]);
    expect(driver.getStateStore('anything')).toBeUndefined();
    expect(driver.metrics().processed).toBe(1);
    driver.close();
    expect(() => input.pipeInput('k', 'v')).toThrow(/closed/);
  });
});
