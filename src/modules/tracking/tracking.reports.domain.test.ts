import { describe, expect, it } from 'vitest';
import { obligationOf, parsePercent, parsePeriodKey, periodOf, previousPeriod, reportPeriodLabel, taskCycle } from './tracking.reports.domain.ts';

describe('reporting periods', () => {
  it('puts a date in its month, quarter, half-year or year, due on the 25th of the last month', () => {
    expect(periodOf('monthly', '2025-06-10')).toEqual({ key: '2025-06', start: '2025-06-01', end: '2025-06-30', due: '2025-06-25', cycle: 'monthly' });
    expect(periodOf('quarterly', '2025-05-31')).toMatchObject({ key: '2025-Q2', start: '2025-04-01', end: '2025-06-30', due: '2025-06-25' });
    expect(periodOf('half_yearly', '2025-08-01')).toMatchObject({ key: '2025-H2', end: '2025-12-31', due: '2025-12-25' });
    expect(periodOf('yearly', '2024-02-29')).toMatchObject({ key: '2024', start: '2024-01-01', end: '2024-12-31' });
    expect(periodOf('monthly', '2025-02-03', 28)).toMatchObject({ end: '2025-02-28', due: '2025-02-28' });
  });

  it('steps back across a year', () => {
    expect(previousPeriod(periodOf('monthly', '2025-01-05')).key).toBe('2024-12');
    expect(previousPeriod(periodOf('quarterly', '2025-02-05')).key).toBe('2024-Q4');
  });

  it('follows the task’s own recurrence only when the plan reports per task', () => {
    expect(taskCycle('monthly', 'quarterly')).toBe('monthly');
    expect(taskCycle('per_task', 'quarterly')).toBe('quarterly');
    expect(taskCycle('per_task', null)).toBe('monthly');
  });

  it('reads period keys as offices write them', () => {
    expect(parsePeriodKey('2025年6月')?.key).toBe('2025-06');
    expect(parsePeriodKey('2025.6')?.key).toBe('2025-06');
    expect(parsePeriodKey('2025-Q3')?.key).toBe('2025-Q3');
    expect(parsePeriodKey('2025年第二季度')?.key).toBe('2025-Q2');
    expect(parsePeriodKey('2025年上半年')?.key).toBe('2025-H1');
    expect(parsePeriodKey('2025年')?.key).toBe('2025');
    expect(parsePeriodKey('2025-13')).toBeNull();
    expect(parsePeriodKey('上个月')).toBeNull();
  });

  it('reads percents, and says when one is unreadable', () => {
    expect(parsePercent('75%')).toBe(75);
    expect(parsePercent('60')).toBe(60);
    expect(parsePercent('0.6')).toBe(60);
    expect(parsePercent('')).toBeNull();
    expect(parsePercent('大部分')).toBeNaN();
  });

  it('counts a report not submitted by its due date as overdue', () => {
    expect(obligationOf(null, '2025-06-25', '2025-06-25')).toBe('due');
    expect(obligationOf('draft', '2025-06-25', '2025-06-26')).toBe('overdue');
    expect(obligationOf('returned', '2025-06-25', '2025-06-01')).toBe('returned');
  });
});

describe('a report period as people read it', () => {
  it('shows a reporting period as its key, and a closing report as 办结报告 with the month (in China) it was submitted', () => {
    expect(reportPeriodLabel({ kind: 'progress', period: '2026-Q2' })).toEqual({ zh: '2026-Q2', en: '2026-Q2' });
    // Submitted at 17:00 UTC on 30 November: 1 December in China.
    expect(reportPeriodLabel({ kind: 'closing', period: 'closing', submittedAt: '2026-11-30T17:00:00Z' })).toEqual({ zh: '办结报告（2026年12月报送）', en: 'Closing report (submitted 2026-12)' });
    expect(reportPeriodLabel({ kind: 'closing', period: 'closing', submittedAt: null })).toEqual({ zh: '办结报告', en: 'Closing report' });
    // Where only the period is known, the stored key still never shows.
    expect(reportPeriodLabel({ period: 'closing' }).zh).toBe('办结报告');
  });
});
