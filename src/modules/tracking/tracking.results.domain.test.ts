import { describe, expect, it } from 'vitest';
import { overdueIn, resultsRecord, type ResultTask } from './tracking.results.domain.ts';

const A = { key: 'a', name: '市发展改革委' };
const B = { key: 'b', name: '市财政局' };
const L = { key: 'l', name: '张三' };
const task = (id: string, dueDate: string | null, closedOn: string | null, more: Partial<ResultTask> = {}): ResultTask => ({
  id,
  startOn: '2025-06-01',
  dueDate,
  closedOn,
  leadUnits: [A],
  supportUnits: [],
  leaders: [],
  deadlineChangesOn: [],
  ...more,
});
const H1 = { from: '2026-01-01', to: '2026-06-30' };

describe('the results record (实绩档案)', () => {
  const tasks = [
    task('t1', '2026-03-31', '2026-03-20', { supportUnits: [B], leaders: [L] }), // closed on time
    task('t2', '2026-04-30', '2026-05-10', { supportUnits: [B], deadlineChangesOn: ['2026-04-01', '2025-11-01'] }), // closed late
    task('t3', '2026-05-31', null, { leaders: [L] }), // open past its deadline
    task('t4', null, null), // long-term, open
    task('t5', '2025-12-31', '2025-12-01'), // done before the period: not in it
    task('t6', '2026-02-01', '2025-12-20'), // due in the period, closed early before it
    task('t7', '2026-09-30', null, { startOn: '2026-07-15' }), // its plan takes effect after the period
  ];

  it('counts what each lead unit led, closed on time or late, and let run overdue in the period', () => {
    const [a, b] = resultsRecord(tasks, H1, 'unit');
    expect(a).toMatchObject({ key: 'a', led: 4, supported: 0, closedOnTime: 1, closedLate: 1, overdue: 2, deadlineChanges: 1, dueInPeriod: 4, onTimeRate: 50 });
    // A supporting unit is listed with what it supported, and nothing led.
    expect(b).toMatchObject({ key: 'b', led: 0, supported: 2, closedOnTime: 0, onTimeRate: null });
  });

  it('rows per leader count the tasks each leads, and units do not appear', () => {
    const rows = resultsRecord(tasks, H1, 'leader');
    expect(rows.map((r) => r.key)).toEqual(['l']);
    expect(rows[0]).toMatchObject({ led: 2, closedOnTime: 1, overdue: 1, supported: 0, onTimeRate: 50 });
  });

  it('a later period sees the open overdue task and the long-term one only', () => {
    const [a] = resultsRecord(tasks, { from: '2026-07-01', to: '2026-12-31' }, 'unit');
    expect(a).toMatchObject({ led: 3, closedOnTime: 0, closedLate: 0, overdue: 2, dueInPeriod: 1, onTimeRate: 0 });
  });

  it('counts a task closed early in the period, its deadline after it, as closed on time in the rate too (not "—")', () => {
    const early = [task('e1', '2027-03-31', '2026-05-15'), task('e2', null, '2026-06-01')];
    const [a] = resultsRecord(early, H1, 'unit');
    expect(a).toMatchObject({ closedOnTime: 2, dueInPeriod: 0, onTimeRate: 100 });
    // Beside a task due in the period and still open, the rate is two of three.
    const [b] = resultsRecord([...early, task('e3', '2026-06-30', null)], H1, 'unit');
    expect(b).toMatchObject({ closedOnTime: 2, dueInPeriod: 1, onTimeRate: 66.7 });
    // A task due before the period and closed late in it lowers the rate.
    const [c] = resultsRecord([task('e4', '2025-12-31', '2026-02-01')], H1, 'unit');
    expect(c).toMatchObject({ closedLate: 1, dueInPeriod: 0, onTimeRate: 0 });
  });

  it('adds projects and escalations by the same keys, and lists someone who only has those when named', () => {
    const extras = new Map([
      ['a', { projectsSigned: 2, amountSigned: 1500.255, projectsLanded: 1, amountLanded: 800, escalations: 1 }],
      ['c', { name: '市商务局', projectsSigned: 1, amountSigned: 300 }],
      ['ghost', { escalations: 3 }],
    ]);
    const rows = resultsRecord(tasks, H1, 'unit', extras);
    expect(rows.find((r) => r.key === 'a')).toMatchObject({ projectsSigned: 2, amountSigned: 1500.26, projectsLanded: 1, amountLanded: 800, escalations: 1 });
    expect(rows.find((r) => r.key === 'c')).toMatchObject({ name: '市商务局', led: 0, projectsSigned: 1, amountSigned: 300 });
    expect(rows.some((r) => r.key === 'ghost')).toBe(false);
  });

  it('orders the busiest first, then by name in pinyin order', () => {
    const x = { key: 'x', name: '市住房城乡建设委' };
    const y = { key: 'y', name: '市交通委' };
    const rows = resultsRecord([task('1', null, null, { leadUnits: [x] }), task('2', null, null, { leadUnits: [y] })], H1, 'unit');
    expect(rows.map((r) => r.name)).toEqual(['市交通委', '市住房城乡建设委']);
  });

  it('a task is overdue from the day after its deadline until the day it closes', () => {
    const t = task('t', '2026-06-30', '2026-07-01');
    expect(overdueIn(t, H1)).toBe(false);
    expect(overdueIn(t, { from: '2026-07-01', to: '2026-07-01' })).toBe(true);
    expect(overdueIn(task('t', '2026-06-30', '2026-06-30'), { from: '2026-01-01', to: '2026-12-31' })).toBe(false);
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => resultsRecord(tasks, { from: '2026-07-01', to: '2026-06-30' }, 'unit')).toThrow(/2026-07-01/);
  });
});
