import { chinaDay } from '../../lib/calendar-date.ts';

/** How often units report on a plan's tasks (plans.report_cycle). */
export type ReportCycle = 'monthly' | 'quarterly' | 'per_task';

/** How often one task is reported on. */
export type TaskCycle = 'monthly' | 'quarterly' | 'half_yearly' | 'yearly';

/** One reporting period: its key (2025-06, 2025-Q2, 2025-H1, 2025), its first and last day, and when its report is due. */
export interface Period {
  key: string;
  start: string;
  end: string;
  due: string;
  cycle: TaskCycle;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const MONTHS: Record<TaskCycle, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

/**
 * The cycle a task is reported on: the plan's, or under `per_task` the task's own recurrence (monthly when it has none).
 * @example taskCycle('per_task', 'quarterly') // 'quarterly'
 */
export function taskCycle(planCycle: ReportCycle, recurrence: string | null): TaskCycle {
  if (planCycle === 'monthly' || planCycle === 'quarterly') return planCycle;
  return recurrence === 'quarterly' || recurrence === 'half_yearly' || recurrence === 'yearly' ? recurrence : 'monthly';
}

/**
 * The period of a cycle that holds a date (YYYY-MM-DD); its report is due on `dueDay` of the period's last month.
 * @example periodOf('monthly', '2025-06-10', 25) // { key: '2025-06', start: '2025-06-01', end: '2025-06-30', due: '2025-06-25' }
 */
export function periodOf(cycle: TaskCycle, date: string, dueDay = 25): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const span = MONTHS[cycle];
  const first = Math.floor((m - 1) / span) * span + 1;
  const last = first + span - 1;
  const key = cycle === 'monthly' ? `${y}-${pad(m)}` : cycle === 'quarterly' ? `${y}-Q${(first + 2) / 3}` : cycle === 'half_yearly' ? `${y}-H${first === 1 ? 1 : 2}` : `${y}`;
  return { key, start: iso(y, first, 1), end: iso(y, last, lastDay(y, last)), due: iso(y, last, Math.min(dueDay, lastDay(y, last))), cycle };
}

/** The period just before one. */
export function previousPeriod(p: Period, dueDay = 25): Period {
  const y = Number(p.start.slice(0, 4));
  const m = Number(p.start.slice(5, 7)) - 1;
  return periodOf(p.cycle, m === 0 ? iso(y - 1, 12, 1) : iso(y, m, 1), dueDay);
}

/**
 * Reads a period key as written in a form or a hand-kept table: 2025-06, 2025年6月, 2025.6, 2025/06, 2025-Q2,
 * 2025年第二季度, 2025年上半年, 2025年; null when it is none of these.
 */
export function parsePeriodKey(text: string, dueDay = 25): Period | null {
  const s = text.replace(/\s+/g, '').replace(/[－—–／/.．]/g, '-');
  let m = /^(\d{4})(?:-|年)(\d{1,2})月?(?:份)?$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return periodOf('monthly', iso(Number(m[1]), Number(m[2]), 1), dueDay);
  m = /^(\d{4})(?:-?Q|年第?)([1-4一二三四])(?:季度)?$/i.exec(s);
  if (m) {
    const q = '一二三四'.includes(m[2]) ? '一二三四'.indexOf(m[2]) + 1 : Number(m[2]);
    return periodOf('quarterly', iso(Number(m[1]), q * 3, 1), dueDay);
  }
  m = /^(\d{4})(?:-?H|年)([12上下])(?:半年)?$/i.exec(s);
  if (m) return periodOf('half_yearly', iso(Number(m[1]), m[2] === '1' || m[2] === '上' ? 1 : 7, 1), dueDay);
  m = /^(\d{4})年?(?:度)?$/.exec(s);
  if (m) return periodOf('yearly', iso(Number(m[1]), 1, 1), dueDay);
  return null;
}

/**
 * Reads a percent as written: 60, 60%, 60％, 0.6 (a share), 六成 is not read. Null for an empty cell; NaN when unreadable.
 * @example parsePercent('75%') // 75
 */
export function parsePercent(text: string): number | null {
  const s = text.trim().replace(/[％%]$/, '').trim();
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$/.test(s)) return Number.NaN;
  const n = Number(s);
  // A share written as a fraction (0.6) in a cell formatted as a percent.
  return !/[％%]/.test(text) && n > 0 && n < 1 && s.includes('.') ? Math.round(n * 10000) / 100 : n;
}

/** What a unit must still do for one task in the current cycle, as its page lists it. */
export type Obligation = 'due' | 'overdue' | 'returned' | 'submitted' | 'accepted';

/**
 * Where a unit stands on one task for a period, from its report's status (or none) and today's date: a report not
 * yet submitted is 待报 until its due date and overdue after it.
 */
export function obligationOf(status: string | null, due: string, today: string): Obligation {
  if (status === 'returned') return 'returned';
  if (status === 'submitted') return 'submitted';
  if (status === 'accepted') return 'accepted';
  return today > due ? 'overdue' : 'due';
}

/** The period a closing report (办结报告) is stored under: it answers no reporting period. */
export const CLOSING_PERIOD = 'closing';

/**
 * How a report's period reads to people: a reporting period's key as it is (2026-06, 2026-Q2, 2026-H1, 2026), a closing
 * report as 办结报告 with the month (in China) it was submitted, when it was (never the stored key `closing`).
 * @example reportPeriodLabel({ kind: 'closing', period: 'closing', submittedAt: '2026-12-05T02:00:00Z' }) // { zh: '办结报告（2026年12月报送）', en: 'Closing report (submitted 2026-12)' }
 */
export function reportPeriodLabel(r: { kind?: string | null; period: string; submittedAt?: string | Date | null }): { zh: string; en: string } {
  if (r.kind !== 'closing' && r.period !== CLOSING_PERIOD) return { zh: r.period, en: r.period };
  if (!r.submittedAt) return { zh: '办结报告', en: 'Closing report' };
  const month = chinaDay(new Date(r.submittedAt)).slice(0, 7);
  return { zh: `办结报告（${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月报送）`, en: `Closing report (submitted ${month})` };
}
