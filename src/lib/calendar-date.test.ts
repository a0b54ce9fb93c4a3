import { describe, expect, it } from 'vitest';
import { chinaDay, isCalendarDate } from './calendar-date.ts';

describe('calendar dates', () => {
  it('turns the day in China at midnight there (16:00 UTC), whatever the server’s zone', () => {
    expect(chinaDay(new Date('2026-12-05T15:59:59Z'))).toBe('2026-12-05');
    expect(chinaDay(new Date('2026-12-05T16:00:00Z'))).toBe('2026-12-06');
    expect(chinaDay(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });

  it('knows a real day of the calendar from a made-up one', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2019-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-5')).toBe(false);
  });
});
