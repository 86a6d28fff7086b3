import { describe, expect, it } from 'vitest';
import { businessHoursZone } from './demo-simulation.ts';

const localHour = (now: Date, zone: string) =>
  Number(new Intl.DateTimeFormat('en', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));

describe('businessHoursZone', () => {
  it('picks a zone where it is 11 o’clock, at every hour of the day', () => {
    for (let h = 0; h < 24; h++) {
      const now = new Date(Date.UTC(2026, 10, 28, h, 30));
      expect({ h, local: localHour(now, businessHoursZone(now)) }).toEqual({ h, local: 11 });
    }
  });
});
