import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../db/types.ts';
import { seedSmallBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'admin.zhang', displayName: '张管理', password: 'admin-password-2025', role: 'admin', scope: 'bank' } as const;
const TELLER = { username: 'li.xm', displayName: '李晓梅', password: 'teller-password-2025', role: 'staff', scope: 'branch:BJ0101', staffCode: 'S000002' } as const;

const PARKED_ERROR = 'code 230002: bot not in chat';

/** One parked message (the bot was removed from the group) and one sent earlier. */
async function seedOutbox(sql: Queryable): Promise<void> {
  const data = JSON.stringify({ title: '投诉即将超时', severity: 'critical', lines: ['剩余 2 小时'], unit: '北京朝阳建国路网点' });
  await sql`
    insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, template, data, status, attempts, last_error, not_before, created_at)
    values ('e2e-parked', 'feishu', 'chat', 'oc_parkedgroup', 'alert.notice', ${data}::jsonb, 'parked', 8, ${PARKED_ERROR}, now(), now())`;
  await sql`
    insert into outbox_messages (idempotency_key, channel, recipient_kind, recipient, template, data, status, attempts, not_before, created_at, sent_at)
    values ('e2e-sent', 'console', 'staff', 'S000001', 'alert.notice', ${data}::jsonb, 'sent', 1, now(), now(), now())`;
}

/** The hint under an input, where the form explains its rule and the server's reason. */
const descriptionOf = (page: Page, label: string) =>
  page.getByLabel(label).evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '');

describe.skipIf(!browserAvailable)('bot administration', () => {
  const app = withApp({
    seed: async (db) => {
      await seedSmallBank(db.sql);
      await seedOutbox(db.sql);
    },
    users: [ADMIN, TELLER],
  });

  it('[admin] an admin binds a Feishu group and a WeCom robot (shown masked), sees a bad chat id refused, and deletes a binding', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 1280, height: 900 });
    await page.goto(`${app.url}/admin/chat-bindings`);
    await waitForText(page, '还没有群聊绑定');

    // A chat id that is not a Feishu one: refused, and said so next to the field.
    await page.getByRole('button', { name: '新建群聊绑定' }).click();
    const form = page.getByRole('form', { name: '新建群聊绑定' });
    await form.getByLabel('数据范围').fill('branch:BJ0101');
    await form.getByLabel('用途').selectOption({ label: '预警' });
    await form.getByLabel('渠道').selectOption({ label: '飞书' });
    await form.getByLabel('飞书群聊 ID').fill('group-123');
    await form.getByRole('button', { name: '保存绑定' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByLabel('飞书群聊 ID').getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(page, '飞书群聊 ID')).toMatch(/以 oc_ 开头.*a Feishu group chat id starts with oc_/);
    await saveScreenshot(page, 'admin-chat-bindings-error.png', { fullPage: true });

    await form.getByLabel('飞书群聊 ID').fill('oc_a1b2c3d4e5');
    await form.getByLabel('免打扰时段（可选）').fill('22:00-07:30');
    await form.getByRole('button', { name: '保存绑定' }).click();
    await form.waitFor({ state: 'detached' });
    const feishuRow = page.getByRole('row').filter({ hasText: 'oc_a1b2c3d4e5' });
    await feishuRow.waitFor();
    expect(await feishuRow.innerText()).toMatch(/branch:BJ0101[\s\S]*预警[\s\S]*飞书[\s\S]*oc_a1b2c3d4e5[\s\S]*22:00-07:30/);

    // A WeCom robot is bound by its webhook URL, which carries its key: listed masked.
    await page.getByRole('button', { name: '新建群聊绑定' }).click();
    await form.getByLabel('数据范围').fill('bank');
    await form.getByLabel('用途').selectOption({ label: '领导小组' });
    await form.getByLabel('渠道').selectOption({ label: '企业微信' });
    expect(await form.getByLabel('加签密钥（可选）').count()).toBe(0); // DingTalk only
    await form.getByLabel('机器人 Webhook 地址').fill('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wk-secret-key-9f3a');
    await form.getByRole('button', { name: '保存绑定' }).click();
    await form.waitFor({ state: 'detached' });
    const robotRow = page.getByRole('row').filter({ hasText: '企业微信' });
    await robotRow.getByText('qyapi.weixin.qq.com/…9f3a').waitFor();
    expect(await page.locator('body').innerText()).not.toContain('wk-secret-key');
    await saveScreenshot(page, 'admin-chat-bindings.png', { fullPage: true });

    await feishuRow.getByRole('button', { name: '删除' }).click();
    await feishuRow.getByRole('button', { name: '确认删除' }).click();
    await feishuRow.waitFor({ state: 'detached' });
    await robotRow.waitFor();
    const [left] = await app.server.db.sql<{ count: number }[]>`select count(*)::int as count from chat_bindings where chat_id = 'oc_a1b2c3d4e5'`;
    expect(left!.count).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('[admin] the outbox opens on parked messages with their error, and 重试 queues one again', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 1440, height: 900 });
    await page.goto(`${app.url}/admin/outbox`);
    const filter = page.getByRole('group', { name: '按状态筛选' });
    await filter.getByRole('button', { name: /已搁置\s*1/, pressed: true }).waitFor();
    expect(await filter.getByRole('button', { name: /全部/ }).innerText()).toMatch(/全部\s*2/);

    const row = page.getByRole('row').filter({ hasText: 'oc_parkedgroup' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/alert\.notice[\s\S]*飞书[\s\S]*已搁置[\s\S]*8[\s\S]*不早于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}[\s\S]*code 230002: bot not in chat/);
    expect(await page.getByRole('row').filter({ hasText: 'S000001' }).count()).toBe(0); // sent: not in the parked view
    await saveScreenshot(page, 'admin-outbox.png', { fullPage: true });

    await row.getByRole('button', { name: '重试' }).click();
    await row.getByRole('button', { name: '确认重试' }).click();
    await row.waitFor({ state: 'detached' });
    await filter.getByRole('button', { name: /已搁置\s*0/ }).waitFor();
    const [message] = await app.server.db.sql<{ status: string }[]>`select status from outbox_messages where idempotency_key = 'e2e-parked'`;
    expect(message!.status).not.toBe('parked');

    await filter.getByRole('button', { name: /全部/ }).click();
    await page.getByRole('row').filter({ hasText: 'S000001' }).getByText('已发送').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('[admin] the bot pages are in an administrator\'s menu and not in a staff member\'s', async () => {
    const admin = await app.openAs(ADMIN);
    await admin.page.goto(`${app.url}/admin/jobs`);
    const adminNav = admin.page.getByRole('navigation', { name: '系统管理' });
    await adminNav.getByRole('link', { name: '发件箱' }).waitFor();
    await adminNav.getByRole('link', { name: '群聊绑定' }).waitFor();

    const teller = await app.openAs(TELLER);
    await teller.page.goto(`${app.url}/`);
    await teller.page.getByRole('button', { name: /李晓梅/ }).click();
    await teller.page.locator('#user-menu').waitFor();
    expect(await teller.page.getByRole('link', { name: '发件箱' }).count()).toBe(0);
    expect(await teller.page.getByRole('link', { name: '群聊绑定' }).count()).toBe(0);
    await teller.page.goto(`${app.url}/admin/outbox`);
    await waitForText(teller.page, /没有.*权限/);
    expect(await teller.page.getByRole('group', { name: '按状态筛选' }).count()).toBe(0);
    expect(admin.pageErrors).toEqual([]);
    expect(teller.pageErrors).toEqual([]);
  });
});
