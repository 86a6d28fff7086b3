import path from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads process.env. It validates once, names every bad variable, treats
 * empty strings as unset, and returns a frozen object that is passed to everything else.
 * Every variable is documented with its default in .env.example.
 */
const bool = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'must be 1/0, true/false, yes/no or on/off' })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number({ message: 'must be a number' }).int('must be a whole number').min(min).max(max).optional()
    .transform((v) => v ?? fallback);

const timeZone = z.string().optional().transform((v) => v ?? 'Asia/Shanghai').refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional().transform((v) => v ?? 'development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().optional().transform((v) => v ?? '0.0.0.0'),
  PUBLIC_URL: z.url({ message: 'must be an absolute URL such as https://touchstone.bank.example' }).optional(),
  TRUST_PROXY: bool(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().transform((v) => v ?? 'info'),

  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  DATABASE_POOL_MAX: int(10, 1, 200),
  DATA_DIR: z.string().optional().transform((v) => path.resolve(v ?? './data')),

  BANK_NAME: z.string().optional().transform((v) => v ?? '示范银行'),
  BANK_TIMEZONE: timeZone,
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).optional().transform((v) => v ?? 'zh-CN'),

  KPI_PUSH_PER_SECOND: int(2, 1, 20),
  KPI_LONG_WAIT_MINUTES: int(15, 1, 240),

  SESSION_IDLE_MINUTES: int(120, 5, 24 * 60),
  SESSION_MAX_HOURS: int(12, 1, 24 * 30),

  JOBS_ENABLED: bool(true),
  JOBS_CATCH_UP_HOURS: int(24, 0, 24 * 31),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 100, 120_000),
  SIMULATE: bool(true),

  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_ENCRYPT_KEY: z.string().optional(),
  FEISHU_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_DOMAIN: z.string().optional().transform((v) => v ?? 'feishu').refine(
    (v) => v === 'feishu' || v === 'lark' || /^https?:\/\//.test(v), 'must be feishu, lark or a base URL such as https://open.bank.example'),
  FEISHU_TRANSPORT: z.enum(['ws', 'webhook']).optional().transform((v) => v ?? 'ws'),
  FEISHU_REPLAY_WINDOW_SECONDS: int(300, 10, 3600),
  FEISHU_PROXY: z.string().optional().refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) proxy URL such as http://proxy.bank.example:8080'),
  FEISHU_PING_TIMEOUT_SECONDS: int(60, 1, 600),
  FEISHU_CARD_REFRESH_DAYS: int(13, 1, 13),

  COMPLAINT_LADDER: z.string().optional().transform((v) => v ?? '72h=handler,24h=branch_head,0h=region_manager,overdue=leadership')
    .refine((v) => /^(\s*(\d{1,4}h|overdue)=(handler|branch_head|region_manager|leadership)\s*)(,\s*(\d{1,4}h|overdue)=(handler|branch_head|region_manager|leadership)\s*)*$/.test(v),
      'must be steps like 72h=handler,24h=branch_head,0h=region_manager,overdue=leadership'),
  COMPLAINT_ROLL_OVER_HOLIDAYS: bool(false),
  COMPLAINT_FIRST_CONTACT_WORKING_DAYS: int(1, 1, 10),

  BOT_CONSOLE: z.enum(['auto', 'on', 'off'], { message: 'must be auto, on or off' }).optional().transform((v) => v ?? 'auto'),
  BOT_QUIET_HOURS: z.string().optional().transform((v) => v ?? '22:00-08:00')
    .refine((v) => v === 'off' || /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/.test(v), 'must be HH:MM-HH:MM (bank time) or off'),

  CARE_DAILY_AT: z.string().optional().transform((v) => v ?? '08:30').refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'must be HH:MM (bank time)'),
  SOCKET_RECHECK_SECONDS: int(60, 1, 3600),
  // Database outages (issue #14, docs/reliability.md)
  DATABASE_CONNECT_TIMEOUT_SECONDS: int(3, 1, 60),
  DATABASE_STATEMENT_TIMEOUT_MS: int(30_000, 0, 3_600_000),
  DATABASE_START_WAIT_SECONDS: int(300, 0, 86_400),
  INSPECTION_PASS_MARK: int(85, 1, 100),
  INSPECTION_RED_LINE_DUE_WORKING_DAYS: int(1, 1, 30),
  INSPECTION_DUE_WORKING_DAYS: int(5, 1, 60),
  INSPECTION_CALIBRATION_DAYS: int(14, 1, 90),
  INSPECTION_PHOTO_MAX_KB: int(5120, 16, 10_240),
});

export type Env = z.input<typeof EnvSchema>;

/** Every variable the app reads; .env.example documents each (tests/architecture checks it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape).filter((k) => k !== 'NODE_ENV');

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { port: number; host: string; publicUrl: string | undefined; trustProxy: boolean };
  log: { level: string };
  db: { databaseUrl: string | undefined; poolMax: number; dataDir: string };
  bank: { name: string; timeZone: string; defaultLocale: 'zh-CN' | 'en' };
  jobs: { enabled: boolean; catchUpHours: number };
  sessions: { idleMinutes: number; maxHours: number };
  kpi: { pushPerSecond: number; longWaitMinutes: number };
  shutdownTimeoutMs: number;
  simulate: boolean;
  complaints: { ladder: string; rollOverHolidays: boolean; firstContactWorkingDays: number };
  inspections: { passMark: number; redLineDueWorkingDays: number; dueWorkingDays: number; calibrationWindowDays: number; photoMaxBytes: number };
  /** `console`: the local /chat channel (on by default when Feishu is not configured). */
  bot: { console: boolean; quietHours: string | null };
  /** When the morning care run (`care.daily`) lists the day's greetings, bank time HH:MM. */
  care: { dailyAt: string };
  feishu:
    | { enabled: false }
    | {
        enabled: true;
        appId: string;
        appSecret: string;
        encryptKey: string | undefined;
        verificationToken: string;
        domain: string;
        transport: 'ws' | 'webhook';
        replayWindowSeconds: number;
        proxyUrl: string | undefined;
        pingTimeoutSeconds: number;
        /** A card of an open subject is re-sent once this many days old (Feishu updates for 14). */
        cardRefreshDays: number;
      };
  /** Every open socket's session or display token is checked again this often. */
  realtime: { recheckSeconds: number };
  /** PostgreSQL outages: fail fast while it is away, wait for it at start (docs/reliability.md). */
  dbOutage: { connectTimeoutSeconds: number; statementTimeoutMs: number; startWaitSeconds: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(problems.map((p) => `${p.variable}: ${p.reason}`).join('; '));
    this.name = 'ConfigError';
  }
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Readonly<Config> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const value = source[key]?.trim();
    env[key] = value === '' ? undefined : value;
  }
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0]), reason: i.message })));
  }
  const e = parsed.data;
  const feishuGiven = e.FEISHU_APP_ID !== undefined || e.FEISHU_APP_SECRET !== undefined;
  if (feishuGiven && (e.FEISHU_APP_ID === undefined || e.FEISHU_APP_SECRET === undefined)) {
    const missing = e.FEISHU_APP_ID === undefined ? 'FEISHU_APP_ID' : 'FEISHU_APP_SECRET';
    throw new ConfigError([{ variable: missing, reason: 'required when the other Feishu credential is set' }]);
  }
  // The SDK checks neither the token (without an encrypt key) nor, on a mismatch, says anything:
  // the token is how we know an event came from our app, so it is required.
  if (feishuGiven && e.FEISHU_VERIFICATION_TOKEN === undefined) {
    throw new ConfigError([{ variable: 'FEISHU_VERIFICATION_TOKEN', reason: 'required with FEISHU_APP_ID (the app\'s 事件订阅 verification token)' }]);
  }
  // The long-connection client silently does nothing for an app id of another shape.
  if (feishuGiven && e.FEISHU_TRANSPORT === 'ws' && !/^cli_[0-9a-f]{16}$/i.test(e.FEISHU_APP_ID!)) {
    throw new ConfigError([{ variable: 'FEISHU_APP_ID', reason: 'must look like cli_ followed by 16 hex digits for FEISHU_TRANSPORT=ws' }]);
  }
  return deepFreeze<Config>({
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''), trustProxy: e.TRUST_PROXY },
    log: { level: e.LOG_LEVEL },
    db: { databaseUrl: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX, dataDir: e.DATA_DIR },
    bank: { name: e.BANK_NAME, timeZone: e.BANK_TIMEZONE, defaultLocale: e.DEFAULT_LOCALE },
    jobs: { enabled: e.JOBS_ENABLED, catchUpHours: e.JOBS_CATCH_UP_HOURS },
    sessions: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    kpi: { pushPerSecond: e.KPI_PUSH_PER_SECOND, longWaitMinutes: e.KPI_LONG_WAIT_MINUTES },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    simulate: e.SIMULATE,
    complaints: { ladder: e.COMPLAINT_LADDER, rollOverHolidays: e.COMPLAINT_ROLL_OVER_HOLIDAYS, firstContactWorkingDays: e.COMPLAINT_FIRST_CONTACT_WORKING_DAYS },
    inspections: {
      passMark: e.INSPECTION_PASS_MARK, redLineDueWorkingDays: e.INSPECTION_RED_LINE_DUE_WORKING_DAYS, dueWorkingDays: e.INSPECTION_DUE_WORKING_DAYS,
      calibrationWindowDays: e.INSPECTION_CALIBRATION_DAYS, photoMaxBytes: e.INSPECTION_PHOTO_MAX_KB * 1024,
    },
    bot: { console: e.BOT_CONSOLE === 'on' || (e.BOT_CONSOLE === 'auto' && !feishuGiven), quietHours: e.BOT_QUIET_HOURS === 'off' ? null : e.BOT_QUIET_HOURS },
    care: { dailyAt: e.CARE_DAILY_AT },
    feishu: feishuGiven
      ? {
          enabled: true,
          appId: e.FEISHU_APP_ID!,
          appSecret: e.FEISHU_APP_SECRET!,
          encryptKey: e.FEISHU_ENCRYPT_KEY,
          verificationToken: e.FEISHU_VERIFICATION_TOKEN!,
          domain: e.FEISHU_DOMAIN,
          transport: e.FEISHU_TRANSPORT,
          replayWindowSeconds: e.FEISHU_REPLAY_WINDOW_SECONDS,
          proxyUrl: e.FEISHU_PROXY,
          pingTimeoutSeconds: e.FEISHU_PING_TIMEOUT_SECONDS,
          cardRefreshDays: e.FEISHU_CARD_REFRESH_DAYS,
        }
      : { enabled: false },
    realtime: { recheckSeconds: e.SOCKET_RECHECK_SECONDS },
    dbOutage: { connectTimeoutSeconds: e.DATABASE_CONNECT_TIMEOUT_SECONDS, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS, startWaitSeconds: e.DATABASE_START_WAIT_SECONDS },
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
