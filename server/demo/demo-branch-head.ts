import fs from 'node:fs';
import path from 'node:path';
import { createUser, getUser, resetPassword, type AccessDeps, type Actor } from '../domains/access/index.ts';
import { isAppError } from '../platform/errors.ts';
import type { DemoCredentials } from './demo-credentials.ts';

const BRANCH_HEAD = 'branch-head';
const actor: Actor = { principal: { kind: 'system', name: 'demo' }, channel: 'cli', requestId: null };

/**
 * A web user for the branch head (网点负责人) of the demo's busiest outlet, so "我的工作" shows
 * something at first start: among the outlets the demo inspects (the first 12 with a head, as
 * `demoInspectors` picks them: rectifications), the one with the most complaints, then the most
 * customers (care tasks). Run after the history (its complaints); saved with the other demo
 * credentials, the saved password kept while the account exists.
 */
export async function ensureDemoBranchHead(access: AccessDeps, dataDir: string, credentials: DemoCredentials): Promise<DemoCredentials> {
  const exists = await getUser(access, BRANCH_HEAD).then((u) => u.active, (error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  });
  let password: string | undefined;
  if (exists) {
    password = credentials.branchHeadUser === BRANCH_HEAD && credentials.branchHeadPassword ? credentials.branchHeadPassword : (await resetPassword(access, actor, BRANCH_HEAD)).generatedPassword;
  } else {
    const [busiest] = await access.db.sql<Array<{ branch: string; staff: string }>>`
      with inspected as (
        select b.id, b.code from branches b
        where exists (select 1 from staff s where s.branch_id = b.id and s.role = 'branch_head' and s.active)
        order by b.code limit 12)
      select i.code as branch, (select s.code from staff s where s.branch_id = i.id and s.role = 'branch_head' and s.active order by s.code limit 1) as staff
      from inspected i
      order by (select count(*) from complaints c where c.branch_id = i.id) desc,
               (select count(*) from customers c where c.branch_id = i.id and c.account_manager_id is not null) desc, i.code
      limit 1`;
    if (!busiest) return credentials;
    password = (await createUser(access, actor, { username: BRANCH_HEAD, displayName: '演示网点负责人', role: 'branch_head', scope: `branch:${busiest.branch}`, staffCode: busiest.staff })).generatedPassword!;
  }
  const next: DemoCredentials = { ...credentials, branchHeadUser: BRANCH_HEAD, branchHeadPassword: password };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'demo-credentials.json'), JSON.stringify(next, null, 2), { mode: 0o600 });
  return next;
}
