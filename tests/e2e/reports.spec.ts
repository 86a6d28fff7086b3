import { describe, expect, it } from 'vitest';
import { seedDemoBank } from '../../server/demo/seed-demo-bank.ts';
import { seedDemoHistory } from '../../server/demo/seed-demo-history.ts';
import { systemClock } from '../../server/platform/clock.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

const LEADER = { username: 'leader.wang', displayName: '王行长', password: 'leader-password-2025', role: 'leader', scope: 'bank' } as const;
/** A4 portrait at 96 dpi: 210 mm. */
const A4_WIDTH = 794;

/** Last month, as the report page defaults to it (the server runs on the real clock). */
function lastMonth(): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
  const [y, m] = day.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

describe.skipIf(!browserAvailable)('monthly service report', () => {
  const app = withApp({
    seed: async (db) => {
      await seedDemoBank({ db, clock: systemClock }, { branchOffices: 2, customersTotal: 300 });
      await seedDemoHistory({ db, clock: systemClock, timeZone: 'Asia/Shanghai' }, { months: 2 });
    },
    users: [LEADER],
  });

  it('[leader] opens last month’s report, and it prints on A4 with no table cut off', async () => {
    const { page, pageErrors } = await app.openAs(LEADER, { width: A4_WIDTH, height: 1123 });
    await page.goto(`${app.url}/reports/monthly`);
    await waitForText(page, '一、核心指标');
    await waitForText(page, '二、网点排名');
    expect(await page.locator('h1').innerText()).toContain(`${lastMonth()} 月度服务质量报告`);
    await page.getByRole('row').filter({ hasText: '服务指数' }).first().waitFor();
    const xlsx = await page.getByRole('link', { name: '下载 Excel' }).getAttribute('href');
    expect(xlsx).toBe(`/api/v1/reports/monthly?scope=bank&month=${lastMonth()}&format=xlsx`);

    await page.emulateMedia({ media: 'print' });
    // Printing hides the navigation and the buttons; every table fits the A4 width, no cell is clipped.
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印 / 另存 PDF' }).isVisible()).toBe(false);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const tables = [...document.querySelectorAll('table')];
      const cells = [...document.querySelectorAll('th, td')] as HTMLElement[];
      return {
        tables: tables.length,
        wide: tables.filter((t) => t.getBoundingClientRect().right > width + 1 || t.scrollWidth > t.clientWidth + 1).length,
        clipped: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent),
        page: document.documentElement.scrollWidth - width,
      };
    });
    expect(overflow.tables).toBeGreaterThanOrEqual(4);
    expect(overflow).toMatchObject({ wide: 0, clipped: [], page: 0 });
    await saveScreenshot(page, 'report-monthly-a4-print.png', { fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageErrors).toEqual([]);
  });
});
