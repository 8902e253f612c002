// The production exception handler on the real broker: it decides for every output record the broker refused, and
// 'continue' drops those (committing the input past them, under exactly-once too: with its consent). A refused
// changelog record is never dropped: the store and its changelog would diverge, so the task fails without asking.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import {
  Consumed,
  Materialized,
  Produced,
  Serdes,
  StreamsBuilder,
  type ProductionExceptionHandler,
} from '../../src/index.js';
import type { ProducedRecord } from '../../src/internal/engine/contracts.js';
import { kafka, readAll, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { produce, StreamsHarness } from './support/streams-harness.js';
import { TempDirs } from './support/temp-dirs.js';

jest.setTimeout(120_000);

const strings = { keySerde: Serdes.String(), valueSerde: Serdes.String() };
const MAX_MESSAGE_BYTES = 1_000;

/** Answers 'continue' and remembers what it was asked about. */
function continuingHandler(asked: ProducedRecord[]): ProductionExceptionHandler {
  return {
    handle: (_context, record) => {
      asked.push(record);
      return 'continue';
    },
  };
}

describe('production errors', () => {
  const client = kafka();
  const harness = new StreamsHarness();
  const stateDirs = new TempDirs('production-errors');
  let admin: Admin;

  beforeAll(async () => {
    admin = client.admin();
    await admin.connect();
  });
  afterEach(async () => {
    await harness.closeAll();
    stateDirs.removeAll();
  });
  afterAll(() => admin.disconnect());

  const createTopic = (topic: string, config: Record<string, string> = {}) =>
    admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
        },
      ],
    });

  it.each(['at_least_once', 'exactly_once'] as const)(
    "an output record the broker refuses is put to the handler, and dropped when it answers 'continue' (%s)",
    async (processingGuarantee) => {
      const input = uniqueName('prod-err-in');
      const output = uniqueName('prod-err-out');
      const applicationId = uniqueName('prod-err-app');
      await createTopic(input);
      await createTopic(output, { 'max.message.bytes': String(MAX_MESSAGE_BYTES) });
      const builder = new StreamsBuilder();
      builder.stream(input, Consumed.with(strings)).to(output, Produced.with(strings));
      const asked: ProducedRecord[] = [];
      const streams = await harness.startRunning(builder.build(), applicationId, {
        processingGuarantee,
        stateDir: stateDirs.create(),
        errorHandlers: { production: continuingHandler(asked) },
      });

      await produce(client, input, [{ key: 'big', value: 'x'.repeat(5 * MAX_MESSAGE_BYTES) }]);
      await waitFor(() => asked.length > 0, 30_000, 'the handler to be asked about the big record');
      expect(asked.map((r) => r.topic)).toEqual([output]);
      expect(asked[0]!.key?.toString()).toBe('big');

      await produce(client, input, [{ key: 'small', value: 'fits' }]);
      const written = await readAll(client, output, { expected: 1, idleMs: 30_000 });
      expect(written.map((r) => r.key)).toEqual(['small']);
      expect(streams.state).toBe('RUNNING');
      await waitFor(
        async () => {
          const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
          return Number(committed!.partitions[0]!.offset) >= 2;
        },
        30_000,
        'the input offsets to be committed past both records',
      );
    },
  );

  it.each(['at_least_once', 'exactly_once'] as const)(
    'a changelog record the broker refuses fails the task without asking the handler, committing nothing (%s)',
    async (processingGuarantee) => {
      const input = uniqueName('changelog-err-in');
      const applicationId = uniqueName('changelog-err-app');
      await createTopic(input);
      // The count's changelog, created beforehand with a record size limit its records exceed.
      await createTopic(`${applicationId}-counts-changelog`, {
        'cleanup.policy': 'compact',
        'max.message.bytes': String(MAX_MESSAGE_BYTES),
      });
      const builder = new StreamsBuilder();
      builder.stream(input, Consumed.with(strings)).groupByKey().count(Materialized.as('counts'));
      const asked: ProducedRecord[] = [];
      const streams = harness.create(builder.build(), applicationId, {
        processingGuarantee,
        stateDir: stateDirs.create(),
        errorHandlers: { production: continuingHandler(asked) },
      });
      await produce(client, input, [{ key: 'k'.repeat(5 * MAX_MESSAGE_BYTES), value: '1' }]);
      await harness.run(streams).catch(() => undefined);

      await waitFor(
        () => streams.state === 'ERROR',
        30_000,
        () => `the application to fail (it is ${streams.state})`,
      );
      expect(asked).toEqual([]);
      const [committed] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
      expect(committed!.partitions[0]!.offset).toBe('-1');
    },
  );
});
