import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../integration/helpers/access.ts';
import { startTestServer, type TestServer } from '../integration/helpers/test-server.ts';
import { logInThroughApi, submitLoginForm } from './helpers/auth.ts';
import { browserAvailable, launchBrowser, openPage, saveScreenshot, waitForText } from './helpers/browser.ts';
import { SEEDED_ORG, seedTwoBranchOffices } from './helpers/seed-org.ts';

const ADMIN = { username: 'admin.zhang', displayName: '张管理', password: 'admin-password-2025' };

describe.skipIf(!browserAvailable)('administration', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({
        env: { BANK_NAME: '示范银行' },
        seed: async (db) => {
          await seedTwoBranchOffices(db.sql);
          await createUser(db, { ...ADMIN, role: 'admin', scope: 'bank' });
        },
      }),
      launchBrowser(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('[admin] an admin creates a display token and the wall opens with it without login', async () => {
    const admin = await openPage(browser);
    await logInThroughApi(admin.page, server.url, ADMIN.username, ADMIN.password);
    await admin.page.goto(`${server.url}/admin/display-tokens`);
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
    const wall = await openPage(browser, { width: 1920, height: 1080 });
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
    const admin = await openPage(browser, { width: 1024, height: 768 });
    await logInThroughApi(admin.page, server.url, ADMIN.username, ADMIN.password);
    await admin.page.goto(`${server.url}/admin/users`);
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

    const newcomer = await openPage(browser, { width: 390, height: 844 });
    await newcomer.page.goto(`${server.url}/login`);
    await submitLoginForm(newcomer.page, 'zhou.hn', password);
    await newcomer.page.waitForURL(`${server.url}/`);
    await newcomer.page.getByRole('button', { name: /周海宁/ }).waitFor();
    expect(admin.pageErrors).toEqual([]);
    expect(newcomer.pageErrors).toEqual([]);
  });

  it('[admin] the audit log lists what administrators did, newest first', async () => {
    const { page, pageErrors } = await openPage(browser, { width: 1024, height: 768 });
    await logInThroughApi(page, server.url, ADMIN.username, ADMIN.password);
    await page.goto(`${server.url}/admin/audit`);
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
});
