import { z } from 'zod';

/** One thing a person owes today ("我的工作"). */
export const WorkItemSchema = z.object({
  id: z.string(),
  /** claim | contact | decide (complaints), approve (nominations), and what other domains add. */
  action: z.string(),
  title: z.string(),
  detail: z.string(),
  dueAt: z.string().nullable(),
  clockState: z.string().nullable(),
  href: z.string().nullable(),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

/** `GET /api/v1/my-work`: a section per domain (complaints, nominations, and what later domains plug in). */
export const MyWorkSchema = z.object({
  at: z.string(),
  sections: z.array(z.object({ key: z.string(), items: z.array(WorkItemSchema), failed: z.literal(true).optional() })),
});
export type MyWork = z.infer<typeof MyWorkSchema>;

/** `work:subscribe`: follow changes to one's own work (no payload fields). */
export const WorkSubscribeSchema = z.object({}).strict();
export type WorkSubscribe = z.infer<typeof WorkSubscribeSchema>;

/** `work:changed`: something that may be on someone's list changed; read `GET /my-work` again. */
export interface WorkChanged {
  at: string;
  /** The section that may differ (`complaints`, `nominations`…). */
  section: string;
}
