import type { Db } from '../../db/client.ts';

/**
 * The demo terminal's one human line a minute (issue #16), instead of two JSON request logs a
 * second: events received, complaints registered, chat messages sent in the last minute, and the
 * screens connected now. Counts are differences of identity ids and totals (primary-key reads,
 * cheap at any size).
 */
export interface TickerCounts {
  events: number;
  complaints: number;
  sent: number;
}

export function formatTickerLine(at: Date, timeZone: string, delta: TickerCounts, screens: number): string {
  const time = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
  return `${time}  事件 events +${delta.events.toLocaleString('en')} · 投诉 complaints +${delta.complaints} · 消息 messages sent +${delta.sent} · 连接 screens/browsers ${screens}`;
}

async function readCounts(db: Db): Promise<TickerCounts> {
  const [row] = await db.sql<{ events: string | null; complaints: string | null; sent: string }[]>`
    select (select max(id) from service_events) as events,
           (select max(id) from complaints) as complaints,
           (select count(*) from outbox_messages where status = 'sent') as sent`;
  return { events: Number(row?.events ?? 0), complaints: Number(row?.complaints ?? 0), sent: Number(row?.sent ?? 0) };
}

export function startDemoTicker(input: { db: Db; timeZone: string; screens: () => number; out: (line: string) => void; now?: () => Date; intervalMs?: number }): { stop(): void } {
  let last: TickerCounts | undefined;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const counts = await readCounts(input.db);
      if (last) {
        const delta = { events: counts.events - last.events, complaints: counts.complaints - last.complaints, sent: counts.sent - last.sent };
        input.out(formatTickerLine((input.now ?? (() => new Date()))(), input.timeZone, delta, input.screens()));
      }
      last = counts;
    } catch {
      // A closing database at shutdown: the next minute, or none.
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), input.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
