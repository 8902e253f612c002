// The platformatic changelog reader restores up to the end offset taken when the restore starts: the high watermark,
// which a transaction still open is below of. Under read_committed the broker hands out nothing past that
// transaction's first offset (the last stable offset) until it ends, so the restore waits for it, and says so: a
// restore that does not finish shows what holds it back.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Admin } from 'kafkajs';
import { PlatformaticAdminClient } from '../../src/internal/client/platformatic/admin.js';
import { PlatformaticChangelogReader } from '../../src/internal/client/platformatic/changelog-reader.js';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';

jest.setTimeout(60_000);

describe('the platformatic changelog reader and a transaction still open at the end of its range', () => {
  let admin: Admin;
  const topic = uniqueName('reader-open-tx');
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const restoreAdmin = new PlatformaticAdminClient({
    clientId: 'reader-test',
    brokers: bootstrapServers(),
    logger: silent,
  });

  beforeAll(async () => {
    admin = kafka().admin();
    await admin.connect();
    await createTopics(admin, [{ topic, partitions: 1 }]);
  });

  afterAll(async () => {
    await restoreAdmin.disconnect();
    await admin.disconnect();
  });

  it('waits for the transaction, reporting what holds it back, and reads to the end once it commits', async () => {
    const plain = kafka().producer();
    const transactional = kafka().producer({
      transactionalId: uniqueName('reader-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await Promise.all([plain.connect(), transactional.connect()]);
    try {
      await plain.send({ topic, messages: [{ value: 'before' }] });
      const open = await transactional.transaction();
      await open.send({ topic, messages: [{ value: 'in-1' }, { value: 'in-2' }] });
      // As the restore takes it: the high watermark.
      const end = (await restoreAdmin.offsetRange([{ topic, partition: 0 }])).get(`${topic}:0`)!.end;
      expect(end).toBe(3n);

      const debug: Array<{ message: string; fields?: Readonly<Record<string, unknown>> }> = [];
      const logger = {
        debug: (message: string, fields?: Readonly<Record<string, unknown>>) =>
          void debug.push({ message, ...(fields ? { fields } : {}) }),
        info() {},
        warn() {},
        error() {},
      };
      const reader = new PlatformaticChangelogReader({ clientId: 'reader-test', brokers: bootstrapServers(), logger });
      const values: string[] = [];
      let finished = false;
      const reading = reader
        .read([{ topic, partition: 0, startOffset: 0n, endOffset: end }], async ({ records }) => {
          values.push(...records.map((r) => r.value!.toString()));
        })
        .then(() => void (finished = true));

      const heldBack = () => debug.find((line) => line.message.includes('a transaction is still open'));
      await waitFor(
        () => heldBack() !== undefined,
        30_000,
        () => `the reader to report the open transaction (read ${values}, logged ${JSON.stringify(debug)})`,
      );
      expect(heldBack()!.fields).toEqual({
        topic,
        partition: 0,
        position: '1',
        lastStableOffset: '1',
        highWatermark: '3',
      });
      expect(values).toEqual(['before']);
      expect(finished).toBe(false);

      await open.commit();
      await reading;
      expect(values).toEqual(['before', 'in-1', 'in-2']);
    } finally {
      await Promise.all([plain.disconnect(), transactional.disconnect()]);
    }
  });
});
