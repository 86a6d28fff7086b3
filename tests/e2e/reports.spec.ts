import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCare } from '../../server/demo/demo-care.ts';
import { seedDemoInspections } from '../../server/demo/demo-inspections.ts';
import { seedDemoStars } from '../../server/demo/demo-stars.ts';
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
      // Today's figures, as the live simulator would have sent them by now: yesterday's, halved.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      await db.sql`
        insert into branch_day_kpis (branch_id, service_day, issued, called, finished, wait_count, wait_seconds, long_waits,
          handling_count, handling_seconds, evaluations, satisfied, rating_sum, service_errors, updated_at)
        select branch_id, ${today}::date, issued / 2, called / 2, finished / 2, wait_count / 2, wait_seconds / 2, long_waits / 2,
          handling_count / 2, handling_seconds / 2, evaluations / 2, satisfied / 2, rating_sum / 2, service_errors / 2, now()
        from branch_day_kpis where service_day = ${today}::date - 1`;
    },
    users: [LEADER],
  });
  // The demo's inspections, care and stars (as `npm run demo` makes them), so last month's
  // inspection, rectification, care and star sections have content to print.
  beforeAll(async () => {
    const { server, db } = app.server;
    const branches = await db.sql<{ code: string }[]>`
      select b.code from branches b where exists (select 1 from staff s where s.branch_id = b.id and s.role = 'branch_head' and s.active) order by b.code limit 12`;
    const inspectors = await db.sql<{ code: string }[]>`
      select s.code from staff s join regions r on r.id = s.region_id where s.role = 'inspector' and s.active and r.parent_id is null order by s.code limit 2`;
    await seedDemoInspections(server.inspections, { branches: branches.map((b) => b.code), inspectors: inspectors.map((i) => i.code), now: new Date(), log: () => {} });
    await seedDemoCare(server.care, () => {});
    await seedDemoStars({ db, clock: systemClock, timeZone: 'Asia/Shanghai', outbox: { staffChannel: 'console' } });
  }, 240_000);

  it('[leader] opens last month’s report, and it prints on A4 with no table cut off', async () => {
    const { page, pageErrors } = await app.openAs(LEADER, { width: A4_WIDTH, height: 1123 });
    await page.goto(`${app.url}/reports/monthly`);
    await waitForText(page, '一、核心指标');
    await waitForText(page, '二、网点排名');
    for (const heading of ['四、检查情况', '五、整改情况', '六、客户关怀', '七、服务明星']) await waitForText(page, heading);
    await page.getByRole('row').filter({ hasText: '得分最低网点' }).first().waitFor();
    expect(await page.getByText(/^本月检查 \d+ 次/).count()).toBe(1);
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
    expect(overflow.tables).toBeGreaterThanOrEqual(11);
    expect(overflow).toMatchObject({ wide: 0, clipped: [], page: 0 });
    await saveScreenshot(page, 'report-monthly-a4-print.png', { fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageErrors).toEqual([]);
  });

  it('[leader] the wall’s tiles show yesterday, last year and a 30-day trend from the history', async () => {
    const { page, pageErrors } = await app.openAs(LEADER, { width: 1920, height: 1080 });
    await page.goto(`${app.url}/wall`);
    await page.locator('svg[data-trend-points="30"]').first().waitFor({ timeout: 20_000 });
    const tiles = page.locator('section.tiles [role="group"]');
    expect(await page.locator('svg[data-trend-points="30"]').count()).toBe(await tiles.count());
    expect(await tiles.filter({ hasText: '去年同期' }).count()).toBe(await tiles.count());
    // Yesterday has figures now: once the live snapshot is in, no tile says it has nothing to compare with.
    await page.locator('section.tiles').getByText(/^昨日 /).first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('昨日无可比数据').count()).toBe(0);
    await saveScreenshot(page, 'wall-history-tiles.png');
    expect(pageErrors).toEqual([]);
  });
});
