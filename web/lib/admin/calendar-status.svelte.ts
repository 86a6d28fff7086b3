import { getCalendarStatus, type CalendarStatus } from './calendar-api.ts';

/** Next year's calendar status, shared by the back-office banner and the holidays page (which reloads it after a save). */
class CalendarStatusState {
  current = $state<CalendarStatus | undefined>();

  async load(): Promise<void> {
    // A failed read shows nothing: the banner is a reminder, not a blocker.
    this.current = await getCalendarStatus().catch(() => undefined);
  }
}

export const calendarStatus = new CalendarStatusState();
