import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../platform/clock.ts';
import type { OutboxSettings } from '../outbox/index.ts';

export interface CareDeps {
  db: Db;
  clock: Clock;
  timeZone: string;
  outbox: OutboxSettings;
}

/** Published on the change feed after care tasks change (created, done, skipped): walls redraw. */
export const CARE_CHANGED_CHANNEL = 'care_changed';
