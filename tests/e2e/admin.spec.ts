import { describe, expect, it } from 'vitest';
import { createUser } from '../integration/helpers/access.ts';
import { submitLoginForm } from './helpers/auth.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { SEEDED_ORG, seedTwoBranchOffices } from './helpers/seed-org.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'admin.zhang', displayName: '张管理', password: 'admin-password-2025', role: 'admin', scope: 'bank' } as const;

describe.skipIf(!browserAvailable)('administration', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql), users: [ADMIN] });

  it('[admin] an admin creates a display token and the wall opens with it without login', async () => {
    const admin = await app.openAs(ADMIN);
    await admin.page.goto(`${app.url}/admin/display-tokens`);
    await admin.page.getByRole('button', { name: '新建大屏授权' }).click();
    await admin.page.getByLabel('大屏名称').fill('总行一楼大厅');
    await admin.page.getByLabel('数据范围').fill('bank');
    await admin.page.getByRole('button', { name: '生成授权链接' }).click();

    const url = await admin.page.getByRole('status', { name: '大屏地址' }).innerText();
    expect(url).toMatch(/\/wall\?token=/);
    await waitForText(admin.page, '此内容只显示这一次');
    await saveScreenshot(admin.page, 'admin-display-tokens.png', { fullPage: true });
    await admin.page.getByRole('button', { name: '我已保存，关闭' }).click();
    const row = admin.page.getByRole('row').filter({ hasText: '总行一楼大厅' });
    await row.waitFor();
    expect(await row.innerText()).toContain('有效');

    // A screen with no session: the token alone opens the wall, live.
    const wall = await app.open({ width: 1920, height: 1080 });
    await wall.page.goto(url.replace('localhost', '127.0.0.1'));
    await wall.page.getByRole('heading', { name: '示范银行', level: 1 }).waitFor();
    await waitForText(wall.page, '实时连接正常');
    const ranking = wall.page.getByRole('region', { name: '下辖单位排名' });
    await ranking.getByRole('row').filter({ hasText: SEEDED_ORG.branchOffices[0].name }).waitFor();
    expect(wall.page.url()).toContain('token=');
    expect(await wall.page.locator('body').innerText()).not.toContain(new URL(url).searchParams.get('token')!);

    // Revoked while it is showing: the screen says so, without a reload.
    await row.getByRole('button', { name: '撤销' }).click();
    await row.getByRole('button', { name: '确认撤销' }).click();
    await row.getByText(/已撤销/).waitFor();
    await wall.page.getByText('此大屏授权已被撤销').waitFor();
    await waitForText(wall.page, "This screen's access has been revoked");
    await saveScreenshot(wall.page, 'wall-revoked.png');
    expect(admin.pageErrors).toEqual([]);
    expect(wall.pageErrors).toEqual([]);
  });

  it('[admin] an admin creates a user and the generated password logs in', async () => {
    const admin = await app.openAs(ADMIN, { width: 1024, height: 768 });
    await admin.page.goto(`${app.url}/admin/users`);
    await admin.page.getByRole('button', { name: '新建用户' }).click();
    const form = admin.page.getByRole('form', { name: '新建用户' });
    await form.getByLabel('用户名').fill('zhou.hn');
    await form.getByLabel('姓名').fill('周海宁');
    await form.getByLabel('角色').selectOption('inspector');
    await form.getByLabel('数据范围').fill('region:EAST');
    await form.getByRole('button', { name: '创建用户' }).click();

    const password = await admin.page.getByRole('status', { name: '初始密码' }).innerText();
    expect(password.length).toBeGreaterThanOrEqual(12);
    const row = admin.page.getByRole('row').filter({ hasText: 'zhou.hn' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/检查员[\s\S]*region:EAST/);
    await saveScreenshot(admin.page, 'admin-users.png', { fullPage: true });

    const newcomer = await app.open({ width: 390, height: 844 });
    await newcomer.page.goto(`${app.url}/login`);
    await submitLoginForm(newcomer.page, 'zhou.hn', password);
    await newcomer.page.waitForURL(`${app.url}/`);
    await newcomer.page.getByRole('button', { name: /周海宁/ }).waitFor();
    expect(admin.pageErrors).toEqual([]);
    expect(newcomer.pageErrors).toEqual([]);
  });

  it('[admin] the audit log lists what administrators did, newest first', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 1024, height: 768 });
    await page.goto(`${app.url}/admin/audit`);
    const rows = page.getByRole('row').filter({ hasText: 'user:admin.zhang' });
    await rows.first().waitFor();
    const actions = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    expect(actions).toEqual(expect.arrayContaining(['users.create', 'display_tokens.create', 'display_tokens.revoke']));
    expect(actions.indexOf('users.create')).toBeLessThan(actions.indexOf('display_tokens.create'));

    await page.getByLabel('动作').fill('users.create');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr td:nth-child(3)')].every((td) => td.textContent?.trim() === 'users.create'));
    await waitForText(page, /role: inspector/);
    await saveScreenshot(page, 'admin-audit.png', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('[admin] an admin creates an API key for chosen event types, sees its secret once and revokes it', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN);
    await page.goto(`${app.url}/admin/api-keys`);
    await page.getByRole('button', { name: '新建接口密钥' }).click();
    const form = page.getByRole('form', { name: '新建接口密钥' });
    const submit = form.getByRole('button', { name: '生成密钥' });
    await form.getByLabel('密钥名称').fill('华东分行排队机');
    await form.getByLabel('数据范围').fill('region:EAST');
    expect(await submit.isDisabled()).toBe(true); // no event type ticked yet
    await form.getByRole('checkbox', { name: /^叫号/ }).check();
    await form.getByRole('checkbox', { name: /^取号/ }).check();
    await submit.click();

    const secret = await page.getByRole('status', { name: '密钥', exact: true }).innerText();
    expect(secret.length).toBeGreaterThanOrEqual(20);
    await page.getByRole('button', { name: '我已保存，关闭' }).click();
    const row = page.getByRole('row').filter({ hasText: '华东分行排队机' });
    await row.waitFor();
    // The types are listed in the contract's order, whatever order they were ticked in.
    expect(await row.innerText()).toMatch(/region:EAST[\s\S]*取号、叫号[\s\S]*有效/);
    expect(await row.innerText()).not.toContain(secret);

    await row.getByRole('button', { name: '撤销' }).click();
    await row.getByRole('button', { name: '确认撤销' }).click();
    await row.getByText(/已撤销/).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('[admin] an admin edits a user and the list shows the new role and scope', async () => {
    await createUser(app.server.db, { username: 'wu.zq', displayName: '吴志强', role: 'staff', scope: 'bank' });
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 1024, height: 768 });
    await page.goto(`${app.url}/admin/users`);
    const row = page.getByRole('row').filter({ hasText: 'wu.zq' });
    await row.getByRole('button', { name: '修改', exact: true }).click();

    const form = page.getByRole('form', { name: '修改用户 wu.zq' });
    expect(await form.getByLabel('姓名').inputValue()).toBe('吴志强');
    await form.getByLabel('角色').selectOption('inspector');
    await form.getByLabel('数据范围').fill('region:SOUTH');
    await form.getByRole('button', { name: '保存' }).click();

    await form.waitFor({ state: 'detached' });
    await row.getByText('region:SOUTH').waitFor();
    expect(await row.innerText()).toMatch(/吴志强[\s\S]*检查员[\s\S]*region:SOUTH/);
    expect(pageErrors).toEqual([]);
  });
});
