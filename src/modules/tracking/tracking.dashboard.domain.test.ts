import { describe, expect, it } from 'vitest';
import { groupTallies, tally, trendDays, trendPoint } from './tracking.dashboard.domain.ts';

describe('dashboard tallies', () => {
  it('sums classes and warnings, none counted apart', () => {
    const t = tally([
      { class: 'behind', warning: 'yellow', n: 2 },
      { class: 'overdue', warning: 'red', n: 1 },
      { class: 'on_track', warning: null, n: 3 },
      { class: 'on_track', warning: 'blue', n: 1 },
    ]);
    expect(t).toEqual({
      total: 7,
      classes: { overdue: 1, behind: 2, on_track: 4, ahead: 0, done: 0 },
      warnings: { red: 1, yellow: 2, blue: 1, none: 3 },
    });
  });

  it('puts the groups with most red, then most yellow tasks first', () => {
    const groups = groupTallies([
      { key: 'a', label: '市发改委', class: 'on_track', warning: null, n: 9 },
      { key: 'b', label: '市工信局', class: 'behind', warning: 'yellow', n: 2 },
      { key: 'c', label: '市商务局', class: 'overdue', warning: 'red', n: 1 },
      { key: 'b', label: '市工信局', class: 'ahead', warning: null, n: 1 },
      { key: 'd', label: '市科技局', class: 'behind', warning: 'yellow', n: 1 },
    ]);
    expect(groups.map((g) => [g.label, g.total])).toEqual([
      ['市商务局', 1],
      ['市工信局', 3],
      ['市科技局', 1],
      ['市发改委', 9],
    ]);
  });
});

describe('the completion trend', () => {
  it('judges each month at its end, the current month on the day asked, across a year’s turn and a leap February', () => {
    expect(trendDays('2023-11-10', '2024-03-05')).toEqual(['2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29', '2024-03-05']);
    expect(trendDays('2025-03-01', '2025-03-01')).toEqual(['2025-03-01']);
    // A plan taking effect later than the day asked still gives that day.
    expect(trendDays('2025-09-01', '2025-03-01')).toEqual(['2025-03-01']);
    expect(trendDays('2020-01-01', '2025-06-30', 3)).toEqual(['2025-04-30', '2025-05-31', '2025-06-30']);
  });

  it('counts done, on track and ahead as good, and averages only the percents known', () => {
    expect(
      trendPoint('2025-06-30', [
        { class: 'done', actual: 100 },
        { class: 'ahead', actual: 60 },
        { class: 'behind', actual: null },
      ]),
    ).toEqual({ month: '2025-06', date: '2025-06-30', tasks: 3, good: 2, goodShare: 66.7, averagePercent: 80 });
    expect(trendPoint('2025-06-30', [])).toMatchObject({ tasks: 0, goodShare: null, averagePercent: null });
  });
});
