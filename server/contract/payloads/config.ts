import { z } from 'zod';

/** `GET /api/v1/config`: what the web app may know about this deployment before anything else. Nothing secret. */
export const PublicConfigSchema = z.object({
  bankName: z.string(),
  /** IANA zone for every date and time shown (default Asia/Shanghai). */
  timeZone: z.string(),
  defaultLocale: z.enum(['zh-CN', 'en']),
  /** The web build this server serves; an open screen reloads itself when it changes. */
  buildId: z.string(),
  /** Whether the local bot console at /chat is on (no Feishu credentials configured). */
  consoleChat: z.boolean(),
  /** Whether 飞书登录 is offered (Feishu app credentials configured; `GET /auth/feishu/login`). */
  feishuSignIn: z.boolean().optional(),
});
export type PublicConfig = z.infer<typeof PublicConfigSchema>;
