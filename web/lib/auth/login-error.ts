import type { ApiError } from '../api.ts';
import { formatDateTime, formatMessageTime } from '../format/datetime.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { MessageParams } from '../i18n/interpolate.ts';

export interface LoginProblem {
  /** The localised headline. */
  key: MessageKey;
  params?: MessageParams;
  /** The server's own words, shown under the headline when they add something (until when locked, how long to wait). */
  detail?: string;
}

const LOCKED = /lock|锁定/i;
const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * What to tell someone whose login failed. The server reports a wrong password as 401, a locked
 * account as 401 or 429 with a message naming the instant it unlocks, and throttling as 429.
 * Instants in the server's message are shown in the bank's time zone.
 */
export function describeLoginError(error: ApiError, timeZone: string, now: Date): LoginProblem {
  if (error.status === 0) return { key: 'common.networkError' };
  const detail = error.message.replace(ISO_INSTANT, (iso) => formatDateTime(iso, timeZone));
  if (LOCKED.test(error.message) && (error.status === 401 || error.status === 423 || error.status === 429)) {
    const until = error.message.match(ISO_INSTANT)?.[0];
    return until
      ? { key: 'login.lockedUntil', params: { time: formatMessageTime(until, timeZone, now) }, detail }
      : { key: 'login.locked', detail };
  }
  if (error.status === 429 || error.code === 'RATE_LIMITED') return { key: 'login.throttled', detail };
  if (error.status === 401) return { key: 'login.wrong' };
  if (error.code === 'INVALID_INPUT') return { key: 'login.missing' };
  return { key: 'login.failed', detail };
}
