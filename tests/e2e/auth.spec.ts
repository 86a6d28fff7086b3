import { describe, expect, it } from 'vitest';
import { sessionStatus, submitLoginForm } from './helpers/auth.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { seedTwoBranchOffices } from './helpers/seed-org.ts';
import { withApp } from './helpers/session.ts';

const LEADER = { username: 'liu.xd', displayName: '刘晓东', password: 'leader-password-2025', role: 'leader', scope: 'bank' } as const;

describe.skipIf(!browserAvailable)('login and logout', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql), users: [LEADER] });

  it('[auth] a user logs in, sees their name, and logs out', async () => {
    const { page, pageErrors } = await app.open();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    await saveScreenshot(page, 'login.png');

    await submitLoginForm(page, LEADER.username, LEADER.password);
    // The first page after sign-in is 我的工作 (the org overview moved to /overview).
    await page.getByRole('heading', { name: '我的工作', level: 1 }).waitFor();
    const userMenu = page.getByRole('button', { name: /刘晓东/ });
    await userMenu.waitFor();
    expect(await userMenu.innerText()).toContain('行领导');
    expect(await sessionStatus(page, app.url)).toBe(200);
    // A leader sees no administration links.
    await userMenu.click();
    expect(await page.getByRole('link', { name: '用户管理' }).count()).toBe(0);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/login$/);
    expect(await sessionStatus(page, app.url)).toBe(401);
    await page.goto(`${app.url}/chat`);
    await page.waitForURL(/\/login\?next=%2Fchat$/);
    expect(pageErrors).toEqual([]);
  });

  it('[auth] a wrong password shows the error and no session', async () => {
    const { page, pageErrors } = await app.open({ width: 390, height: 844 });
    await page.goto(`${app.url}/login`);
    await submitLoginForm(page, LEADER.username, 'not-the-password');

    await page.getByRole('alert').getByText('用户名或密码错误').waitFor();
    expect(await page.getByLabel('密码', { exact: true }).inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await sessionStatus(page, app.url)).toBe(401);
    await saveScreenshot(page, 'login-error-phone.png');
    expect(pageErrors).toEqual([]);
  });

  it('[auth] a page opened without a session comes back after login', async () => {
    const { page, pageErrors } = await app.open();
    await page.goto(`${app.url}/account`);
    await page.waitForURL(/\/login\?next=%2Faccount$/);

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(page, 'Log in');
    await page.getByLabel('Username').fill(LEADER.username);
    await page.getByLabel('Password', { exact: true }).fill(LEADER.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();

    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await waitForText(page, 'Leadership');
    expect(pageErrors).toEqual([]);
  });
});
