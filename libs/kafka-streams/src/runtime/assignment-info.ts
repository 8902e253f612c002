// The user data TaskAssignor exchanges through the group protocol (Java's SubscriptionInfo and AssignmentInfo).
//
// Wire format of both: one byte, the writer's format version, then a UTF-8 JSON object.
//   subscription v1: { "applicationServer"?: "host:port" }
//   assignment   v1: { "hosts": [{ "host": "host:port", "activeTasks": ["0_1", ...], "standbyTasks": [...] }] }
// Versions only ever add fields: a reader accepts every version from 1 on and ignores fields it does not know,
// so the sticky, standby-aware assignor can add (for example) owned tasks and lags to the subscription without
// breaking instances still running the previous version during a rolling upgrade.
import { z } from 'zod';

export const SUBSCRIPTION_INFO_VERSION = 1;
export const ASSIGNMENT_INFO_VERSION = 1;

/** What a member tells the leader when it joins. */
export interface SubscriptionInfo {
  /** The member's `applicationServer` ("host:port"), when it serves interactive queries. */
  readonly applicationServer?: string;
}

/** The tasks of one host, as the leader assigned them in the latest rebalance. */
export interface HostTasks {
  readonly host: string;
  readonly activeTasks: ReadonlyArray<string>;
  readonly standbyTasks: ReadonlyArray<string>;
}

/** What the leader gives every member: the tasks of every host (Java's partitionsByHost). */
export interface AssignmentInfo {
  readonly hosts: ReadonlyArray<HostTasks>;
}

export class AssignmentInfoError extends Error {
  override readonly name = 'AssignmentInfoError';
}

const taskId = z.string().regex(/^\d+_\d+$/, 'must be a task id "<subtopology>_<partition>"');

const subscriptionSchema = z.object({ applicationServer: z.string().min(1).optional() });

const assignmentSchema = z.object({
  hosts: z.array(
    z.object({
      host: z.string().min(1),
      activeTasks: z.array(taskId),
      standbyTasks: z.array(taskId).default([]),
    }),
  ),
});

export function encodeSubscriptionInfo(info: SubscriptionInfo): Buffer {
  return encode(SUBSCRIPTION_INFO_VERSION, info.applicationServer ? { applicationServer: info.applicationServer } : {});
}

/** Empty user data (a member that sent none) reads as no information. Throws AssignmentInfoError when malformed. */
export function decodeSubscriptionInfo(data: Buffer): SubscriptionInfo {
  if (data.length === 0) return {};
  const { applicationServer } = decode(data, subscriptionSchema, 'subscription');
  return applicationServer ? { applicationServer } : {};
}

export function encodeAssignmentInfo(info: AssignmentInfo): Buffer {
  return encode(ASSIGNMENT_INFO_VERSION, {
    hosts: info.hosts.map(({ host, activeTasks, standbyTasks }) => ({ host, activeTasks, standbyTasks })),
  });
}

/** Throws AssignmentInfoError when `data` is empty or malformed. */
export function decodeAssignmentInfo(data: Buffer): AssignmentInfo {
  if (data.length === 0) throw new AssignmentInfoError('assignment user data is empty');
  return decode(data, assignmentSchema, 'assignment');
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
