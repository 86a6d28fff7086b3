import { describe, expect, it } from 'vitest';
import { createUser } from '../integration/helpers/access.ts';
import { seedSmallBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const ADMIN = { username: 'admin', displayName: '系统管理员', password: 'admin-password-2025' };
const TELLER = { username: 'li.xm', displayName: '李晓梅', password: 'teller-password-2025' };

describe.skipIf(!browserAvailable)('bot console', () => {
  let staffCode: string;
  const app = withApp({
    seed: async (db) => {
      const bank = await seedSmallBank(db.sql);
      staffCode = bank.headCode;
      // A colleague for the teller to nominate (a head's own nomination goes to the region manager).
      await db.sql`insert into staff (code, name, role, branch_id) select 'S000004', '张伟', 'teller', id from branches where code = ${bank.branchCode}`;
      await createUser(db, { ...ADMIN, role: 'admin', scope: 'bank' });
      await createUser(db, { ...TELLER, role: 'staff', scope: `branch:${bank.branchCode}`, staffCode: bank.tellerCode });
    },
  });

  it('[chat] a card button clicked at /chat reaches the bot handler', async () => {
    // An administrator (chat.console_any) may talk as any staff member.
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 390, height: 844 });
    await page.goto(`${app.url}/chat?staff=${staffCode}`);
    await page.getByRole('heading', { name: '王建国', level: 1 }).waitFor();

    const input = page.getByRole('textbox', { name: '输入消息' });
    await input.fill('帮助');
    await input.press('Enter');
    await waitForText(page, '帮助');
    const helpCard = page.getByRole('article', { name: 'Touchstone 助手' }).last();
    await helpCard.waitFor({ state: 'visible' });

    await helpCard.getByRole('button', { name: '我是谁' }).click();
    const meCard = page.getByRole('article', { name: '我的信息' }).last();
    await meCard.getByText('王建国', { exact: true }).waitFor({ state: 'visible' });

    await saveScreenshot(page, 'chat.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });

  it('[chat] a user linked to a staff member talks to the bot as that member, without a picker', async () => {
    const { page, pageErrors } = await app.openAs(TELLER);
    // Another staff code in the URL is ignored: only an administrator picks an identity.
    await page.goto(`${app.url}/chat?staff=${staffCode}`);
    await page.getByRole('heading', { name: '李晓梅', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: '切换身份' }).count()).toBe(0);
    expect(await page.getByRole('searchbox').count()).toBe(0);

    const input = page.getByRole('textbox', { name: '输入消息' });
    await input.fill('帮助');
    await input.press('Enter');
    await page.getByRole('article', { name: 'Touchstone 助手' }).last().waitFor({ state: 'visible' });
    expect(pageErrors).toEqual([]);
  });

  it('[chat] a teller nominates a colleague; the branch head receives the review card through the outbox, clicks 通过, and the card updates in place', async () => {
    const { page, pageErrors } = await app.openAs(ADMIN, { width: 390, height: 844 });
    await page.goto(`${app.url}/chat?staff=S000002`);
    await page.getByRole('heading', { name: '李晓梅', level: 1 }).waitFor();
    const tellerInput = page.getByRole('textbox', { name: '输入消息' });
    await tellerInput.fill('提名 @S000004 主动引导老年客户使用自助设备');
    await tellerInput.press('Enter');
    await page.getByRole('article', { name: '提名已记录' }).last().waitFor({ state: 'visible' });

    await page.goto(`${app.url}/chat?staff=${staffCode}`);
    await page.getByRole('heading', { name: '王建国', level: 1 }).waitFor();
    const review = page.getByRole('article', { name: '服务明星提名待审批' }).last();
    await review.waitFor({ state: 'visible', timeout: 10_000 });
    await review.getByText('张伟（S000004）').waitFor();
    await review.getByRole('button', { name: '通过', exact: true }).click();

    const decided = page.getByRole('article', { name: '服务明星提名 · 已通过' }).last();
    await decided.waitFor({ state: 'visible' });
    await decided.getByText('王建国', { exact: false }).first().waitFor();
    expect(await page.getByRole('article', { name: '服务明星提名待审批' }).count()).toBe(0); // replaced, not added
    expect(await decided.getByRole('button').count()).toBe(0);
    await saveScreenshot(page, 'chat-nomination.png', { fullPage: false });
    expect(pageErrors).toEqual([]);
  });
});
