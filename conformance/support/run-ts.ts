// The TypeScript side: runs a request through the library's TopologyTestDriver, answering like the harness.
import { conformanceCacheMaxBytes } from './cache-size.js';
import {
  LogAndContinue,
  Serdes,
  StreamsBuilder,
  silentLogger,
  type VersionedRecord,
  type Windowed,
} from '@streamkit/kafka-streams';
import { TopologyTestDriver, type TestInputTopic } from '@streamkit/kafka-streams/testing';
import type { RawRecord, RunRequest, RunResult } from './protocol.js';

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
const bytes = (h: string | null): Buffer | null => (h === null ? null : Buffer.from(h, 'hex'));

function json(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && 'window' in value && 'key' in value) {
    const w = value as Windowed<unknown>;
    return { key: json(w.key), start: w.window.startMs, end: w.window.endMs };
  }
  if (typeof value === 'bigint') return Number(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export async function runTs(
  request: RunRequest,
  build: (builder: StreamsBuilder<string, string>) => void,
): Promise<RunResult> {
  const outputs: Record<string, RawRecord[]> = {};
  const stores: RunResult['stores'] = {};
  let driver: TopologyTestDriver;
  try {
    const builder = new StreamsBuilder({ defaultKeySerde: Serdes.String(), defaultValueSerde: Serdes.String() });
    build(builder);
    driver = new TopologyTestDriver(builder.build(), {
      applicationId: 'app',
      initialWallClockTimeMs: 0,
      errorHandlers: {
        ...(request.handlers?.processing === 'continue' ? { processing: LogAndContinue.processing() } : {}),
        ...(request.handlers?.deserialization === 'continue'
          ? { deserialization: LogAndContinue.deserialization() }
          : {}),
      },
      logger: silentLogger,
      cacheMaxBytes: conformanceCacheMaxBytes(),
    });
  } catch (e) {
    return { id: request.id, outputs, stores, error: null, setupError: message(e) };
  }
  let error: string | null = null;
  try {
    const inputs = new Map<string, TestInputTopic<Buffer | null, Buffer | null>>();
    try {
      for (const step of request.steps) {
        if ('advanceMs' in step) {
          driver.advanceWallClockTime(step.advanceMs);
          continue;
        }
        let input = inputs.get(step.topic);
        if (!input) {
          input = driver.createInputTopic<Buffer | null, Buffer | null>(step.topic, Serdes.Bytes(), Serdes.Bytes());
          inputs.set(step.topic, input);
        }
        input.pipeInput(bytes(step.key), bytes(step.value), step.timestamp);
      }
    } catch (e) {
      error = message(e);
    }
    const produced = new Set(driver.producedTopicNames());
    for (const topic of request.outputs) {
      outputs[topic] = produced.has(topic)
        ? driver
            .createOutputTopic(topic, Serdes.Bytes(), Serdes.Bytes())
            .readRecordsToList()
            .map((r) => ({ key: hex(r.key), value: hex(r.value), timestamp: r.timestamp }))
        : [];
    }
    for (const query of request.stores) {
      const entries: Array<{ key: unknown; value: unknown }> = [];
      if (query.kind === 'kv') {
        const store = driver.getKeyValueStore<unknown, unknown>(query.name);
        if (!store) throw new Error(`no key-value store ${query.name}`);
        for await (const { key, value } of store.all()) entries.push({ key: json(key), value: json(value) });
      } else if (query.kind === 'window') {
        const store = driver.getWindowStore<unknown, unknown>(query.name);
        if (!store) throw new Error(`no window store ${query.name}`);
        for (const { key, value } of store.all()) entries.push({ key: json(key), value: json(value) });
      } else if (query.kind === 'versioned') {
        const store = driver.getVersionedKeyValueStore<string, unknown>(query.name);
        if (!store) throw new Error(`no versioned store ${query.name}`);
        const version = (r: VersionedRecord<unknown> | undefined) =>
          r === undefined ? null : { value: json(r.value), timestamp: r.timestamp, validTo: r.validTo ?? null };
        for (const key of query.keys ?? []) {
          entries.push({ key, value: version(store.get(key)) });
          for (const asOf of query.asOf ?? [])
            entries.push({ key: { key, asOf }, value: version(store.get(key, asOf)) });
        }
      } else {
        const store = driver.getSessionStore<unknown, unknown>(query.name);
        if (!store) throw new Error(`no session store ${query.name}`);
        for (const key of query.keys ?? [])
          for (const s of store.fetch(key)) entries.push({ key: json(s.key), value: json(s.value) });
      }
      stores[query.name] = entries;
    }
  } catch (e) {
    error ??= message(e);
  } finally {
    try {
      driver.close();
    } catch {
      // the first error is what counts
    }
  }
  return { id: request.id, outputs, stores, error };
}
