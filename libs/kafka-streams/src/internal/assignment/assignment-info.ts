// The user data TaskAssignor exchanges through the group protocol (Java's SubscriptionInfo and AssignmentInfo).
//
// Wire format of both: one byte, the writer's format version, then a UTF-8 JSON object.
//   subscription v1: { "applicationServer"?: "host:port" }
//   subscription v2: v1 + { "activeTasks"?: ["0_1", ...], "taskOffsets"?: { "1_0": { "<topic>:<partition>": "42" } },
//                           "rebalanceRequests"?: 3 }
//   assignment   v1: { "hosts": [{ "host": "host:port", "activeTasks": ["0_1", ...], "standbyTasks": [...] }] }
//   assignment   v2: v1 + { "standbyTasks"?: [...], "warmupTasks"?: [...], "followupRebalanceMs"?: 600000 }
//   assignment   v3: v2 + { "activeTasks"?: [...] }
// Versions only ever add fields: a reader accepts every version from 1 on and ignores fields it does not know,
// so instances of the previous version keep working during a rolling upgrade (a v1 member just reports no state
// and runs no standbys). Absent optional fields are left out both when writing and when reading.
import { z } from 'zod';
import { AssignmentInfoError } from '../../errors/exceptions.js';

export const SUBSCRIPTION_INFO_VERSION = 2;
export const ASSIGNMENT_INFO_VERSION = 3;

/** What a member tells the leader when it joins. */
export interface SubscriptionInfo {
  /** The member's `applicationServer` ("host:port"), when it serves interactive queries. */
  readonly applicationServer?: string;
  /** Tasks it runs as active and restored when it joins: their state is current. */
  readonly activeTasks?: ReadonlyArray<string>;
  /**
   * Per task whose state it holds (on disk, from the task's checkpoint, or as a standby), per changelog
   * "<topic>:<partition>", the next offset the stores are known to contain.
   */
  readonly taskOffsets?: ReadonlyMap<string, ReadonlyMap<string, bigint>>;
  /** How many rebalances it asked for: a member rejoining with new metadata makes the group rebalance. */
  readonly rebalanceRequests?: number;
}

/** The tasks of one host, as the leader assigned them in the latest rebalance. */
export interface HostTasks {
  readonly host: string;
  readonly activeTasks: ReadonlyArray<string>;
  readonly standbyTasks: ReadonlyArray<string>;
}

/** What the leader gives every member: the tasks of every host (Java's partitionsByHost), and its own standbys. */
export interface AssignmentInfo {
  readonly hosts: ReadonlyArray<HostTasks>;
  /**
   * The tasks this member is meant to run. Under cooperative rebalancing the partitions of some may be withheld
   * until their previous owner gave them up: the member claims those in the follow-up rebalance.
   */
  readonly activeTasks?: ReadonlyArray<string>;
  /** Tasks this member keeps standby copies of (warm-ups included), whether or not it has an applicationServer. */
  readonly standbyTasks?: ReadonlyArray<string>;
  /** The part of `standbyTasks` that are warm-ups: tasks meant to move to this member once its copy caught up. */
  readonly warmupTasks?: ReadonlyArray<string>;
  /** Rebalance again after this many milliseconds (warm-ups are catching up). */
  readonly followupRebalanceMs?: number;
}

const taskId = z.string().regex(/^\d+_\d+$/, 'must be a task id "<subtopology>_<partition>"');

const offset = z.string().regex(/^\d+$/, 'must be an offset (decimal digits)');

const subscriptionSchema = z.object({
  applicationServer: z.string().min(1).optional(),
  activeTasks: z.array(taskId).optional(),
  taskOffsets: z
    .record(taskId, z.record(z.string().regex(/^.+:\d+$/, 'must be "<topic>:<partition>"'), offset))
    .optional(),
  rebalanceRequests: z.number().int().nonnegative().optional(),
});

const assignmentSchema = z.object({
  hosts: z.array(
    z.object({
      host: z.string().min(1),
      activeTasks: z.array(taskId),
      standbyTasks: z.array(taskId).default([]),
    }),
  ),
  activeTasks: z.array(taskId).optional(),
  standbyTasks: z.array(taskId).optional(),
  warmupTasks: z.array(taskId).optional(),
  followupRebalanceMs: z.number().int().positive().optional(),
});

export function encodeSubscriptionInfo(info: SubscriptionInfo): Buffer {
  const { applicationServer, activeTasks, taskOffsets, rebalanceRequests } = info;
  return encode(SUBSCRIPTION_INFO_VERSION, {
    ...(applicationServer ? { applicationServer } : {}),
    ...(activeTasks?.length ? { activeTasks } : {}),
    ...(taskOffsets?.size
      ? {
          taskOffsets: Object.fromEntries(
            [...taskOffsets].map(([task, offsets]) => [
              task,
              Object.fromEntries([...offsets].map(([changelog, next]) => [changelog, next.toString()])),
            ]),
          ),
        }
      : {}),
    ...(rebalanceRequests ? { rebalanceRequests } : {}),
  });
}

/** Empty user data (a member that sent none) reads as no information. Throws AssignmentInfoError when malformed. */
export function decodeSubscriptionInfo(data: Buffer): SubscriptionInfo {
  if (data.length === 0) return {};
  const { applicationServer, activeTasks, taskOffsets, rebalanceRequests } = decode(
    data,
    subscriptionSchema,
    'subscription',
  );
  return {
    ...(applicationServer ? { applicationServer } : {}),
    ...(activeTasks?.length ? { activeTasks } : {}),
    ...(taskOffsets && Object.keys(taskOffsets).length > 0
      ? {
          taskOffsets: new Map(
            Object.entries(taskOffsets).map(([task, offsets]) => [
              task,
              new Map(Object.entries(offsets).map(([changelog, next]) => [changelog, BigInt(next)])),
            ]),
          ),
        }
      : {}),
    ...(rebalanceRequests ? { rebalanceRequests } : {}),
  };
}

export function encodeAssignmentInfo(info: AssignmentInfo): Buffer {
  const { hosts, activeTasks, standbyTasks, warmupTasks, followupRebalanceMs } = info;
  return encode(ASSIGNMENT_INFO_VERSION, {
    hosts: hosts.map(({ host, activeTasks, standbyTasks }) => ({ host, activeTasks, standbyTasks })),
    ...(activeTasks?.length ? { activeTasks } : {}),
    ...(standbyTasks?.length ? { standbyTasks } : {}),
    ...(warmupTasks?.length ? { warmupTasks } : {}),
    ...(followupRebalanceMs ? { followupRebalanceMs } : {}),
  });
}

/** Throws AssignmentInfoError when `data` is empty or malformed. */
export function decodeAssignmentInfo(data: Buffer): AssignmentInfo {
  if (data.length === 0) throw new AssignmentInfoError('assignment user data is empty');
  const { hosts, activeTasks, standbyTasks, warmupTasks, followupRebalanceMs } = decode(
    data,
    assignmentSchema,
    'assignment',
  );
  return {
    hosts,
    ...(activeTasks?.length ? { activeTasks } : {}),
    ...(standbyTasks?.length ? { standbyTasks } : {}),
    ...(warmupTasks?.length ? { warmupTasks } : {}),
    ...(followupRebalanceMs ? { followupRebalanceMs } : {}),
  };
}

function encode(version: number, body: object): Buffer {
  return Buffer.concat([Buffer.of(version), Buffer.from(JSON.stringify(body), 'utf8')]);
}

function decode<T>(data: Buffer, schema: z.ZodType<T>, what: string): T {
  const version = data[0]!;
  if (version < 1) throw new AssignmentInfoError(`${what} user data has unknown format version ${version}`);
  let json: unknown;
  try {
    json = JSON.parse(data.subarray(1).toString('utf8'));
  } catch (error) {
    throw new AssignmentInfoError(`${what} user data (version ${version}) is not valid JSON: ${String(error)}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new AssignmentInfoError(`${what} user data (version ${version}) is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
