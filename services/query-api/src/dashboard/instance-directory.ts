import type { InstanceReport, TaskReport } from './word-count-reports.js';

/** One answer (or failure) of an instance asked at `url`. */
export type InstanceAnswer =
  { readonly url: string; readonly report: InstanceReport } | { readonly url: string; readonly error: string };

/** One row of the instances panel. */
export interface InstanceView {
  /** The instance's APPLICATION_SERVER when known, else the host:port it was asked at. */
  readonly key: string;
  readonly url: string;
  readonly status: 'up' | 'unreachable';
  /** Why it is unreachable. */
  readonly error: string | null;
  readonly instanceId: string | null;
  readonly state: string | null;
  readonly tasks: ReadonlyArray<TaskReport>;
}

const hostPortOf = (url: string): string => new URL(url).host;

/**
 * Which word-count instances to ask, and what to show for each. Configured URLs are always asked and always
 * shown. Every answer names the group's members (their APPLICATION_SERVER): those are asked too, with the scheme
 * of the URL that named them, and shown while a member names them or for `forgetAfterMs` after they last
 * answered — so an instance that was stopped shows as unreachable for a while, then goes.
 */
export class InstanceDirectory {
  /** Discovered member (host:port) → when it was last named by a member or answered. */
  private readonly discovered = new Map<string, { url: string; seenMs: number }>();

  constructor(
    private readonly configured: ReadonlyArray<string>,
    private readonly forgetAfterMs: number,
  ) {}

  /** The URLs to ask now. */
  targets(): string[] {
    const configuredHosts = new Set(this.configured.map(hostPortOf));
    const members = [...this.discovered.entries()]
      .filter(([hostPort]) => !configuredHosts.has(hostPort))
      .map(([, { url }]) => url);
    return [...this.configured, ...members];
  }

  /** Takes the answers to one round of `targets()`, and returns the rows to show, by key. */
  observe(answers: ReadonlyArray<InstanceAnswer>, nowMs: number): InstanceView[] {
    for (const answer of answers) {
      if (!('report' in answer)) continue;
      const scheme = new URL(answer.url).protocol;
      for (const member of [answer.report.applicationServer ?? hostPortOf(answer.url), ...answer.report.members]) {
        this.discovered.set(member, { url: `${scheme}//${member}`, seenMs: nowMs });
      }
    }
    for (const [member, { seenMs }] of this.discovered) {
      if (nowMs - seenMs > this.forgetAfterMs) this.discovered.delete(member);
    }
    const configuredUrls = new Set(this.configured);
    const views = new Map<string, InstanceView>();
    for (const answer of answers) {
      if ('report' in answer) {
        const { report } = answer;
        const key = report.applicationServer ?? hostPortOf(answer.url);
        views.set(key, {
          key,
          url: answer.url,
          status: 'up',
          error: null,
          instanceId: report.instanceId,
          state: report.state,
          tasks: report.tasks,
        });
      }
    }
    for (const answer of answers) {
      if ('report' in answer) continue;
      const key = hostPortOf(answer.url);
      const stillKnown = configuredUrls.has(answer.url) || this.discovered.has(key);
      if (views.has(key) || !stillKnown) continue;
      views.set(key, {
        key,
        url: answer.url,
        status: 'unreachable',
        error: answer.error,
        instanceId: null,
        state: null,
        tasks: [],
      });
    }
    return [...views.values()].sort((a, b) => a.key.localeCompare(b.key));
  }
}
