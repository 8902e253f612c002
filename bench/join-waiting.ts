// Micro-benchmark of a left stream-stream join whose unpaired records pile up in its "waiting" store (#12): N left
// records in time order, none with a partner, each waiting W ms of stream time for one. Measures the time per record
// through the TopologyTestDriver, which the eviction of closed waiting records dominates when it rescans the store.
//   npx tsc -b && node bench/join-waiting.ts [N=20000] [W=2000]
import { Consumed, JoinWindows, Produced, Serdes, StreamsBuilder } from '@streamkit/kafka-streams';
import { TopologyTestDriver } from '@streamkit/kafka-streams/testing';

const records = Number(process.argv[2] ?? 20_000);
const waitMs = Number(process.argv[3] ?? 2_000);
const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
const builder = new StreamsBuilder();
builder
  .stream('left', Consumed.with(strings))
  .leftJoin(
    builder.stream('right', Consumed.with(strings)),
    (l, r) => `${l}+${r ?? '-'}`,
    JoinWindows.ofTimeDifferenceWithNoGrace(waitMs),
  )
  .to('out', Produced.with(strings));
const driver = new TopologyTestDriver(builder.build());
const left = driver.createInputTopic('left', Serdes.String(), Serdes.String());
const out = driver.createOutputTopic('out', Serdes.String(), Serdes.String());
const start = process.hrtime.bigint();
for (let i = 0; i < records; i++) left.pipeInput(`k${i}`, 'v', i);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const emitted = out.readRecordsToList().length;
console.log(
  JSON.stringify({ records, waitMs, totalMs: Math.round(ms), usPerRecord: Math.round((ms * 1000) / records), emitted }),
);
