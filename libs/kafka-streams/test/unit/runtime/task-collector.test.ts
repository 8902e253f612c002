// What a task's collector does with records the broker refused: output records are put to the production exception
// handler one by one (one 'fail' fails the task); changelog records fail the task without asking it.
import { describe, expect, it } from '@jest/globals';
import type { OutgoingRecord } from '../../../src/internal/client/types.js';
import type { ProducedRecord } from '../../../src/internal/engine/contracts.js';
import { OutputPartitioner } from '../../../src/internal/runtime/output-partitioner.js';
import { TaskRecordCollector } from '../../../src/internal/runtime/task-collector.js';
import { StreamsFatalError, type ProductionExceptionHandler } from '../../../src/index.js';
import { RecordingLogger } from '../../../src/testing/recording-logger.js';

const record = (topic: string, key: string): ProducedRecord => ({
  topic,
  partition: 0,
  key: Buffer.from(key),
  value: Buffer.from('v'),
  timestamp: 1,
  headers: [],
});

/** Refuses every send that includes a record of `refusedTopic`. */
function collector(refusedTopic: string, answers: (key: string) => 'fail' | 'continue', asked: string[]) {
  const sent: OutgoingRecord[][] = [];
  const handler: ProductionExceptionHandler = {
    handle: (_context, refused) => {
      const key = refused.key!.toString();
      asked.push(key);
      return answers(key);
    },
  };
  const producer = {
    send: async (records: ReadonlyArray<OutgoingRecord>) => {
      if (records.some((r) => r.topic === refusedTopic)) throw new Error('message too large');
      sent.push([...records]);
      return [];
    },
  };
  const partitioner = new OutputPartitioner(new Map(), async () => new Map());
  return { sent, collector: new TaskRecordCollector('0_0', producer, partitioner, handler, new RecordingLogger()) };
}

describe('TaskRecordCollector on refused records', () => {
  it("asks the handler about every output record of a refused send, and drops them when each answer is 'continue'", async () => {
    const asked: string[] = [];
    const { collector: tasks, sent } = collector('out', () => 'continue', asked);
    tasks.send(record('out', 'a'));
    tasks.send(record('out', 'b'));
    tasks.sendChangelog(record('app-store-changelog', 'a'));
    await tasks.flush();
    expect(asked).toEqual(['a', 'b']);
    // The changelog records went in a send of their own, and were written.
    expect(sent.map((records) => records.map((r) => r.topic))).toEqual([['app-store-changelog']]);
  });

  it("fails when the handler answers 'fail' for any one of them", async () => {
    const asked: string[] = [];
    const { collector: tasks } = collector('out', (key) => (key === 'b' ? 'fail' : 'continue'), asked);
    tasks.send(record('out', 'a'));
    tasks.send(record('out', 'b'));
    await expect(tasks.flush()).rejects.toThrow(StreamsFatalError);
    expect(asked).toEqual(['a', 'b']);
  });

  it('fails on a refused changelog record without asking the handler', async () => {
    const asked: string[] = [];
    const { collector: tasks } = collector('app-store-changelog', () => 'continue', asked);
    tasks.sendChangelog(record('app-store-changelog', 'a'));
    tasks.send(record('out', 'b'));
    await expect(tasks.flush()).rejects.toThrow(
      /failed to write 1 record\(s\) to its changelog\(s\) app-store-changelog: message too large/,
    );
    expect(asked).toEqual([]);
  });
});
