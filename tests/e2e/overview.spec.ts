import { describe, expect, it } from 'vitest';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { SEEDED_ORG, seedTwoBranchOffices } from './helpers/seed-org.ts';
import { withApp } from './helpers/session.ts';

const LEADER = { username: 'leader', displayName: '赵行长', password: 'leader-password-2025', role: 'leader', scope: 'bank' } as const;

describe.skipIf(!browserAvailable)('overview page', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoBranchOffices(db.sql), users: [LEADER] });

  it("[app] overview shows the bank's regions from the database", async () => {
    const { page, pageErrors } = await app.openAs(LEADER);
    await page.goto(`${app.url}/overview`);

    await page.getByRole('heading', { name: '示范银行', level: 1 }).waitFor();
    await waitForText(page, SEEDED_ORG.headOffice);
    const rowText = (name: string) => page.getByText(name, { exact: true }).locator('xpath=..').innerText();
    for (const region of [...SEEDED_ORG.branchOffices, ...SEEDED_ORG.subBranches]) {
      expect(await rowText(region.name)).toContain(`${region.outlets} 个网点`);
    }
    expect(await rowText(SEEDED_ORG.headOffice)).toContain(`${SEEDED_ORG.outlets} 个网点`);

    const tile = (label: string) => page.getByRole('group', { name: label }).innerText();
    expect(await tile('分行/支行')).toContain('2 个分行 · 3 个支行');
    expect(await tile('网点')).toContain(String(SEEDED_ORG.outlets));
    expect(await tile('员工')).toContain(String(SEEDED_ORG.activeStaff));
    expect(await tile('客户')).toContain('0');

    await saveScreenshot(page, 'overview.png', { fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('[app] the EN toggle switches the page to English and is remembered after a reload', async () => {
    const { page, pageErrors } = await app.openAs(LEADER);
    await page.goto(`${app.url}/overview`);
    await waitForText(page, '机构层级');

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await waitForText(page, 'Organisation tree');
    await waitForText(page, `${SEEDED_ORG.outlets} outlets`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.reload();
    await waitForText(page, 'Organisation tree');
    await page.getByRole('button', { name: '切换到中文' }).click();
    await waitForText(page, '机构层级');
    expect(pageErrors).toEqual([]);
  });
});
