// What word-count's GET /state/instance and GET /state/topology answer, checked: another service's answer is input.
import { z } from 'zod';

const count = z.number().int().nonnegative();

export const taskReportSchema = z.object({
  id: z.string().regex(/^\d+_\d+$/),
  subtopology: z.number().int().nonnegative(),
  partition: z.number().int().nonnegative(),
  role: z.enum(['active', 'restoring', 'standby']),
  lag: count,
  processed: count,
  deadLettered: count,
  restore: z.object({ restored: count, remaining: count }).nullable(),
});

export const instanceReportSchema = z.object({
  instanceId: z.string(),
  applicationServer: z.string().nullable(),
  members: z.array(z.string()),
  state: z.string(),
  rebalances: count,
  tasks: z.array(taskReportSchema),
});

export const topologyLayoutSchema = z.object({
  applicationId: z.string(),
  description: z.string(),
  mermaid: z.string(),
  internalTopics: z.array(z.string()),
  subtopologies: z.array(
    z.object({ id: z.number().int().nonnegative(), sourceTopics: z.array(z.string()), stores: z.array(z.string()) }),
  ),
});

export type TaskReport = z.output<typeof taskReportSchema>;
export type InstanceReport = z.output<typeof instanceReportSchema>;
export type TopologyLayout = z.output<typeof topologyLayoutSchema>;
