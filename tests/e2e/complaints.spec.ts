import { beforeAll, describe, expect, it } from 'vitest';
import { login } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const INSPECTOR = { username: 'checker', displayName: '周检查', password: 'inspector-2025', role: 'inspector', scope: 'bank' } as const;
const DAY = 86_400_000;

describe.skipIf(!browserAvailable)('complaints', () => {
  const app = withApp({ seed: (db) => seedTwoRegionBank(db.sql), users: [HEAD, INSPECTOR] });
  let overdue: { id: number; reference: string };
  let fresh: { id: number; reference: string };

  // Seeded through the API as the branch head would register them at the counter.
  beforeAll(async () => {
    const head = await login(app.url, HEAD.username, HEAD.password);
    const register = async (body: object) => {
      const response = await head.post('/complaints', {
        branch: 'BJ0101', channel: 'counter', category: 'wait_time', complainant: { name: '张三明', phone: '13812345678' }, ...body,
      });
      if (response.status !== 201) throw new Error(`intake failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: number; reference: string };
    };
    // Received 20 days ago: the 15-day limit ran out about five days ago.
    overdue = await register({ receivedAt: new Date(Date.now() - 20 * DAY).toISOString(), summary: '周六上午排队一个多小时' });
    fresh = await register({ category: 'fees', summary: '未告知即收取短信服务费' });
  });

  it('[complaints] a branch head finds the overdue complaint and takes a new one to a decision', async () => {
    const { page, pageErrors } = await app.openAs(HEAD);
    await page.goto(`${app.url}/`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '投诉' }).click();
    await page.getByRole('heading', { name: '投诉管理', level: 1 }).waitFor();

    await page.getByRole('link', { name: '已超时' }).click();
    await page.waitForURL(/\?tab=overdue$/);
    const late = page.getByRole('row').filter({ hasText: overdue.reference });
    await late.waitFor();
    expect(await late.getByTestId('countdown').innerText()).toMatch(/^已超时 \d+ 天 \d+ 小时$/);
    expect(await late.innerText()).toContain('张三明'); // a branch head may read the customer's name
    expect(await page.getByRole('row').filter({ hasText: fresh.reference }).count()).toBe(0);
    await saveScreenshot(page, 'complaints-list.png', { fullPage: true });

    await page.getByRole('link', { name: '全部未办结' }).click();
    await page.getByRole('link', { name: fresh.reference }).click();
    await page.getByRole('heading', { name: fresh.reference, level: 1 }).waitFor();
    const status = page.getByTestId('status');
    expect(await status.innerText()).toBe('待认领');

    // Someone else acts meanwhile: the stale screen is refused, reloaded and told so.
    const other = await login(app.url, HEAD.username, HEAD.password);
    expect((await other.post(`/complaints/${fresh.id}/notes`, { note: '客户来电询问进度' })).status).toBe(200);
    await page.getByRole('button', { name: '认领' }).click();
    await waitForText(page, '此投诉已被他人更新，已刷新');
    await page.getByRole('region', { name: '处理记录' }).getByText('客户来电询问进度').waitFor();

    await page.getByRole('button', { name: '认领' }).click();
    await status.getByText('已认领').waitFor();
    await page.getByRole('button', { name: '已联系客户' }).click();
    const contact = page.getByRole('dialog', { name: '已联系客户' });
    await contact.getByLabel('备注').fill('已电话致歉，说明收费依据');
    await contact.getByRole('button', { name: '确认' }).click();
    await status.getByText('处理中').waitFor();

    await page.getByRole('button', { name: '办结', exact: true }).click();
    const decide = page.getByRole('dialog', { name: '办结' });
    await decide.getByRole('button', { name: '确认' }).click();
    await decide.getByText('必填').waitFor(); // the decision is required; nothing was sent
    await decide.getByLabel('处理决定').fill('退还短信服务费 24 元，并关闭该服务');
    await decide.getByLabel('告知方式').selectOption('sms');
    await decide.getByRole('button', { name: '确认' }).click();
    await status.getByText('已办结').waitFor();
    await decide.waitFor({ state: 'detached' });

    const timeline = page.getByRole('region', { name: '处理记录' });
    expect(await timeline.locator('li .kind').allInnerTexts()).toEqual(['受理', '备注', '认领', '联系客户', '办结']);
    expect(await timeline.getByRole('listitem').last().innerText()).toMatch(/退还短信服务费 24 元[\s\S]*短信/);
    expect(await page.getByRole('region', { name: '办结时限' }).innerText()).toContain('已按时办结');
    expect(await page.getByRole('button', { name: '关闭' }).count()).toBe(1);
    await saveScreenshot(page, 'complaint-detail.png', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('[complaints] an inspector sees the masked name and no handling actions', async () => {
    const { page, pageErrors } = await app.openAs(INSPECTOR);
    await page.goto(`${app.url}/complaints`);
    const row = page.getByRole('row').filter({ hasText: overdue.reference });
    await row.waitFor();
    expect(await row.innerText()).toContain('张*明');
    expect(await page.getByRole('link', { name: '登记投诉' }).count()).toBe(0);

    await row.getByRole('link', { name: overdue.reference }).click();
    await page.getByRole('heading', { name: overdue.reference, level: 1 }).waitFor();
    const facts = await page.getByRole('region', { name: '投诉内容' }).innerText();
    expect(facts).toContain('张*明');
    expect(facts).toContain('138****5678');
    expect(facts).not.toContain('张三明');
    expect(await page.getByRole('region', { name: '处理', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button').filter({ hasText: /认领|办结|暂停计时|备注/ }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('[complaints] on a phone the list is cards, and a complaint registered there opens after a refused field is fixed', async () => {
    const { page, pageErrors } = await app.openAs(HEAD, { width: 390, height: 844 });
    await page.goto(`${app.url}/complaints`);
    const card = page.getByRole('row').filter({ hasText: overdue.reference });
    await card.waitFor();
    expect(await card.evaluate((row) => getComputedStyle(row).display)).toBe('grid');
    expect(await page.locator('thead').isVisible()).toBe(false);
    expect(await card.innerText()).toMatch(/办结时限[\s\S]*已超时/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'complaints-list-phone.png');

    await page.getByRole('link', { name: '登记投诉' }).click();
    const form = page.getByRole('form', { name: '登记投诉' });
    expect(await form.getByLabel('网点代码').inputValue()).toBe('BJ0101');
    await form.getByLabel('投诉类别').selectOption('service_attitude');
    await form.getByLabel('投诉人姓名').fill('李四光');
    await form.getByLabel('联系电话').fill('13987654321');
    await form.getByLabel('被投诉员工工号').fill('S999999');
    await form.getByLabel('投诉事项').fill('柜员态度生硬');
    await form.getByRole('button', { name: '登记' }).click();
    await form.getByText('no staff member with code S999999').waitFor(); // under its field
    expect(await form.getByLabel('被投诉员工工号').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('被投诉员工工号').fill('S000002');
    await form.getByRole('button', { name: '登记' }).click();
    await page.waitForURL(/\/complaints\/\d+$/);
    await page.getByTestId('status').getByText('待认领').waitFor();
    expect(await page.getByRole('region', { name: '投诉内容' }).innerText()).toMatch(/李四光[\s\S]*李晓梅/);
    expect(pageErrors).toEqual([]);
  });
});
