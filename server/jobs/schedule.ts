import type { Db } from '../../db/client.ts';
import { maintainTables } from '../../db/maintenance.ts';
import { ensureCalendarSeeded, getCalendarCoverage, loadWorkingCalendar } from '../domains/calendar/index.ts';
import { monthToAward, runMonthlyAward, type AwardsDeps } from '../domains/awards/index.ts';
import { sweepComplaints, type ComplaintDeps } from '../domains/complaints/index.ts';
import { pruneRuns } from '../domains/jobs/index.ts';
import { closeHistoryDays } from '../domains/kpi/index.ts';
import { postMonthlyReports } from '../domains/reports/index.ts';
import { addDays, bankDay } from '../platform/bank-time.ts';
import { pruneInbox, refreshAgingCards } from '../domains/outbox/index.ts';
import { runCareDaily, runCareReminder, type CareDeps } from '../domains/care/index.ts';
import { sweepRectifications, type InspectionDeps } from '../domains/inspections/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { JobDefinition } from './scheduler.ts';

const JOB_HISTORY_DAYS = 90;
const SWEEP_HISTORY_DAYS = 2;
/** Feishu redelivers an event for hours at most; its id is kept a week to be sure. */
const INBOX_KEEP_DAYS = 7;

/**
 * Every scheduled job, in one list: name, cron expression (bank time zone unless given) and what
 * it runs. Jobs call domain services; they never emit to sockets or send chat messages themselves.
 */
export interface JobDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  complaints: ComplaintDeps;
  /** Customer care; `dailyAt` is the morning run's bank time (HH:MM). */
  care?: CareDeps & { dailyAt: string };
  /** Inspections (the rectification escalation sweep); absent in tests that do not need it. */
  inspections?: InspectionDeps;
  /** Links unlinked staff to Feishu by mobile/email (only with Feishu configured). */
  linkFeishuStaff?: (() => Promise<string>) | undefined;
  /** Optional so that tests building a few jobs need not wire it; the server always passes it. */
  awards?: AwardsDeps;
  /** Fresh Feishu cards before the 14-day update window closes (only with Feishu configured). */
  cardRefresh?: { refreshAfterDays: number } | undefined;
}

export function createJobs(deps: JobDeps): JobDefinition[] {
  const { db, clock, timeZone } = deps;
  return [
    {
      // The complaint escalation ladder: idempotent (each step alerted once per complaint and
      // recipient), so a missed minute is simply caught by the next.
      name: 'complaints.sweep',
      cron: '* * * * *',
      async run({ logger }) {
        const { checked, alerts } = await sweepComplaints(deps.complaints, logger);
        return `${checked} open complaints near their deadline checked, ${alerts} alerts queued`;
      },
    },
    {
      // Keeps computed (tentative) festival years ahead of today, and says so when next year's
      // official State Council schedule has not been imported yet (it is usually published in
      // November or December).
      name: 'calendar.refresh',
      cron: '15 9 * * *',
      async run({ now, logger }) {
        await ensureCalendarSeeded(db.sql, clock);
        const coverage = await getCalendarCoverage(db.sql);
        const nextYear = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(now)) + 1;
        if (!coverage.officialYears.includes(nextYear)) {
          logger.warn({ year: nextYear }, 'no official holiday calendar yet; import it with `touchstone import holidays <file.csv>`');
          return `${nextYear}: tentative (festivals computed from the lunar calendar); import the official schedule`;
        }
        return `${nextYear}: official calendar present`;
      },
    },
    {
      name: 'jobs.prune-history',
      cron: '40 3 * * *',
      async run({ now }) {
        // The minute sweeper would otherwise fill the history (1,440 runs a day): two days of it are
        // kept, and of the embedded database's 10-minute maintenance likewise.
        const sweeps = await pruneRuns(db.sql, SWEEP_HISTORY_DAYS, now, 'complaints.sweep');
        const upkeep = await pruneRuns(db.sql, SWEEP_HISTORY_DAYS, now, 'database.maintain');
        const deleted = await pruneRuns(db.sql, JOB_HISTORY_DAYS, now);
        return `${deleted} runs older than ${JOB_HISTORY_DAYS} days deleted${sweeps ? `, ${sweeps} complaint sweeps older than ${SWEEP_HISTORY_DAYS} days` : ''}${upkeep ? `, ${upkeep} database maintenance runs older than ${SWEEP_HISTORY_DAYS} days` : ''}`;
      },
    },
    {
      // 服务明星: last month's stars, on the first working day of the month at 09:00 (holidays and
      // 调休 from the calendar). It fires on days 1–10 and acts from the first working day on:
      // awarding is idempotent and announces once, so a day missed while down is caught up by the
      // next day's run (or the scheduler's catch-up of the missed slot).
      name: 'awards.monthly',
      cron: '0 9 1-10 * *',
      async run({ now }) {
        const today = bankDay(now, timeZone);
        const year = Number(today.slice(0, 4));
        const calendar = await loadWorkingCalendar(db.sql, year, year);
        const month = monthToAward(today, (day) => calendar.isWorkingDay(day));
        if (!month) return `${today} is before this month's first working day: nothing to award yet`;
        if (!deps.awards) throw new Error('awards.monthly needs the awards dependencies');
        const result = await runMonthlyAward(deps.awards, { month });
        return `${month}: ${result.stars.length} stars${result.changed ? ' (stored)' : ' (unchanged)'}${result.announced ? ', announced' : ''}${result.escalated ? `, ${result.escalated} pending handed to region managers` : ''}${result.lapsed ? `, ${result.lapsed} lapsed` : ''}`;
      },
    },
    {
      name: 'bot.prune-inbox',
      cron: '50 3 * * *',
      async run({ now }) {
        const deleted = await pruneInbox(db.sql, new Date(now.getTime() - INBOX_KEEP_DAYS * 86_400_000));
        return `${deleted} inbound event ids older than ${INBOX_KEEP_DAYS} days forgotten`;
      },
    },
    ...(deps.care ? careJobs(deps.care) : []),
    {
      // History (issue #16): folds the last days into region_day_kpis; three days back, so events
      // that arrive late (a queue machine offline overnight) are folded in too. Reads never miss a
      // day in between: days after the newest folded one come from branch_day_kpis.
      name: 'history.close-days',
      cron: '20 0 * * *',
      async run({ now }) {
        const yesterday = addDays(bankDay(now, timeZone), -1);
        const rows = await closeHistoryDays(db.sql, { from: addDays(yesterday, -2), to: yesterday });
        return `${rows} region-day rows folded up to ${yesterday}`;
      },
    },
    {
      // The monthly service report (issue #16): on the first working day (checked against the
      // calendar, so a 国庆 or 元旦 start moves it), last month's cards to the leadership chat and
      // each 分行's chat. Once per month and scope (monthly_report_posts), whichever instance runs.
      name: 'reports.monthly-post',
      cron: '0 9 1-10 * *',
      async run() {
        const result = await postMonthlyReports({ db, clock, timeZone, outbox: deps.complaints.outbox, publicUrl: deps.complaints.publicUrl });
        return result.skipped ? `${result.month}: ${result.skipped}` : `${result.month}: posted for ${result.posted.join(', ') || 'no bound chat'}`;
      },
    },
    ...(deps.inspections ? [rectificationSweep(deps.inspections)] : []),
    ...(deps.linkFeishuStaff ? [{
      // Staff who never wrote to the bot have no open_id: their alerts would park. Daily, because
      // people join Feishu (and the contact data range) after the staff import.
      name: 'feishu.link-staff',
      cron: '20 6 * * *',
      run: deps.linkFeishuStaff,
    }] : []),
    ...(deps.cardRefresh ? [cardRefreshJob(db, clock, deps.cardRefresh)] : []),
    ...(db.mode === 'embedded' ? [databaseMaintenance(db)] : []),
  ];
}

/**
 * Embedded PGlite has no autovacuum (ADR 0029): every 10 minutes, the tables autovacuum would have
 * vacuumed or analysed by now are, so the planner keeps up with a growing day. PostgreSQL does it
 * by itself, so the job exists only in embedded mode.
 */
function databaseMaintenance(db: Db): JobDefinition {
  return {
    name: 'database.maintain',
    cron: '*/10 * * * *',
    async run() {
      const done = await maintainTables(db.sql);
      return done.length ? done.map((d) => `${d.table}: ${d.done}`).join(', ') : 'no table due';
    },
  };
}

function careJobs(care: CareDeps & { dailyAt: string }): JobDefinition[] {
  const [hour, minute] = care.dailyAt.split(':').map(Number) as [number, number];
  return [
    {
      // The morning's care tasks and each branch's list. The slot is the bank day it runs for, so a
      // missed morning caught up at start lists that morning once (unique task keys, one card key).
      name: 'care.daily',
      cron: `${minute} ${hour} * * *`,
      run: ({ slot, logger }) => runCareDaily(care, slot, logger),
    },
    {
      // Every quarter hour in the afternoon and evening; sends once a day, at the administrator's
      // reminder time (a database setting, so it changes without a restart).
      name: 'care.remind',
      cron: '*/15 12-21 * * *',
      run: ({ now }) => runCareReminder(care, now),
    },
  ];
}

/**
 * Rectification escalations (owner T−1, branch head at due, region manager +1, leadership +3
 * working days): idempotent, each stage once per rectification, due date and recipient.
 */
function rectificationSweep(inspections: InspectionDeps): JobDefinition {
  return {
    name: 'rectifications.sweep',
    cron: '*/10 * * * *',
    async run({ logger }) {
      const { checked, alerts } = await sweepRectifications(inspections, logger);
      return `${checked} open rectifications checked, ${alerts} escalations queued`;
    },
  };
}

/**
 * Feishu cards can be clicked and updated for 14 days (ADR 0024): every hour, a card of a subject
 * still open that is `refreshAfterDays` old is re-sent and the old one retired. Idempotent (one
 * fresh card per card generation), so a slot caught up after downtime or run by two instances
 * re-sends once.
 */
export function cardRefreshJob(db: JobDeps['db'], clock: Clock, options: { refreshAfterDays: number }): JobDefinition {
  return {
    name: 'cards.refresh',
    cron: '35 * * * *',
    async run() {
      const { checked, refreshed } = await refreshAgingCards({ db, clock }, options);
      return `${checked} cards older than ${options.refreshAfterDays} days about open subjects, ${refreshed} re-sent`;
    },
  };
}
