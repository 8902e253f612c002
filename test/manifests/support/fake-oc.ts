// A stand-in `oc` that replays recorded answers, for running openshift/preflight.sh without a cluster.
// A scenario (fixtures/preflight/<name>.yaml) lists answers by exact command line, and may extend another
// scenario, whose answers it overrides command by command. A command with no recorded answer fails with exit
// 97 and is logged, so a test can tell that the script asked something nobody recorded.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

interface Answer {
  readonly command: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly exit?: number;
}
interface Scenario {
  readonly extends?: string;
  readonly answers: ReadonlyArray<Answer>;
}

/** The answers of a scenario file, those of the scenario it extends included. */
export function readScenario(file: string): Answer[] {
  const scenario = parse(readFileSync(file, 'utf8')) as Scenario;
  const inherited = scenario.extends ? readScenario(join(dirname(file), scenario.extends)) : [];
  const own = new Set(scenario.answers.map((a) => a.command));
  return [...inherited.filter((a) => !own.has(a.command)), ...scenario.answers];
}

const FAKE_OC = `#!/usr/bin/env bash
# Replays the answer recorded for exactly this command line (see test/manifests/support/fake-oc.ts).
for recorded in "$FAKE_OC_ANSWERS"/*.cmd; do
  if [[ "$(cat "$recorded")" == "$*" ]]; then
    answer="\${recorded%.cmd}"
    cat "$answer.out"
    cat "$answer.err" >&2
    exit "$(cat "$answer.rc")"
  fi
done
printf '%s\\n' "$*" >>"$FAKE_OC_ANSWERS/unanswered"
echo "error: no recorded answer for: oc $*" >&2
exit 97
`;

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Commands the script ran that the scenario has no answer for. */
  readonly unanswered: string[];
}

/** Runs `bash <script> ...args` with the fake `oc` answering from `answers` first on PATH. */
export function runWithFakeOc(script: string, args: ReadonlyArray<string>, answers: ReadonlyArray<Answer>): Run {
  const dir = mkdtempSync(join(tmpdir(), 'fake-oc-'));
  try {
    const bin = join(dir, 'bin');
    const store = join(dir, 'answers');
    for (const path of [bin, store]) mkdirSync(path);
    answers.forEach((answer, i) => {
      writeFileSync(join(store, `${i}.cmd`), answer.command);
      writeFileSync(join(store, `${i}.out`), answer.stdout ?? '');
      writeFileSync(join(store, `${i}.err`), answer.stderr ?? '');
      writeFileSync(join(store, `${i}.rc`), String(answer.exit ?? 0));
    });
    writeFileSync(join(bin, 'oc'), FAKE_OC);
    chmodSync(join(bin, 'oc'), 0o755);
    const result = spawnSync('bash', [script, ...args], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_OC_ANSWERS: store },
    });
    const log = join(store, 'unanswered');
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      unanswered: existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
