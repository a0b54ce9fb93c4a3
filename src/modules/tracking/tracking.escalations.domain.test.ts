import { describe, expect, it } from 'vitest';
import { escalationNumber, issuingYear, mayStep, ruleSource, writtenDay } from './tracking.escalations.domain.ts';

describe('the number of an escalation notice', () => {
  it('is written 督办〔year〕N号, with the official hexagonal brackets', () => {
    expect(escalationNumber(2026, 12)).toBe('督办〔2026〕12号');
    expect(escalationNumber(2027, 1)).toBe('督办〔2027〕1号');
    expect(() => escalationNumber(2026, 0)).toThrow(RangeError);
  });

  it('takes the issuing year of the calendar in China: 31 December 17:00 UTC is already next year', () => {
    expect(issuingYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(issuingYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
});

describe('which rule suggests a notice', () => {
  const red = { warning: 'red' as const, lateReports: 0, redLateReports: 2 };
  it('only a red warning does: overdue first, then late reports in a row, else the warning itself', () => {
    expect(ruleSource({ ...red, class: 'overdue', lateReports: 3 })).toBe('overdue');
    expect(ruleSource({ ...red, class: 'behind', lateReports: 2 })).toBe('late_reports');
    expect(ruleSource({ ...red, class: 'behind', lateReports: 1 })).toBe('red_warning');
    expect(ruleSource({ ...red, class: 'behind', warning: 'yellow', lateReports: 1 })).toBeNull();
    expect(ruleSource({ ...red, class: 'on_track', warning: null })).toBeNull();
  });
});

describe('the steps of a notice', () => {
  it('is answered while issued or returned, returned only once answered, and closed at any open point', () => {
    expect(mayStep('answer', 'issued')).toBe(true);
    expect(mayStep('answer', 'returned')).toBe(true);
    expect(mayStep('answer', 'answered')).toBe(false);
    expect(mayStep('return', 'answered')).toBe(true);
    expect(mayStep('return', 'issued')).toBe(false);
    expect(mayStep('close', 'issued')).toBe(true);
    expect(mayStep('close', 'closed')).toBe(false);
    expect(writtenDay('2026-03-05')).toBe('2026年3月5日');
  });
});
