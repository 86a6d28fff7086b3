import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateCareTasks } from '../../server/domains/care/index.ts';
import { addDays, bankDay } from '../../server/platform/bank-time.ts';
import { login } from '../integration/helpers/access.ts';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import type { Queryable } from '../../db/types.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const HEAD = { username: 'bj-head', displayName: '王建国', password: 'branch-head-2025', role: 'branch_head', scope: 'branch:BJ0101', staffCode: 'S000001' } as const;
const MANAGER = { username: 'bj-am', displayName: '刘经理', password: 'manager-2025', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000004' } as const;
const REGION = { username: 'bj-region', displayName: '北京分行', password: 'region-2025', role: 'region_manager', scope: 'region:BJ' } as const;
const ADMIN = { username: 'care-admin', displayName: '系统管理员', password: 'admin-password-2025', role: 'admin', scope: 'bank' } as const;

// Real time: the tasks are the morning of today in the bank's time zone.
const today = bankDay(new Date(), 'Asia/Shanghai');
const [month, day] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
const inTwoDays = addDays(today, 2);

/**
 * BJ0101, 客户经理 S000004: 张三明 (diamond) and 王五福 (gold) have their birthday today; 李四海
 * (private) in two days. 张三明 also gets today's 行庆 (a solar festival the test configures).
 */
async function seed(sql: Queryable): Promise<void> {
  await seedTwoRegionBank(sql);
  await sql`insert into staff (code, name, role, branch_id, active) select 'S000004', '刘经理', 'account_manager', id, true from branches where code = 'BJ0101'`;
  const add = (code: string, name: string, tier: string, m: number, d: number) => sql`
    insert into customers (code, name, branch_id, account_manager_id, tier, birthday_calendar, birth_month, birth_day)
    select ${code}, ${name}, b.id, (select id from staff where code = 'S000004'), ${tier}, 'solar', ${m}, ${d} from branches b where b.code = 'BJ0101'`;
  await add('CA', '张三明', 'diamond', month, day);
  await add('CB', '王五福', 'gold', month, day);
  await add('CP', '李四海', 'private', Number(inTwoDays.slice(5, 7)), Number(inTwoDays.slice(8, 10)));
}

/** A task row of /care by customer and occasion. */
const taskRow = (page: Page, customer: string, occasion: string) => page.locator('li.task').filter({ hasText: customer }).filter({ hasText: occasion });

/** A figure of the wall's care panel (`今日完成` → 1). */
async function careFigure(page: Page, label: string): Promise<number> {
  const panel = page.getByRole('region', { name: '客户关怀' });
  return Number(await panel.locator('dl > div').filter({ has: page.locator('dt', { hasText: label }) }).locator('dd').innerText());
}

describe.skipIf(!browserAvailable)('customer care in the back office and /chat', () => {
  const app = withApp({ seed: (db) => seed(db.sql), users: [HEAD, MANAGER, REGION, ADMIN] });

  beforeAll(async () => {
    const admin = await login(app.url, ADMIN.username, ADMIN.password);
    // Occasions today appear today (lead 0), 李四海's in two days (private, lead 2).
    const leadDays = { mass: 0, gold: 0, platinum: 0, diamond: 0, private: 2 };
    expect((await admin.patch('/care-settings', { leadDays, solarFestivals: [{ name: '行庆', month, day }] })).status).toBe(200);
    // The morning run; the branch has no group chat, so the list goes to 刘经理's console.
    expect(await generateCareTasks(app.server.server.care, today, { actor: 'e2e', post: true })).toEqual({ created: 4, digests: 1 });
  });

  it('[care] the branch head filters the list, ticks a task off, and the list and the wall change live', async () => {
    const admin = await login(app.url, ADMIN.username, ADMIN.password);
    const token = await admin.post('/display-tokens', { name: '北京分行大屏', scope: 'region:BJ' });
    const { secret } = (await token.json()) as { secret: string };
    const wall = await app.open({ width: 1920, height: 1080 });
    await wall.page.goto(`${app.url}/wall/region/BJ?token=${encodeURIComponent(secret)}`);
    await waitForText(wall.page, '实时连接正常');
    await wall.page.getByRole('region', { name: '客户关怀' }).locator('dd').first().waitFor();
    const doneBefore = await careFigure(wall.page, '今日完成');

    const { page, pageErrors } = await app.openAs(HEAD);
    await page.goto(`${app.url}/`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '客户关怀' }).click();
    await page.getByRole('heading', { name: '客户关怀', level: 1 }).waitFor();
    // Today's due tasks by default; a branch head may read the names of the branch's customers.
    await taskRow(page, '王五福', '生日').waitFor();
    expect(await page.locator('li.task').count()).toBe(3);
    expect(await taskRow(page, '李四海', '生日').count()).toBe(0);
    await page.locator('input[type=date]').nth(1).fill(addDays(today, 3));
    await taskRow(page, '李四海', '生日').waitFor();
    expect(await page.locator('li.task').count()).toBe(4);
    await page.getByLabel('类型').selectOption('holiday');
    await page.locator('li.task').filter({ hasText: '生日' }).first().waitFor({ state: 'detached' });
    expect(await page.locator('li.task').allInnerTexts()).toEqual([expect.stringContaining('行庆')]);
    await page.getByLabel('类型').selectOption('');
    await page.getByLabel('状态').selectOption('done');
    await page.getByText('没有符合条件的关怀任务').waitFor();
    await page.getByLabel('状态').selectOption('');
    await page.locator('input[type=date]').nth(1).fill(today);
    await taskRow(page, '李四海', '生日').waitFor({ state: 'detached' });

    // 电话 on 王五福's birthday: the row shows it done, the wall's 今日完成 goes up without a reload.
    const cb = taskRow(page, '王五福', '生日');
    await cb.getByRole('button', { name: '电话' }).click();
    await cb.getByText(/已完成\s*·\s*电话/).waitFor();
    await wall.page.getByRole('region', { name: '客户关怀' }).locator('dl > div').filter({ hasText: '今日完成' }).getByText(String(doneBefore + 1), { exact: true }).waitFor();
    // Its history: created by the morning run, done by the branch head.
    await cb.getByRole('button', { name: '处理记录' }).click();
    await cb.getByRole('list', { name: '处理记录' }).getByText('完成').waitFor();
    expect(await cb.getByRole('list', { name: '处理记录' }).innerText()).toMatch(/生成[\s\S]*e2e[\s\S]*完成\s*电话\s*user:bj-head/);

    // The account manager greets 张三明 elsewhere (the API, as from a Feishu card): the open list follows.
    const manager = await login(app.url, MANAGER.username, MANAGER.password);
    const [ca] = await app.server.db.sql<{ id: string }[]>`select t.id from care_tasks t join customers c on c.id = t.customer_id where c.code = 'CA' and t.occasion = '生日'`;
    expect((await manager.post(`/care-tasks/${ca!.id}/done`, { via: 'visit' })).status).toBe(200);
    await taskRow(page, '张三明', '生日').getByText(/已完成\s*·\s*上门/).waitFor();
    await wall.page.getByRole('region', { name: '客户关怀' }).locator('dl > div').filter({ hasText: '今日完成' }).getByText(String(doneBefore + 2), { exact: true }).waitFor();
    await saveScreenshot(page, 'care-list.png', { fullPage: true });
    expect(pageErrors).toEqual([]);
    expect(wall.pageErrors).toEqual([]);

    // A region manager may not read customers' personal data: the same list, names masked.
    const region = await app.openAs(REGION);
    await region.page.goto(`${app.url}/care`);
    await taskRow(region.page, '王*福', '生日').waitFor();
    expect(await region.page.locator('li.task').allInnerTexts()).not.toContainEqual(expect.stringContaining('王五福'));
    expect(region.pageErrors).toEqual([]);
  });

  it('[care] an administrator edits the settings, they are kept, and a bad value is refused under its field', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN);
    await page.goto(`${app.url}/admin`);
    await page.getByRole('navigation', { name: '系统管理' }).getByRole('link', { name: '关怀设置' }).click();
    await page.getByRole('heading', { name: '关怀设置', level: 1 }).waitFor();
    await waitForText(page, /自下一次晨间生成（care\.daily，每天 08:30）起生效/);
    expect(await page.getByLabel(/权重/).count()).toBe(0); // the weight lives on the service-index page

    const reminder = page.getByLabel('下午提醒时间');
    expect(await reminder.inputValue()).toBe('16:00');
    await reminder.fill('17:30');
    await page.getByRole('checkbox', { name: '钻石客户' }).uncheck();
    await page.getByRole('checkbox', { name: '白金客户' }).check();
    await page.getByRole('button', { name: '保存设置' }).click();
    await waitForText(page, '已保存，自下一次晨间生成起生效');

    await page.reload();
    await page.getByRole('heading', { name: '关怀设置', level: 1 }).waitFor();
    expect(await page.getByLabel('下午提醒时间').inputValue()).toBe('17:30');
    expect(await page.getByRole('checkbox', { name: '钻石客户' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: '白金客户' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: '私人银行客户' }).isChecked()).toBe(true);

    // 45 days' lead time: refused, the reason under that field, nothing saved.
    const lead = page.getByRole('spinbutton', { name: '私人银行客户' });
    await lead.fill('45');
    await page.getByRole('button', { name: '保存设置' }).click();
    await page.locator('.ts-field', { has: lead }).getByText(/30/).waitFor();
    expect(await lead.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('下午提醒时间').getAttribute('aria-invalid')).toBe('false');
    await saveScreenshot(page, 'care-settings.png', { fullPage: true });
    await page.reload();
    expect(await page.getByRole('spinbutton', { name: '私人银行客户' }).inputValue()).toBe('2');
    expect((await (await login(app.url, ADMIN.username, ADMIN.password)).get('/care-settings').then((r) => r.json())).festivalTiers).toEqual(['platinum', 'private']);
    expect(pageErrors).toEqual([]);

    // Not an administrator: no link, and the page says so.
    const head = await app.openAs(HEAD);
    await head.page.goto(`${app.url}/admin/care-settings`);
    await waitForText(head.page, '您的账户没有访问此页面的权限。');
    expect(await head.page.getByRole('spinbutton').count()).toBe(0);
  });

  it('[care] in /chat, 电话 on the morning list marks the task done and the card redraws', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 390, height: 844 });
    await page.goto(`${app.url}/chat?staff=S000004`);
    await page.getByRole('heading', { name: '刘经理', level: 1 }).waitFor();
    const list = page.getByRole('article', { name: /^今日客户关怀 · / }).last();
    await list.waitFor({ state: 'visible', timeout: 10_000 });
    const title = (await list.getAttribute('aria-label')) ?? '';
    const handled = Number(/已处理 (\d+)\/4/.exec(title)?.[1]);
    expect(await list.innerText()).toContain('李*海'); // masked on the card
    expect(await list.innerText()).not.toContain('李四海');

    const before = await app.server.db.sql<{ id: string }[]>`select id from care_tasks where status = 'open' order by id`;
    await list.getByRole('button', { name: '电话' }).first().click();
    const redrawn = page.getByRole('article', { name: new RegExp(`已处理 ${handled + 1}/4`) }).last();
    await redrawn.waitFor({ state: 'visible' });
    await redrawn.getByText(/已电话问候/).first().waitFor();
    expect(await page.getByRole('article', { name: new RegExp(`已处理 ${handled}/4`) }).count()).toBe(0); // replaced, not added
    const after = await app.server.db.sql<{ id: string }[]>`select id from care_tasks where status = 'open' order by id`;
    expect(after.length).toBe(before.length - 1);
    await saveScreenshot(page, 'care-chat.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
