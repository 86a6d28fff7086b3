import type { ComplaintIntake } from '../contract/payloads/complaints.ts';
import { apiUrl } from '../simulator/ingest-client.ts';
import { pickChineseName } from './names.ts';
import { createRng, type Rng } from './random.ts';

/**
 * The demo's complaint hotline: at start, a dozen complaints received over the last three weeks
 * (so the wall's clock strip, the back office and the ladder show every clock state), then one
 * every few minutes — all through the public `POST /api/v1/complaints` with the demo's API key,
 * as a CRM or the regulator's transfer system would send them. Ids are per bank day, so a demo
 * restarted the same day sends the same complaints again and they are recognised as retries.
 */
const SUMMARIES: ReadonlyArray<{ category: ComplaintIntake['category']; summary: string }> = [
  { category: 'wait_time', summary: '周末排队等候超过一小时，无人引导' },
  { category: 'service_attitude', summary: '柜员办理业务时态度生硬，不耐烦' },
  { category: 'fees', summary: '对账户管理费收取有异议，认为未事先告知' },
  { category: 'operation_error', summary: '转账金额录入错误，次日才发现' },
  { category: 'product', summary: '理财产品风险说明不充分' },
  { category: 'system', summary: '自助设备吞卡，现场无人处理' },
  { category: 'marketing', summary: '办理存款时被反复推销保险' },
  { category: 'privacy', summary: '大堂经理当众念出客户账户余额' },
];
const CHANNELS: ReadonlyArray<ComplaintIntake['channel']> = ['hotline', 'counter', 'app', 'regulator', 'online', 'letter'];
const BACKLOG = 12;
const EVERY_MS = 4 * 60_000;

function complaintFor(rng: Rng, id: string, branches: readonly string[], receivedAt: Date): ComplaintIntake {
  const { category, summary } = rng.pick(SUMMARIES);
  const phone = `1${rng.pick(['38', '39', '36', '58', '86'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
  return {
    id, branch: rng.pick(branches), receivedAt: receivedAt.toISOString(), channel: rng.pick(CHANNELS), category,
    complainant: { name: pickChineseName(rng, rng.chance(0.5) ? 'male' : 'female', 'mid'), phone }, summary,
  };
}

export function startDemoComplaints(input: { baseUrl: string; apiKey: string; branches: readonly string[]; now: () => Date; log: (line: string) => void }): { stop(): void } {
  const day = input.now().toISOString().slice(0, 10);
  const rng = createRng(Number(day.replaceAll('-', '')));
  const post = async (complaint: ComplaintIntake) => {
    const response = await fetch(apiUrl(input.baseUrl, '/api/v1/complaints'), {
      method: 'POST', headers: { authorization: `Bearer ${input.apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(complaint),
      signal: AbortSignal.timeout(10_000),
    }).catch((error: unknown) => ({ ok: false, status: 0, statusText: String(error) }) as Response);
    if (!response.ok) input.log(`demo complaint ${complaint.id} not accepted: HTTP ${response.status}`);
  };
  let n = 0;
  let timer: NodeJS.Timeout | undefined;
  void (async () => {
    // Received 1 to 20 days ago: some overdue, some due within 3 days, most on track.
    for (; n < BACKLOG; n++) {
      const daysAgo = [16, 15, 14, 13, 12, 9, 6, 4, 3, 2, 1, 0.2][n]!;
      await post(complaintFor(rng, `demo-${day}-${n}`, input.branches, new Date(input.now().getTime() - daysAgo * 86_400_000)));
    }
    timer = setInterval(() => void post(complaintFor(rng, `demo-${day}-${n++}`, input.branches, input.now())), EVERY_MS);
    timer.unref();
  })();
  return { stop: () => clearInterval(timer) };
}
