import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTwoRegionBank } from '../integration/helpers/seed.ts';
import { browserAvailable, saveScreenshot, waitForText } from './helpers/browser.ts';
import { withApp } from './helpers/session.ts';

/** Now (a second ago, so never "in the future") as the queueing system writes it: ISO-8601 with the +08:00 offset. */
function shanghaiNow(): string {
  return new Date(Date.now() - 1000 + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

/** The whole figure of a KPI tile, read from its visible text (`取号量 12 叫号 …` → 12). */
async function readTileCount(page: Page, label: string): Promise<number> {
  const text = await page.getByRole('group', { name: label }).innerText();
  const match = new RegExp(`${label}\\s*([\\d,]+)`).exec(text);
  if (!match) throw new Error(`no figure in the ${label} tile: ${JSON.stringify(text)}`);
  return Number(match[1]!.replaceAll(',', ''));
}

describe.skipIf(!browserAvailable)('live wall', () => {
  const app = withApp({ env: { BANK_NAME: '示范银行' }, seed: (db) => seedTwoRegionBank(db.sql) });
  let wallUrl: string;
  let apiKey: string;
  let n = 0;

  const ingest = async (event: Record<string, unknown>) => {
    const response = await fetch(`${app.url}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ id: `e2e-${Date.now()}-${++n}`, branch: 'BJ0101', at: shanghaiNow(), ...event }] }),
    });
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: [] });
  };

  beforeAll(async () => {
    const admin = await app.server.admin();
    const token = await admin.post('/display-tokens', { name: '总行大厅', scope: 'bank' });
    expect(token.status).toBe(201);
    const { secret } = (await token.json()) as { secret: string; url: string };
    wallUrl = `${app.url}/wall?token=${encodeURIComponent(secret)}`;
    const key = await admin.post('/api-keys', { name: '排队机', scope: 'bank', eventTypes: ['ticket.issued', 'ticket.called', 'evaluation.submitted'] });
    expect(key.status).toBe(201);
    apiKey = ((await key.json()) as { secret: string }).secret;
  });

  it('[wall] an event posted to the ingest API changes the tile without a reload', async () => {
    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(wallUrl);
    await waitForText(page, /^数据截至 \d{2}:\d{2}:\d{2}$/); // the snapshot arrived
    await waitForText(page, '实时连接正常');
    const before = await readTileCount(page, '取号量');
    // Survives only if the page is never reloaded.
    await page.evaluate(() => Object.assign(window, { wallLiveMarker: true }));

    await ingest({ type: 'ticket.issued', ticket: 'A001' });
    const issued = page.getByRole('group', { name: '取号量' });
    await issued.getByText(String(before + 1), { exact: true }).waitFor();

    // A low rating reaches the feed and the satisfaction tile in the same way.
    await ingest({ type: 'ticket.called', ticket: 'A001' });
    await ingest({ type: 'evaluation.submitted', ticket: 'A001', rating: 1 });
    const feed = page.getByRole('region', { name: '实时动态' });
    await feed.getByRole('listitem').filter({ hasText: '低评价' }).filter({ hasText: '北京朝阳建国路网点' }).waitFor();
    await page.getByRole('group', { name: '满意率' }).getByText('0.0%', { exact: true }).waitFor();
    // The ranking carries the new figures too: 北京分行 now has a satisfaction figure.
    const ranking = page.getByRole('region', { name: '下辖单位排名' });
    await ranking.getByRole('row').filter({ hasText: '北京分行' }).filter({ hasText: '0.0%' }).waitFor();

    expect(await page.evaluate(() => 'wallLiveMarker' in window)).toBe(true);
    await saveScreenshot(page, 'wall-live.png');
    expect(pageErrors).toEqual([]);
  });

  it('[wall] a dropped connection greys the figures and keeps their time; the reconnect brings fresh ones', async () => {
    const { page, pageErrors } = await app.open({ width: 1920, height: 1080 });
    await page.goto(wallUrl);
    await waitForText(page, '实时连接正常');
    const asOf = page.getByText(/^数据截至 \d{2}:\d{2}:\d{2}$/);
    await asOf.waitFor();
    const before = await readTileCount(page, '取号量');
    const shownAsOf = await asOf.innerText();

    // The server announces a restart and drops every socket: the wall comes back after a pause.
    app.server.server.io.emit('server:closing', { at: new Date().toISOString() });
    app.server.server.io.disconnectSockets(true);
    await waitForText(page, '连接已断开');
    await waitForText(page, '数据未在更新');
    expect(await asOf.innerText()).toBe(shownAsOf);
    await saveScreenshot(page, 'wall-live-stale.png');

    // What happens while the screen is away arrives with the snapshot taken on reconnect.
    await ingest({ type: 'ticket.issued', ticket: 'A002' });
    await waitForText(page, '实时连接正常', { timeout: 20_000 });
    await page.getByRole('group', { name: '取号量' }).getByText(String(before + 1), { exact: true }).waitFor();
    await page.getByText('数据未在更新').waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
