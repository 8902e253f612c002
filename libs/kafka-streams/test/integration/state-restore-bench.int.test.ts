// Restore benchmark, skipped unless STATE_BENCH=1: fills a word-count changelog with STATE_BENCH_KEYS
// distinct keys (default 1M), then measures (1) a full restore into an empty state directory (records/s
// from the restore listener's timestamps) and (2) a checkpointed restart of the same store (spawn → RUNNING).
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapServers, createTopics, kafka, uniqueName, waitFor } from '../../../../test/support/kafka.js';
import { AppProcess } from './fixtures/app-process.js';

const enabled = process.env.STATE_BENCH === '1';
const KEYS = Number(process.env.STATE_BENCH_KEYS ?? 1_000_000);
const PARTITIONS = 4;
jest.setTimeout(30 * 60_000);

(enabled ? describe : describe.skip)('state restore benchmark', () => {
  const client = kafka();
  const stateDir = mkdtempSync(join(tmpdir(), 'streamkit-bench-'));
  afterAll(() => {
    AppProcess.killAll();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it(`restores ${KEYS} keys, then restarts from the checkpoint`, async () => {
    const admin = client.admin();
    await admin.connect();
    const applicationId = uniqueName('bench-app');
    const input = uniqueName('bench-in');
    const output = uniqueName('bench-out');
    const changelog = `${applicationId}-word-counts-changelog`;
    await createTopics(admin, [
      { topic: input, partitions: PARTITIONS },
      { topic: output, partitions: PARTITIONS },
      { topic: changelog, partitions: PARTITIONS, compacted: true },
    ]);
    await admin.disconnect();

    const producer = client.producer();
    await producer.connect();
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(1n);
    const filling = Date.now();
    for (let from = 0; from < KEYS; from += 20_000) {
      const messages = Array.from({ length: Math.min(20_000, KEYS - from) }, (_, i) => ({
        key: `key-${from + i}`,
        value,
        partition: (from + i) % PARTITIONS,
      }));
      await producer.send({ topic: changelog, messages });
    }
    await producer.disconnect();
    process.stderr.write(`[bench] changelog filled with ${KEYS} records in ${Date.now() - filling} ms\n`);

    const config = { bootstrap: bootstrapServers().join(','), applicationId, input, output, stateDir };
    const full = new AppProcess(config);
    const spawnedAt = Date.now();
    await waitFor(async () => (await full.state()) === 'RUNNING', 25 * 60_000, 'the full restore');
    const runningAfter = Date.now() - spawnedAt;
    const starts = full.events.filter((e) => e.event === 'restore-start').map((e) => Number(e.at));
    const ends = full.events.filter((e) => e.event === 'restore-end').map((e) => Number(e.at));
    const restored = full.restoredByListener();
    const restoreMs = Math.max(...ends) - Math.min(...starts);
    process.stderr.write(
      `[bench] full restore: ${restored} records in ${restoreMs} ms = ${Math.round((restored / restoreMs) * 1000)} records/s (spawn → RUNNING ${runningAfter} ms)\n`,
    );
    expect(restored).toBe(KEYS);
    expect((await full.query<{ approximate: number }>('/count')).body.approximate).toBe(KEYS);
    await full.stop();

    const again = new AppProcess(config);
    const restartedAt = Date.now();
    await waitFor(async () => (await again.state()) === 'RUNNING', 10 * 60_000, 'the checkpointed restart');
    process.stderr.write(
      `[bench] checkpointed restart with ${KEYS} keys: spawn → RUNNING in ${Date.now() - restartedAt} ms, ${again.restoredByListener()} records restored\n`,
    );
    expect(again.restoredByListener()).toBe(0);
    expect((await again.query<{ approximate: number }>('/count')).body.approximate).toBe(KEYS);
    await again.stop();
  });
});
