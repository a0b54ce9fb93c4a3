import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../lib/random.ts';
import {
  classify,
  dayNumber,
  DEFAULT_RULE,
  expectedPercent,
  isLongTerm,
  lateReportStreak,
  periodStart,
  reportDueDates,
  type ProgressTask,
} from './tracking.progress.domain.ts';

const task = (over: Partial<ProgressTask> = {}): ProgressTask => ({
  kind: 'one_off',
  ongoing: false,
  recurrence: null,
  startDate: null,
  dueDate: '2025-12-31',
  milestones: [],
  closedOn: null,
  ...over,
});
const facts = (actual: number | null, lateReports = 0, planEffectiveDate: string | null = '2025-01-01') => ({ planEffectiveDate, actual, lateReports });

describe('expected progress (序时进度)', () => {
  it('runs linearly from the effective date to the deadline', () => {
    // 2025-01-01 → 2025-12-31 is 364 days; 2025-07-02 is day 182.
    expect(expectedPercent(task(), '2025-01-01', '2025-07-02')).toBe(50);
    expect(expectedPercent(task(), '2025-01-01', '2025-01-01')).toBe(0);
    expect(expectedPercent(task(), '2025-01-01', '2024-06-01')).toBe(0);
    expect(expectedPercent(task(), '2025-01-01', '2025-12-31')).toBe(100);
    expect(expectedPercent(task(), '2025-01-01', '2026-03-01')).toBe(100);
  });

  it('starts at the later of the effective date and the task start', () => {
    const t = task({ startDate: '2025-07-01' });
    expect(expectedPercent(t, '2025-01-01', '2025-07-01')).toBe(0);
    // 2025-07-01 → 2025-12-31 is 183 days; 2025-10-01 is day 92.
    expect(expectedPercent(t, '2025-01-01', '2025-10-01')).toBe(50.3);
    // A plan issued after the task's own start moves the start.
    expect(expectedPercent(task({ startDate: '2024-01-01' }), '2025-07-02', '2025-07-02')).toBe(0);
  });

  it('gives the issue example in words: 72.5% expected, 10% done, 62.5 points behind', () => {
    // 2025-01-07 → 2025-09-04 is 240 days; 2025-06-30 is day 174, and 174/240 = 72.5%.
    const s = classify(task({ startDate: '2025-01-07', dueDate: '2025-09-04' }), facts(10), '2025-06-30');
    expect(s).toMatchObject({ expected: 72.5, actual: 10, class: 'behind', warning: 'yellow' });
    expect(s.reason.zh).toBe('截至2025年6月30日应完成72.5%，实际完成10%，落后62.5个百分点');
    expect(s.reason.en).toBe('As of 2025-06-30, 72.5% expected, 10% done, 62.5 points behind');
  });

  it('bends at milestones with a date and a percent', () => {
    const t = task({ milestones: [{ date: '2025-03-31', percent: 60 }] });
    // 2025-01-01 → 2025-03-31 is 89 days to 60%; half-way (day 44.5) is 30%.
    expect(expectedPercent(t, '2025-01-01', '2025-03-31')).toBe(60);
    expect(expectedPercent(t, '2025-01-01', '2025-02-15')).toBe(30.3);
    // then 60 → 100 over 2025-03-31 → 2025-12-31 (275 days); 2025-08-15 is day 137.
    expect(expectedPercent(t, '2025-01-01', '2025-08-15')).toBe(79.9);
  });

  it('ignores milestones outside the span or below an earlier one, so the line never goes down', () => {
    const t = task({
      milestones: [
        { date: '2024-06-30', percent: 90 },
        { date: '2025-06-30', percent: 40 },
        { date: '2025-09-30', percent: 20 },
        { date: '2026-06-30', percent: 50 },
      ],
    });
    expect(expectedPercent(t, '2025-01-01', '2025-06-30')).toBe(40);
    const r = seededRandom(7);
    let last = -1;
    for (let d = dayNumber('2025-01-01'); d <= dayNumber('2025-12-31'); d += 1 + Math.floor(r() * 3)) {
      const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
      const p = expectedPercent(t, '2025-01-01', iso)!;
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });

  it('counts leap days: half of 2024 is reached a day later than half of 2025', () => {
    const y2024 = task({ dueDate: '2024-12-31' });
    // 2024-01-01 → 2024-12-31 is 365 days (29 February counted); 2024-07-01 is day 182 → 49.9%.
    expect(expectedPercent(y2024, '2024-01-01', '2024-07-01')).toBe(49.9);
    expect(expectedPercent(y2024, '2024-01-01', '2024-03-01')).toBe(16.4);
    expect(expectedPercent(task({ startDate: '2024-02-28', dueDate: '2024-03-01' }), null, '2024-02-29')).toBe(50);
    expect(() => expectedPercent(task(), null, '2025-02-29')).toThrow(/No such day/);
  });

  it('treats a deadline before the start as due from the deadline on', () => {
    const t = task({ startDate: '2025-06-01', dueDate: '2025-03-31' });
    expect(expectedPercent(t, null, '2025-03-01')).toBe(0);
    expect(expectedPercent(t, null, '2025-04-01')).toBe(100);
    expect(classify(t, facts(null, 0, null), '2025-04-01').class).toBe('overdue');
  });

  it('has none for long-term and recurring tasks, and none without a deadline', () => {
    expect(expectedPercent(task({ kind: 'ongoing', ongoing: true, dueDate: null }), '2025-01-01', '2025-06-30')).toBeNull();
    expect(expectedPercent(task({ kind: 'phased', recurrence: 'quarterly', ongoing: true, dueDate: null }), '2025-01-01', '2025-06-30')).toBeNull();
    expect(expectedPercent(task({ dueDate: null }), '2025-01-01', '2025-06-30')).toBeNull();
    // 2025年3月底前完成，长期坚持: expected until the first deadline, long-term after it.
    const phased = task({ kind: 'phased', ongoing: true, dueDate: '2025-03-31' });
    expect(expectedPercent(phased, '2025-01-01', '2025-02-14')).toBe(49.4);
    expect(isLongTerm(phased, '2025-04-01')).toBe(true);
    expect(expectedPercent(phased, '2025-01-01', '2025-04-01')).toBeNull();
  });

  it('stays between 0 and 100 and rises with the day, for any dates (property)', () => {
    const r = seededRandom(2025);
    const day = (n: number) => new Date(n * 86_400_000).toISOString().slice(0, 10);
    const base = dayNumber('2023-01-01');
    for (let i = 0; i < 500; i++) {
      const s = base + Math.floor(r() * 1500);
      const due = s + Math.floor(r() * 800) - 100;
      const ms = Array.from({ length: Math.floor(r() * 3) }, () => ({ date: day(s + Math.floor(r() * 900)), percent: Math.floor(r() * 120) - 10 }));
      const t = task({ startDate: day(s), dueDate: day(due), milestones: ms });
      const a = base + Math.floor(r() * 2500);
      const p1 = expectedPercent(t, null, day(a))!;
      const p2 = expectedPercent(t, null, day(a + 1 + Math.floor(r() * 30)))!;
      expect(p1).toBeGreaterThanOrEqual(0);
      expect(p1).toBeLessThanOrEqual(100);
      expect(p2).toBeGreaterThanOrEqual(p1);
      if (a >= due) expect(p1).toBe(100);
    }
  });
});

describe('late reports', () => {
  const dues = [
    { dueDate: '2025-03-25', submittedOn: '2025-03-20' },
    { dueDate: '2025-04-25', submittedOn: '2025-04-28' },
    { dueDate: '2025-05-25', submittedOn: null },
  ];
  it('counts the latest late reports in a row, a missing one once its day has passed', () => {
    expect(lateReportStreak(dues, '2025-05-25')).toBe(1);
    expect(lateReportStreak(dues, '2025-05-26')).toBe(2);
    expect(lateReportStreak(dues, '2025-04-25')).toBe(0);
    expect(lateReportStreak([...dues, { dueDate: '2025-06-25', submittedOn: '2025-06-25' }], '2025-07-01')).toBe(0);
    expect(lateReportStreak([], '2025-07-01')).toBe(0);
  });
});

describe('class and warning', () => {
  const asOf = '2025-07-02'; // expected 50%
  it('is on track within 5 points either way, exactly 5 included', () => {
    for (const actual of [45, 50, 55]) {
      const s = classify(task(), facts(actual), asOf);
      expect([actual, s.class, s.warning]).toEqual([actual, 'on_track', null]);
    }
    expect(classify(task(), facts(50), asOf).reason.zh).toBe('截至2025年7月2日应完成50%，实际完成50%，与序时进度持平');
  });

  it('is ahead above 5 points, behind (yellow) below 5 points', () => {
    expect(classify(task(), facts(55.1), asOf)).toMatchObject({ class: 'ahead', warning: null });
    const behind = classify(task(), facts(44.9), asOf);
    expect(behind).toMatchObject({ class: 'behind', warning: 'yellow' });
    expect(behind.reason.zh).toContain('落后5.1个百分点');
  });

  it('counts no report as nothing done', () => {
    const s = classify(task(), facts(null), asOf);
    expect(s).toMatchObject({ expected: 50, actual: null, class: 'behind', warning: 'yellow' });
    expect(s.reason.zh).toBe('截至2025年7月2日应完成50%，尚无已采纳的进度，落后50个百分点');
    // before the start nothing is owed
    expect(classify(task(), facts(null), '2024-12-01')).toMatchObject({ expected: 0, class: 'on_track', warning: null });
  });

  it('is done when closed, whatever the percent', () => {
    const s = classify(task({ closedOn: '2025-05-10' }), facts(80, 3), asOf);
    expect(s).toMatchObject({ class: 'done', warning: null, reason: { zh: '已于2025年5月10日办结', en: 'Closed on 2025-05-10' } });
    // closed later than the day asked about: not yet done on that day
    expect(classify(task({ closedOn: '2025-08-01' }), facts(80), asOf).class).toBe('ahead');
  });

  it('is overdue and red once the deadline has passed', () => {
    const s = classify(task({ dueDate: '2025-06-30' }), facts(90), asOf);
    expect(s).toMatchObject({ class: 'overdue', warning: 'red', expected: 100 });
    expect(s.reason.zh).toBe('完成时限2025年6月30日已过2天，尚未办结，实际完成90%');
    // on the deadline itself it is not yet overdue: 0 days left, blue
    expect(classify(task({ dueDate: '2025-07-02' }), facts(100), asOf)).toMatchObject({ class: 'on_track', warning: 'blue' });
  });

  it('is behind after a late report: yellow after one, red after two in a row', () => {
    expect(classify(task(), facts(50, 1), asOf)).toMatchObject({ class: 'behind', warning: 'yellow' });
    const red = classify(task(), facts(50, 2), asOf);
    expect(red).toMatchObject({ class: 'behind', warning: 'red' });
    expect(red.reason.zh).toContain('连续2期报告逾期未报或迟报');
    // ahead stays ahead (the order), but the late report still warns
    expect(classify(task(), facts(70, 1), asOf)).toMatchObject({ class: 'ahead', warning: 'yellow' });
  });

  it('is blue within 15 days of the deadline, not at 16', () => {
    const near = classify(task({ dueDate: '2025-07-17' }), facts(97), asOf);
    expect(near).toMatchObject({ class: 'on_track', warning: 'blue' });
    expect(near.reason.zh).toContain('距完成时限2025年7月17日还有15天');
    expect(classify(task({ dueDate: '2025-07-18' }), facts(97), asOf).warning).toBeNull();
    // yellow outranks blue
    expect(classify(task({ dueDate: '2025-07-10' }), facts(10), asOf).warning).toBe('yellow');
  });

  it('judges long-term tasks by their reports only', () => {
    const lt = task({ kind: 'ongoing', ongoing: true, dueDate: null });
    const ok = classify(lt, facts(30), asOf);
    expect(ok).toMatchObject({ expected: null, actual: 30, class: 'on_track', warning: null });
    expect(ok.reason.zh).toBe('长期或定期任务，按是否按时报送评价；报告均按时报送');
    expect(classify(lt, facts(null, 1), asOf)).toMatchObject({ class: 'behind', warning: 'yellow' });
    expect(classify(lt, facts(null, 2), asOf)).toMatchObject({ class: 'behind', warning: 'red' });
    // never overdue once its first deadline is behind it
    expect(classify(task({ kind: 'phased', ongoing: true, dueDate: '2025-03-31' }), facts(null), asOf).class).toBe('on_track');
  });

  it('follows a plan that changed the numbers', () => {
    const rule = { ...DEFAULT_RULE, behindPoints: 10, blueDays: 30, redLateReports: 3 };
    expect(classify(task(), facts(42), asOf, rule).class).toBe('on_track');
    expect(classify(task({ dueDate: '2025-07-30' }), facts(97), asOf, rule).warning).toBe('blue');
    expect(classify(task(), facts(50, 2), asOf, rule).warning).toBe('yellow');
  });
});

describe('report due dates', () => {
  it('falls on the due day of each period’s last month, after the start and up to the day', () => {
    expect(reportDueDates(1, 25, '2025-03-10', '2025-06-30')).toEqual(['2025-03-25', '2025-04-25', '2025-05-25', '2025-06-25']);
    expect(reportDueDates(1, 25, '2025-03-25', '2025-05-25')).toEqual(['2025-04-25', '2025-05-25']);
    expect(reportDueDates(3, 25, '2024-11-01', '2025-12-31')).toEqual(['2024-12-25', '2025-03-25', '2025-06-25', '2025-09-25', '2025-12-25']);
    expect(reportDueDates(12, 20, '2024-01-01', '2025-12-31')).toEqual(['2024-12-20', '2025-12-20']);
    expect(reportDueDates(0, 25, '2024-01-01', '2025-12-31')).toEqual([]);
    expect(reportDueDates(1, 25, '2025-06-30', '2025-06-01')).toEqual([]);
  });
  it('names the first day of the period a due day closes', () => {
    expect(periodStart(3, '2025-06-25')).toBe('2025-04-01');
    expect(periodStart(1, '2025-01-25')).toBe('2025-01-01');
    expect(periodStart(12, '2025-12-25')).toBe('2025-01-01');
  });
});
