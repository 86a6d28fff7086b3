import { z } from 'zod';
import { TimeSchema } from '../dates.ts';

/**
 * Access control on the wire: sessions, users, display tokens (wall screens), API keys
 * (integrators) and the audit log. A scope travels as text: `bank`, `region:<code>` or
 * `branch:<code>`.
 */
export const RoleSchema = z.enum(['admin', 'leader', 'region_manager', 'inspector', 'complaint_handler', 'branch_head', 'staff']);
export type Role = z.infer<typeof RoleSchema>;

export const ScopeTextSchema = z
  .string()
  .regex(/^(bank|region:[A-Za-z0-9_-]{1,32}|branch:[A-Za-z0-9_-]{1,32})$/, 'must be bank, region:<code> or branch:<code>');

/** Event types an API key may be limited to (the ingest API's types). */
export const INGEST_EVENT_TYPES = [
  'ticket.issued', 'ticket.called', 'ticket.finished', 'evaluation.submitted', 'service_error.recorded', 'complaint.received',
  'inspection.submitted',
] as const;
export const IngestEventTypeSchema = z.enum(INGEST_EVENT_TYPES);

export const SessionUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  scope: z.string(),
  /** The staff record this user is, when linked (and so their Feishu identity). */
  staffCode: z.string().nullable(),
  locale: z.enum(['zh-CN', 'en']),
  /** What the role may do, for the web to show or hide actions; the server checks regardless. */
  permissions: z.array(z.string()),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/** `POST /api/v1/auth/login`. */
export const LoginRequestSchema = z.object({
  username: z.string().trim().min(1, 'is required').max(64),
  password: z.string().min(1, 'is required').max(200),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** Answer of login and of `GET /api/v1/auth/me`: send `csrfToken` as `x-csrf-token` on every POST/PATCH/DELETE. */
export const SessionSchema = z.object({ user: SessionUserSchema, csrfToken: z.string() });
export type Session = z.infer<typeof SessionSchema>;

export const PASSWORD_MIN_LENGTH = 12;
/** `POST /api/v1/auth/password`. */
export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200),
});

export const UsernameSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,31}$/, 'must be 3–32 letters, digits, dots, dashes or underscores');

export const UserSummarySchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  scope: z.string(),
  staffCode: z.string().nullable(),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/** `POST /api/v1/users`: without `password`, one is generated and returned once. */
export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1, 'is required').max(64),
  role: RoleSchema,
  scope: ScopeTextSchema,
  staffCode: z.string().trim().min(1).max(64).optional(),
  password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200).optional(),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;
export const CreatedUserSchema = z.object({ user: UserSummarySchema, generatedPassword: z.string().optional() });

/** `PATCH /api/v1/users/:username`. */
export const UpdateUserSchema = z.object({
  displayName: z.string().trim().min(1).max(64).optional(),
  role: RoleSchema.optional(),
  scope: ScopeTextSchema.optional(),
  staffCode: z.string().trim().min(1).max(64).nullable().optional(),
  active: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

/** `POST /api/v1/users/:username/reset-password` answers a generated password, once. */
export const ResetPasswordResultSchema = z.object({ generatedPassword: z.string() });

export const DisplayTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string(),
  /** The first characters of the secret, to tell screens apart; the secret itself is never shown again. */
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** After this the screen's URL opens nothing; null: no expiry. */
  expiresAt: z.string().nullable(),
});
export type DisplayToken = z.infer<typeof DisplayTokenSchema>;
export const CreateDisplayTokenSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(64),
  scope: ScopeTextSchema,
  /** Optional: the token expires this many days after creation (1–3650). */
  expiresInDays: z.coerce.number({ message: 'must be a whole number of days' }).int('must be a whole number of days').min(1, 'must be 1 to 3650 days').max(3650, 'must be 1 to 3650 days').optional(),
});
/** The screen opens `url` once; it carries the secret. */
export const CreatedDisplayTokenSchema = z.object({ token: DisplayTokenSchema, secret: z.string(), url: z.string() });

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.string(),
  eventTypes: z.array(z.string()),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;
export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1, 'is required').max(64),
  scope: ScopeTextSchema,
  eventTypes: z.array(IngestEventTypeSchema).min(1, 'name at least one event type'),
});
export const CreatedApiKeySchema = z.object({ key: ApiKeySchema, secret: z.string() });

export const AuditChannelSchema = z.enum(['web', 'bot', 'api', 'job', 'cli']);
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  /** `user:<username>`, `api_key:<prefix>`, `cli:<os user>`, `job:<name>`, `system`. */
  actor: z.string(),
  role: z.string().nullable(),
  channel: AuditChannelSchema,
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What changed (before/after of the fields that changed), never customer PII or secrets. */
  summary: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** `GET /api/v1/audit?actor=&action=&channel=&target=&from=&to=&before=&limit=` (newest first; `before` pages by id). */
export const AuditQuerySchema = z.object({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  channel: AuditChannelSchema.optional(),
  target: z.string().max(100).optional(),
  from: TimeSchema.optional(),
  to: TimeSchema.optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** `GET /api/v1/customers/:code`: names, phones and ID numbers masked unless the role needs them. */
export const CustomerViewSchema = z.object({
  code: z.string(),
  name: z.string(),
  branchCode: z.string(),
  accountManagerCode: z.string().nullable(),
  tier: z.string(),
  /** `YYYY-MM-DD`, or `MM-DD` when the year is unknown or masked; in `birthdayCalendar`. */
  birthday: z.string().nullable(),
  birthdayCalendar: z.enum(['solar', 'lunar']).nullable(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
  careOptOut: z.boolean(),
  /** True when the values above are the full ones. */
  revealed: z.boolean(),
});
export type CustomerView = z.infer<typeof CustomerViewSchema>;
