// Decides which instance runs which task, and which instances keep standby copies: a pure function of what
// every instance reported (the tasks it ran, how far behind its copy of each task's state is) so that the
// group leader's answer is deterministic and testable without a broker. The idea is Kafka Streams'
// HighAvailabilityTaskAssignor; the steps here are our own:
//
//   1. stateful actives  - stay with their previous owner, else go to the caught-up copy with the lowest lag;
//                          then balanced (counts differ by at most one) by the cheapest moves: a task moves to
//                          the instance whose copy lags least, so an instance that comes back gets its own back;
//   2. warm-ups          - a stateful task whose balanced place has no caught-up copy (lag > acceptable) stays
//                          on a caught-up instance for now; the balanced place warms a copy up meanwhile, and
//                          a follow-up rebalance moves the task once that copy caught up;
//   3. stateless actives - sticky, filling the instances up to balanced totals;
//   4. standbys          - N copies of each stateful task on other instances, sticky to existing copies, spread.
//
// Ties are always broken by ids, never by input order, so any member computing it gets the same answer.

export interface PlacementTask {
  /** "<subtopology>_<partition>". */
  readonly id: string;
  readonly subtopology: number;
  /** Has changelogged stores: its state can lag, be restored, and be kept warm by standbys. */
  readonly stateful: boolean;
}

export interface PlacementClient {
  readonly id: string;
  /** Tasks it ran as active (restored) when it joined. */
  readonly previousActive: ReadonlySet<string>;
  /**
   * Changelog records its copy of each stateful task lacks (0 for a task it runs; the whole changelog when it
   * has no copy). A stateful task missing here counts as infinitely far behind.
   */
  readonly lags: ReadonlyMap<string, number>;
}

export interface PlacementConfig {
  /** Standby copies per stateful task (fewer when there are not enough other clients). */
  readonly numStandbyReplicas: number;
  /** A copy at most this many records behind is caught up: the task may move to it now. */
  readonly acceptableRecoveryLag: number;
  /** Warm-up copies created per rebalance at most, on top of the standbys. */
  readonly maxWarmupReplicas: number;
}

export interface ClientTasks {
  readonly active: string[];
  /** Standby replicas, warm-ups included: tasks whose stores it keeps current from their changelogs. */
  readonly standby: string[];
  /** The part of `standby` that are warm-ups: tasks meant to move here once the copy caught up. */
  readonly warmup: string[];
}

export interface Placement {
  readonly clients: ReadonlyMap<string, ClientTasks>;
  /** Some stateful task waits on a caught-up client for a copy elsewhere to catch up: rebalance again later. */
  readonly followupRebalance: boolean;
}

export function placeTasks(
  tasks: ReadonlyArray<PlacementTask>,
  clientList: ReadonlyArray<PlacementClient>,
  config: PlacementConfig,
): Placement {
  const clients = [...clientList].sort((a, b) => compareIds(a.id, b.id));
  const ordered = [...tasks].sort((a, b) => compareTaskIds(a.id, b.id));
  const result = new Map(clients.map((c) => [c.id, { active: [], standby: [], warmup: [] } as ClientTasks]));
  if (clients.length === 0) return { clients: result, followupRebalance: false };

  const state = new PlacementState(clients, config.acceptableRecoveryLag);
  const stateful = ordered.filter((t) => t.stateful);
  placeStatefulActives(state, stateful);
  const followupRebalance = keepOnCaughtUpClients(state, stateful, config.maxWarmupReplicas);
  placeStatelessActives(
    state,
    ordered.filter((t) => !t.stateful),
  );
  placeStandbys(state, stateful, config.numStandbyReplicas);

  for (const task of ordered) result.get(state.owner.get(task.id)!)!.active.push(task.id);
  for (const task of stateful) {
    for (const holder of state.warmups.get(task.id) ?? []) {
      result.get(holder)!.warmup.push(task.id);
      result.get(holder)!.standby.push(task.id);
    }
    for (const holder of state.standbys.get(task.id) ?? []) result.get(holder)!.standby.push(task.id);
  }
  for (const placed of result.values()) placed.standby.sort(compareTaskIds);
  return { clients: result, followupRebalance };
}

/** The assignment being built, with the counts the steps balance on. */
class PlacementState {
  readonly owner = new Map<string, string>();
  readonly activeCount = new Map<string, number>();
  readonly warmups = new Map<string, Set<string>>();
  readonly standbys = new Map<string, Set<string>>();
  readonly standbyCount = new Map<string, number>();

  constructor(
    readonly clients: ReadonlyArray<PlacementClient>,
    private readonly acceptableRecoveryLag: number,
  ) {
    for (const c of clients) {
      this.activeCount.set(c.id, 0);
      this.standbyCount.set(c.id, 0);
    }
  }

  lag(client: PlacementClient, task: PlacementTask): number {
    if (!task.stateful) return 0;
    return client.lags.get(task.id) ?? Number.POSITIVE_INFINITY;
  }

  caughtUp(client: PlacementClient, task: PlacementTask): boolean {
    return this.lag(client, task) <= this.acceptableRecoveryLag;
  }

  assign(task: PlacementTask, client: PlacementClient): void {
    const previous = this.owner.get(task.id);
    if (previous !== undefined) this.activeCount.set(previous, this.activeCount.get(previous)! - 1);
    this.owner.set(task.id, client.id);
    this.activeCount.set(client.id, this.activeCount.get(client.id)! + 1);
  }

  /** The client holding more copies than any other is the one a task should stay with or go to. */
  best(candidates: ReadonlyArray<PlacementClient>, task: PlacementTask): PlacementClient | undefined {
    return minBy(candidates, (c) => [
      c.previousActive.has(task.id) ? 0 : 1,
      this.lag(c, task),
      this.activeCount.get(c.id)!,
      c.id,
    ]);
  }
}

/** Step 1: stateful actives to where their state is, then balanced by the cheapest moves. */
function placeStatefulActives(state: PlacementState, stateful: ReadonlyArray<PlacementTask>): void {
  const unplaced: PlacementTask[] = [];
  for (const task of stateful) {
    const previousOwners = state.clients.filter((c) => c.previousActive.has(task.id));
    const caughtUp = state.clients.filter((c) => state.caughtUp(c, task));
    const chosen = state.best(previousOwners.length > 0 ? previousOwners : caughtUp, task);
    if (chosen) state.assign(task, chosen);
    else unplaced.push(task);
  }
  for (const task of unplaced) {
    state.assign(
      task,
      minBy(state.clients, (c) => [state.activeCount.get(c.id)!, state.lag(c, task), c.id])!,
    );
  }
  // Each move goes from a most loaded client to one with at least two tasks less, so the spread shrinks
  // and the loop ends; the move chosen is the one whose destination lags least (the cheapest restore).
  for (;;) {
    const counts = state.clients.map((c) => state.activeCount.get(c.id)!);
    const most = Math.max(...counts);
    if (most - Math.min(...counts) <= 1) return;
    const moves = stateful.flatMap((task) => {
      const from = state.owner.get(task.id)!;
      if (state.activeCount.get(from) !== most) return [];
      return state.clients
        .filter((c) => state.activeCount.get(c.id)! <= most - 2)
        .map((to) => ({ task, to, key: [state.lag(to, task), to.previousActive.has(task.id) ? 0 : 1] }));
    });
    const move = minBy(moves, (m) => [...m.key, m.task.id, m.to.id])!;
    state.assign(move.task, move.to);
  }
}

/**
 * Step 2: a stateful task whose place has no caught-up copy stays on (or goes back to) a caught-up client
 * while its place warms a copy up. Returns whether a follow-up rebalance is needed to finish the moves.
 */
function keepOnCaughtUpClients(
  state: PlacementState,
  stateful: ReadonlyArray<PlacementTask>,
  maxWarmupReplicas: number,
): boolean {
  let warmups = 0;
  let followup = false;
  for (const task of stateful) {
    const place = state.clients.find((c) => c.id === state.owner.get(task.id))!;
    if (state.caughtUp(place, task)) continue;
    const keeper = state.best(
      state.clients.filter((c) => state.caughtUp(c, task)),
      task,
    );
    if (!keeper) continue; // nobody has a good copy: restoring at the balanced place is as good as anywhere
    state.assign(task, keeper);
    followup = true;
    if (warmups < maxWarmupReplicas) {
      warmups++;
      state.warmups.set(task.id, new Set([place.id]));
    }
  }
  return followup;
}

/** Step 3: stateless actives, sticky, evening out the total task counts. */
function placeStatelessActives(state: PlacementState, stateless: ReadonlyArray<PlacementTask>): void {
  // How many more tasks each client takes: always to the least loaded one (water-filling).
  const room = new Map(state.clients.map((c) => [c.id, 0]));
  const totals = new Map(state.activeCount);
  for (let i = 0; i < stateless.length; i++) {
    const target = minBy(state.clients, (c) => [totals.get(c.id)!, c.id])!;
    totals.set(target.id, totals.get(target.id)! + 1);
    room.set(target.id, room.get(target.id)! + 1);
  }
  const take = (task: PlacementTask, client: PlacementClient) => {
    state.assign(task, client);
    room.set(client.id, room.get(client.id)! - 1);
  };
  const unplaced: PlacementTask[] = [];
  for (const task of stateless) {
    const previous = minBy(
      state.clients.filter((c) => c.previousActive.has(task.id) && room.get(c.id)! > 0),
      (c) => [c.id],
    );
    if (previous) take(task, previous);
    else unplaced.push(task);
  }
  const sameSubtopology = (client: PlacementClient, task: PlacementTask) =>
    [...state.owner].filter(([id, owner]) => owner === client.id && subtopologyOf(id) === task.subtopology).length;
  for (const task of unplaced) {
    const open = state.clients.filter((c) => room.get(c.id)! > 0);
    take(
      task,
      minBy(open, (c) => [sameSubtopology(c, task), state.activeCount.get(c.id)!, c.id])!,
    );
  }
}

/** Step 4: standby copies, never on the task's active client nor on its warm-up client. */
function placeStandbys(state: PlacementState, stateful: ReadonlyArray<PlacementTask>, numStandbyReplicas: number) {
  const replicas = Math.min(numStandbyReplicas, state.clients.length - 1);
  if (replicas <= 0) return;
  const cap = Math.ceil((stateful.length * replicas) / state.clients.length);
  const eligible = (task: PlacementTask) =>
    state.clients.filter(
      (c) =>
        c.id !== state.owner.get(task.id) &&
        !state.warmups.get(task.id)?.has(c.id) &&
        !state.standbys.get(task.id)?.has(c.id),
    );
  const add = (task: PlacementTask, client: PlacementClient) => {
    let holders = state.standbys.get(task.id);
    if (!holders) state.standbys.set(task.id, (holders = new Set()));
    holders.add(client.id);
    state.standbyCount.set(client.id, state.standbyCount.get(client.id)! + 1);
  };
  const missing = (task: PlacementTask) => replicas - (state.standbys.get(task.id)?.size ?? 0);
  // Sticky first: caught-up copies keep their standby as long as the client has no more than its share.
  for (const task of stateful) {
    while (missing(task) > 0) {
      const candidates = eligible(task).filter((c) => state.caughtUp(c, task) && state.standbyCount.get(c.id)! < cap);
      const chosen = minBy(candidates, (c) => [state.lag(c, task), state.standbyCount.get(c.id)!, c.id]);
      if (!chosen) break;
      add(task, chosen);
    }
  }
  for (const task of stateful) {
    while (missing(task) > 0) {
      const chosen = minBy(eligible(task), (c) => [
        state.standbyCount.get(c.id)!,
        state.standbyCount.get(c.id)! + state.activeCount.get(c.id)!,
        state.lag(c, task),
        c.id,
      ]);
      if (!chosen) break;
      add(task, chosen);
    }
  }
}

type SortKey = ReadonlyArray<number | string>;

function minBy<T>(items: ReadonlyArray<T>, key: (item: T) => SortKey): T | undefined {
  let best: T | undefined;
  let bestKey: SortKey | undefined;
  for (const item of items) {
    const itemKey = key(item);
    if (bestKey === undefined || compareKeys(itemKey, bestKey) < 0) {
      best = item;
      bestKey = itemKey;
    }
  }
  return best;
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue; // also two infinite lags
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    return compareIds(String(x), String(y));
  }
  return 0;
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const subtopologyOf = (taskId: string): number => Number(taskId.slice(0, taskId.indexOf('_')));

/** Task ids in (sub-topology, partition) order: "1_2" before "1_10". */
export function compareTaskIds(a: string, b: string): number {
  const [sa, pa] = a.split('_').map(Number) as [number, number];
  const [sb, pb] = b.split('_').map(Number) as [number, number];
  return sa - sb || pa - pb;
}
