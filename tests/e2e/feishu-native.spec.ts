import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { throughSignIn } from '../../bot/channel/feishu/card-json.ts';
import { startFakeFeishu } from '../fakes/feishu/fake-open-api.ts';
import { login, type Client } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

/**
 * Branch heads working from Feishu: a card's 查看详情 signs them in through Feishu (the fake's
 * authorization page passes without a click, as inside the Feishu client) and opens the page;
 * 我的工作 lists exactly their items and drops one claimed elsewhere, live; every page they use
 * fits a 375 px phone.
 */
const fake = await startFakeFeishu();
const HEAD_OPEN_ID = 'ou_e2e_head';
const HANDLER = { username: 'bj-handler', displayName: '孙处理', password: 'handler-password-2025', role: 'complaint_handler', scope: 'branch:BJ0101', staffCode: 'S000010' } as const;
const TELLER = { username: 'bj-teller', displayName: '李晓梅', password: 'teller-password-2025', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' } as const;
const INSPECTOR = { username: 'checker', displayName: '周检查', password: 'inspector-2025', role: 'inspector', scope: 'bank' } as const;
const PHONE = { width: 375, height: 740 };

describe.skipIf(!browserAvailable)('Feishu-native: sign in from a card, my work, phone layouts', () => {
  const app = withApp({
    env: { FEISHU_APP_ID: fake.appId, FEISHU_APP_SECRET: fake.appSecret, FEISHU_VERIFICATION_TOKEN: 'v-e2e', FEISHU_DOMAIN: fake.url, FEISHU_TRANSPORT: 'webhook', BOT_QUIET_HOURS: 'off' },
    seed: async (db) => {
      await seedTwoRegionBank(db.sql);
      await db.sql`update staff set feishu_open_id = ${HEAD_OPEN_ID} where code = 'S000001'`;
      await db.sql`insert into staff (code, name, role, branch_id) select 'S000010', '孙处理', 'complaint_handler', id from branches where code = 'BJ0101'`;
    },
    users: [HANDLER, TELLER, INSPECTOR],
  });
  let handler: Client;
  const register = async (name: string, branch = 'BJ0101') => {
    const response = await handler.post('/complaints', { branch, channel: 'counter', category: 'wait_time', receivedAt: new Date(Date.now() - 2 * 86_400_000).toISOString(), complainant: { name, phone: '13812345678' }, summary: '排队时间过长' });
    if (response.status !== 201) throw new Error(`intake failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: number; reference: string };
  };

  beforeAll(async () => {
    fake.addUser({ openId: HEAD_OPEN_ID, name: '王建国' });
    handler = await login(app.url, HANDLER.username, HANDLER.password);
  });
  afterAll(() => fake.close());

  /** The branch head, signed in through Feishu by following a card's link on a phone. */
  async function headFromCard(path: string): Promise<{ page: Page; pageErrors: string[] }> {
    const opened = await app.open(PHONE);
    fake.oauth.signInAs(HEAD_OPEN_ID);
    await opened.page.goto(throughSignIn(`${app.url}${path}`));
    return opened;
  }

  it('[feishu] a card’s 查看详情 signs the branch head in through Feishu and opens the complaint', async () => {
    const complaint = await register('欧阳娜娜');
    const { page, pageErrors } = await headFromCard(`/complaints/${complaint.id}`);
    await page.waitForURL(`${app.url}/complaints/${complaint.id}`);
    await waitForText(page, complaint.reference);
    await page.getByRole('button', { name: /王建国/ }).waitFor();
    await saveScreenshot(page, 'feishu-card-link-phone.png', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('[feishu] 我的工作 lists exactly the head’s items, and one claimed elsewhere disappears live', async () => {
    const ours = await register('司马光');
    const { page, pageErrors } = await headFromCard('/');
    await page.getByRole('heading', { name: '我的工作', level: 1 }).waitFor();
    const item = page.locator(`[data-item="complaint:${ours.id}"]`);
    await item.waitFor();
    expect(await item.innerText()).toContain('待认领');
    expect(await item.innerText()).toContain('司马*');
    const listed = await page.locator('[data-section="complaints"] [data-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-item')));
    const open = await (await handler.get('/complaints?open=true')).json() as { items: Array<{ id: number; status: string }> };
    expect(listed.sort()).toEqual(open.items.filter((c) => c.status === 'received').map((c) => `complaint:${c.id}`).sort());
    await saveScreenshot(page, 'my-work-phone.png', { fullPage: true });

    expect((await handler.post(`/complaints/${ours.id}/claim`)).status).toBe(200);
    await item.waitFor({ state: 'detached', timeout: 10_000 });
    expect(pageErrors).toEqual([]);
  });

  it('[feishu] every page a branch head, account manager, inspector or teller uses fits 375 px: no sideways scroll, tap targets ≥ 44 px', async () => {
    const complaint = await register('诸葛亮');
    const head = await headFromCard('/');
    const teller = await app.openAs(TELLER, PHONE);
    const inspector = await app.openAs(INSPECTOR, PHONE);
    const walks: Array<[string, Page, string[]]> = [
      ['branch head', head.page, ['/', `/complaints`, `/complaints/${complaint.id}`, '/complaints/new', '/customers', '/chat', '/account', '/inspections', '/inspections/new', '/care', '/stars', '/scorecards']],
      ['teller / account manager', teller.page, ['/', '/customers', '/chat', '/account', '/care', '/stars', '/scorecards']],
      ['inspector', inspector.page, ['/', '/complaints', `/complaints/${complaint.id}`, '/customers', '/account', '/inspections', '/inspections/new', '/stars', '/scorecards']],
    ];
    const problems: string[] = [];
    for (const [who, page, paths] of walks) {
      for (const path of paths) {
        await page.goto(`${app.url}${path}`);
        await page.waitForLoadState('networkidle');
        await page.locator('h1').first().waitFor();
        const found = await page.evaluate(() => {
          const out: string[] = [];
          const doc = document.documentElement;
          if (doc.scrollWidth > doc.clientWidth + 1) out.push(`scrolls sideways (${doc.scrollWidth} > ${doc.clientWidth})`);
          for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input:not([type=hidden]), select, textarea, [role=button]')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
            // An inline link inside running text is exempt (WCAG 2.5.8); every control is not.
            if (el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.closest('p')) continue;
            if (r.height < 44 && !(el.tagName === 'INPUT' && ['checkbox', 'radio'].includes((el as HTMLInputElement).type))) {
              out.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 20)}" is ${Math.round(r.height)} px tall`);
            }
          }
          return out;
        });
        for (const f of found) problems.push(`${who} ${path}: ${f}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...head.pageErrors, ...teller.pageErrors, ...inspector.pageErrors]).toEqual([]);
  }, 120_000);
});
