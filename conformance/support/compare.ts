// Normalizes both sides' results into comparable views (records decoded with the scenario's codecs, store
// entries sorted, errors reduced to "failed or not") and renders differences for humans.
import { decode, encode, type Decoded } from './codecs.js';
import type { RunRequest, RunResult } from './protocol.js';
import type { Scenario, Step } from './scenario.js';

export interface View {
  readonly outputs: Record<string, Array<{ key: Decoded; value: Decoded; timestamp: number }>>;
  readonly stores: Record<string, Array<{ key: unknown; value: unknown }>>;
  /** Whether processing stopped with an error (messages differ between the languages; not compared). */
  readonly failed: boolean;
}

export function request(scenario: Scenario, runId: string, steps: readonly Step[] = scenario.steps): RunRequest {
  return {
    id: runId,
    scenario: scenario.id,
    steps: steps.map((step) => {
      if ('advanceMs' in step) return { advanceMs: step.advanceMs };
      const codecs = scenario.inputs?.[step.topic] ?? {};
      return {
        topic: step.topic,
        key: encode(codecs.key ?? 'string', step.key),
        value: encode(codecs.value ?? 'string', step.value),
        timestamp: step.timestamp,
      };
    }),
    outputs: Object.keys(scenario.outputs),
    stores: (scenario.stores ?? []).map((s) => ({ ...s })),
    ...(scenario.handlers ? { handlers: scenario.handlers } : {}),
  };
}

const canonical = (v: unknown): string => JSON.stringify(v);

export function view(scenario: Scenario, result: RunResult): View {
  if (result.setupError) throw new Error(`scenario ${scenario.id}: ${result.setupError}`);
  const outputs: View['outputs'] = {};
  for (const [topic, codecs] of Object.entries(scenario.outputs)) {
    outputs[topic] = (result.outputs[topic] ?? []).map((r) => ({
      key: decode(codecs.key, r.key),
      value: decode(codecs.value, r.value),
      timestamp: r.timestamp,
    }));
  }
  const stores: View['stores'] = {};
  for (const [name, entries] of Object.entries(result.stores)) {
    stores[name] = [...entries].sort((a, b) =>
      canonical(a) < canonical(b) ? -1 : canonical(a) > canonical(b) ? 1 : 0,
    );
  }
  return { outputs, stores, failed: result.error !== null };
}

const show = (d: Decoded): string =>
  d !== null && typeof d === 'object' ? `${show(d.key)}[${d.start},${d.end}]` : JSON.stringify(d);

/** One line per record: `key=value @timestamp`, windowed keys as `"A"[0,3]`. */
export function render(v: View, error?: string | null): string {
  const lines: string[] = [];
  for (const [topic, records] of Object.entries(v.outputs)) {
    lines.push(`  ${topic}:`);
    for (const r of records) lines.push(`    ${show(r.key)} = ${show(r.value)} @${r.timestamp}`);
  }
  for (const [name, entries] of Object.entries(v.stores)) {
    lines.push(`  store ${name}:`);
    for (const e of entries) lines.push(`    ${JSON.stringify(e.key)} -> ${JSON.stringify(e.value)}`);
  }
  if (v.failed) lines.push(`  FAILED${error ? `: ${error.split('\n')[0]}` : ''}`);
  return lines.join('\n');
}

export function renderSteps(steps: readonly Step[]): string {
  return steps
    .map((s) =>
      'advanceMs' in s
        ? `advance ${s.advanceMs}`
        : `${s.topic} ${JSON.stringify(s.key)}=${JSON.stringify(s.value)} @${s.timestamp}`,
    )
    .join(', ');
}

export function same(a: View, b: View): boolean {
  return canonical(a) === canonical(b);
}

/** The view with every record's timestamp set to 0 (for families that cannot compare them). */
export function withoutTimestamps(v: View): View {
  const outputs: View['outputs'] = {};
  for (const [topic, records] of Object.entries(v.outputs))
    outputs[topic] = records.map((r) => ({ ...r, timestamp: 0 }));
  return { ...v, outputs };
}
