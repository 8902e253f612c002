// CPU time and resident memory of a process and its descendants, read from /proc (Linux): what a contender costs,
// whatever its runtime (a JVM, Python, Node), measured the same way from outside.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux, whatever the kernel's HZ). */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface TreeUsage {
  /** User + system CPU seconds of the live processes of the tree, plus what their waited-for children used. */
  readonly cpuSeconds: number;
  /** Resident set of the tree's live processes, in bytes. */
  readonly rssBytes: number;
}

interface Stat {
  readonly pid: number;
  readonly ppid: number;
  readonly ticks: number;
  readonly rssPages: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  // The command name (field 2) is in parentheses and may hold spaces: the fields after the last ")" are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17, rss field 24.
  const at = (field: number) => Number(fields[field - 3]);
  return { pid, ppid: at(4), ticks: at(14) + at(15) + at(16) + at(17), rssPages: at(24) };
}

/** The usage of `root` and every process below it now; undefined once `root` is gone. */
export function treeUsage(root: number): TreeUsage | undefined {
  const rootStat = readStat(root);
  if (!rootStat) return undefined;
  const children = new Map<number, Stat[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === root) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  let ticks = 0;
  let rssPages = 0;
  const pending = [rootStat];
  for (let stat = pending.pop(); stat; stat = pending.pop()) {
    ticks += stat.ticks;
    rssPages += stat.rssPages;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rssPages * PAGE_BYTES };
}
