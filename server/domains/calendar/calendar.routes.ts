import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { parseInput } from '../../platform/validate.ts';
import { actorOf, type SecuredRouter } from '../access/index.ts';
import { getCalendarYear, getNextYearStatus, replaceCalendarYear, type CalendarAdminDeps } from './calendar-admin.service.ts';

const YEAR_MIN = 2000;
const YEAR_MAX = 2100;
const ReplaceSchema = z.object({ days: z.array(z.record(z.string(), z.unknown()), { message: 'must be a list of days' }).max(400, 'at most 400 days') });

function parseYear(text: unknown, field: string): number {
  const year = typeof text === 'string' && /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= YEAR_MIN && year <= YEAR_MAX)) throw AppError.invalid(field, `must be a year ${YEAR_MIN}–${YEAR_MAX}`);
  return year;
}

/**
 * `GET /calendar/status` (people and wall screens: the permission screens hold) → { nextYear, tentative, warn };
 * `GET /holidays?year=` and `PUT /holidays/:year` { days } (administrators; the PUT is audited).
 */
export function registerCalendarRoutes(api: SecuredRouter, deps: CalendarAdminDeps): void {
  api.get('/calendar/status', 'org.overview', async (_req, res) => {
    res.json(await getNextYearStatus(deps));
  });
  api.get('/holidays', 'calendar.manage', async (req, res) => {
    res.json(await getCalendarYear(deps.sql, parseYear(req.query.year, 'year')));
  });
  api.put('/holidays/:year', 'calendar.manage', 'holidays.replace', async (req, res) => {
    const year = parseYear(req.params.year, 'year');
    const body = parseInput(ReplaceSchema, req.body);
    res.json(await replaceCalendarYear(deps, actorOf(req), year, body.days));
  });
}
