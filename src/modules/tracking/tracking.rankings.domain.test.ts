import { describe, expect, it } from 'vitest';
import { rankUnits, taskMonths, type UnitTask } from './tracking.rankings.domain.ts';

const row = (unitKey: string, over: Partial<UnitTask> = {}): UnitTask => ({ unitKey, unitName: unitKey, role: 'lead', months: 12, class: 'on_track', reportsDue: 6, reportsOnTime: 6, ...over });

describe('task weight', () => {
  it('is the length in months, 1 to 36, and 12 for a long-term task', () => {
    expect(taskMonths('2025-01-01', '2025-12-31')).toBe(12);
    expect(taskMonths('2025-01-01', '2025-01-10')).toBe(1);
    expect(taskMonths('2020-01-01', '2030-12-31')).toBe(36);
    expect(taskMonths('2025-01-01', null)).toBe(12);
  });
});

describe('rankings weighted by workload', () => {
  it('lets one short task gone wrong weigh less than a long one on track', () => {
    // A: a 24-month task on track and a 2-month task behind; B: one 12-month task on track and one 12-month behind.
    const rows = [row('A', { months: 24 }), row('A', { months: 2, class: 'behind' }), row('B'), row('B', { class: 'behind' })];
    const r = rankUnits(rows, 'onTrack');
    expect(r.map((u) => [u.rank, u.unitKey, u.onTrackRate, u.workload])).toEqual([
      [1, 'A', 92.3, 26],
      [2, 'B', 50, 24],
    ]);
  });

  it('ranks by on-time reports of the tasks a unit leads, a supporting role counting half in the workload', () => {
    const rows = [row('A', { reportsOnTime: 3 }), row('B', { reportsDue: 4, reportsOnTime: 4 }), row('A', { role: 'co', months: 10 }), row('C', { reportsDue: 0, reportsOnTime: 0 })];
    const r = rankUnits(rows, 'onTime');
    expect(r.map((u) => [u.rank, u.unitKey, u.onTimeRate])).toEqual([
      [1, 'B', 100],
      [2, 'A', 50],
      [3, 'C', null],
    ]);
    expect(r.find((u) => u.unitKey === 'A')).toMatchObject({ leads: 1, supports: 1, workload: 17 });
  });

  it('ranks by closures summed by weight, ties sharing a rank', () => {
    const rows = [row('A', { class: 'done' }), row('B', { class: 'done', months: 6 }), row('B', { class: 'done', months: 6 }), row('C', { class: 'overdue' })];
    expect(rankUnits(rows, 'closures').map((u) => [u.rank, u.unitKey, u.closures, u.closureWeight])).toEqual([
      [1, 'A', 1, 12],
      [1, 'B', 2, 12],
      [3, 'C', 0, 0],
    ]);
  });
});
