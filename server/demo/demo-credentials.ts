import fs from 'node:fs';
import path from 'node:path';
import { INGEST_EVENT_TYPES } from '../contract/payloads/access.ts';
import {
  authenticateBearer, createCredential, createUser, listCredentials, getUser, resetPassword, type AccessDeps, type Actor,
} from '../domains/access/index.ts';
import { isAppError } from '../platform/errors.ts';

/**
 * The demo's own credentials: an administrator, an ingest API key for the simulator and a
 * bank-wide wall display token. They are generated on the first run (there is never a default
 * password) and kept in DATA_DIR/demo-credentials.json (mode 0600) so a second run prints the same
 * ones; the database holds only hashes. A production start never does this.
 */
export interface DemoCredentials {
  adminUser: string;
  adminPassword: string;
  ingestApiKey: string;
  wallToken: string;
  /** A supervision-group inspector (服务监督小组), bank-wide, for the inspection form and verifications. */
  inspectorUser?: string;
  inspectorPassword?: string;
  /** The branch head (网点负责人) of the demo's busiest outlet, whose 我的工作 is full at first start. */
  branchHeadUser?: string;
  branchHeadPassword?: string;
}

const ADMIN = 'admin';
const EVENT_SCREEN = '演示活动屏 event screen (30 days)';
const actor: Actor = { principal: { kind: 'system', name: 'demo' }, channel: 'cli', requestId: null };

export async function ensureDemoCredentials(access: AccessDeps, dataDir: string): Promise<DemoCredentials> {
  const file = path.join(dataDir, 'demo-credentials.json');
  const saved = readSaved(file);
  const fresh: DemoCredentials = {
    adminUser: ADMIN,
    adminPassword: saved?.adminPassword && (await userExists(access)) ? saved.adminPassword : await adminPassword(access),
    ingestApiKey: saved?.ingestApiKey && (await isLive(access, saved.ingestApiKey)) ? saved.ingestApiKey
      : (await createCredential(access, actor, 'api_keys', { name: '演示模拟器 demo simulator', scope: 'bank', eventTypes: [...INGEST_EVENT_TYPES] })).secret,
    wallToken: saved?.wallToken && (await isLive(access, saved.wallToken)) ? saved.wallToken
      : (await createCredential(access, actor, 'display_tokens', { name: '演示大屏 demo wall', scope: 'bank' })).secret,
  };
  // A lent screen whose link expires (display tokens may expire): shown in /admin/display-tokens.
  if (!(await listCredentials(access, 'display_tokens')).some((c) => c.name === EVENT_SCREEN)) {
    await createCredential(access, actor, 'display_tokens', { name: EVENT_SCREEN, scope: 'bank', expiresInDays: 30 });
  }
  const inspector = await ensureInspector(access, saved?.inspectorPassword);
  if (inspector) Object.assign(fresh, { inspectorUser: INSPECTOR, inspectorPassword: inspector });
  // Kept for ensureDemoBranchHead (run once the history's complaints exist), which checks it still works.
  if (saved?.branchHeadUser && saved.branchHeadPassword) Object.assign(fresh, { branchHeadUser: saved.branchHeadUser, branchHeadPassword: saved.branchHeadPassword });
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fresh;
}

const INSPECTOR = 'inspector';

/**
 * The demo inspector's password: the saved one while the account exists, else a new account (or a
 * reset) bound to the first head-office inspector on the staff list, so chat cards reach them too.
 */
async function ensureInspector(access: AccessDeps, saved: string | undefined): Promise<string | undefined> {
  const exists = await getUser(access, INSPECTOR).then((u) => u.active, (error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  });
  if (exists) return saved ?? (await resetPassword(access, actor, INSPECTOR)).generatedPassword;
  const [staff] = await access.db.sql<Array<{ code: string }>>`
    select s.code from staff s join regions r on r.id = s.region_id where s.role = 'inspector' and s.active and r.parent_id is null order by s.code limit 1`;
  if (!staff) return undefined;
  const created = await createUser(access, actor, { username: INSPECTOR, displayName: '演示检查员', role: 'inspector', scope: 'bank', staffCode: staff.code });
  return created.generatedPassword!;
}

function readSaved(file: string): Partial<DemoCredentials> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoCredentials>;
  } catch {
    return undefined;
  }
}

async function userExists(access: AccessDeps): Promise<boolean> {
  try {
    return (await getUser(access, ADMIN)).active;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** A new password: the admin is created, or (when its saved password was lost) reset. */
async function adminPassword(access: AccessDeps): Promise<string> {
  if (await userExists(access)) return (await resetPassword(access, actor, ADMIN)).generatedPassword;
  const created = await createUser(access, actor, { username: ADMIN, displayName: '演示管理员', role: 'admin', scope: 'bank' });
  return created.generatedPassword!;
}

const isLive = async (access: AccessDeps, secret: string): Promise<boolean> => (await authenticateBearer(access, secret)) !== undefined;
