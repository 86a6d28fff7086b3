import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../integration/helpers/access.ts';
import { browserAvailable, waitForText } from './helpers/browser.ts';
import { seedTwoBranchOffices } from './helpers/seed-org.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'csp-admin', displayName: '系统管理员', password: 'admin-password-2025' };

/**
 * Records every Content-Security-Policy violation of the page (the browser's
 * `securitypolicyviolation` event, from the first script on) and console errors that mention CSP.
 */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) consoleErrors.push(message.text());
  });
  return async () => [...(await page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [])), ...consoleErrors];
}

describe.skipIf(!browserAvailable)('content security policy', () => {
  const app = withApp({
    env: { BANK_NAME: '示范银行' },
    seed: async (db) => {
      await seedTwoBranchOffices(db.sql);
      await createUser(db, { ...ADMIN, role: 'admin', scope: 'bank' });
    },
  });

  it('[csp] the login page, the wall and /chat run under a hash-based policy with no violation', async () => {
    const login = await app.open();
    const loginViolations = await watchViolations(login.page);
    const response = await login.page.goto(`${app.url}/login`);
    const policy = response!.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    await login.page.getByRole('heading', { name: '登录', level: 1 }).waitFor();
    expect(await loginViolations()).toEqual([]);
    expect(login.pageErrors).toEqual([]);

    const { secret } = (await (await (await app.server.admin()).post('/display-tokens', { name: 'CSP 屏', scope: 'bank' })).json()) as { secret: string };
    const wall = await app.open({ width: 1920, height: 1080 });
    const wallViolations = await watchViolations(wall.page);
    await wall.page.goto(`${app.url}/wall?token=${encodeURIComponent(secret)}`);
    await wall.page.getByRole('heading', { name: '示范银行', level: 1 }).waitFor();
    await waitForText(wall.page, '实时连接正常');
    expect(await wallViolations()).toEqual([]);
    expect(wall.pageErrors).toEqual([]);

    const chat = await app.openAs(ADMIN, { width: 390, height: 844 });
    const chatViolations = await watchViolations(chat.page);
    await chat.page.goto(`${app.url}/chat?staff=E0001`);
    await chat.page.getByRole('textbox', { name: '输入消息' }).waitFor();
    expect(await chatViolations()).toEqual([]);
    expect(chat.pageErrors).toEqual([]);

    // And the policy bites: an injected inline script is refused.
    const blocked = await chat.page.evaluate(async () => {
      const w = window as unknown as { __cspViolations: string[]; __ran?: boolean };
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return { ran: w.__ran === true, reported: w.__cspViolations.some((v) => v.startsWith('script-src')) };
    });
    expect(blocked).toEqual({ ran: false, reported: true });
  });

  it('[csp] API answers carry a policy that allows nothing to run', async () => {
    const r = await fetch(`${app.url}/api/v1/config`);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
