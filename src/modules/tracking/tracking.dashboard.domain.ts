import { PROGRESS_CLASSES, WARNING_LEVELS, type ProgressClass, type WarningLevel } from './tracking.progress.domain.ts';

/** Tasks counted by class and by warning ('none' for those without one). */
export interface Tally {
  total: number;
  classes: Record<ProgressClass, number>;
  warnings: Record<WarningLevel | 'none', number>;
}

/** One bar of the dashboard: a part, a lead leader or a lead unit, with its tally. */
export interface DashboardGroup extends Tally {
  key: string;
  label: string;
}

/** A tally with every class and warning at zero. */
export function emptyTally(): Tally {
  return {
    total: 0,
    classes: Object.fromEntries(PROGRESS_CLASSES.map((c) => [c, 0])) as Tally['classes'],
    warnings: Object.fromEntries([...WARNING_LEVELS, 'none'].map((w) => [w, 0])) as Tally['warnings'],
  };
}

/** Adds n tasks of one class and warning to a tally. */
function add(t: Tally, cls: ProgressClass, warning: WarningLevel | null, n: number): void {
  t.total += n;
  t.classes[cls] += n;
  t.warnings[warning ?? 'none'] += n;
}

/** Sums counts by class and warning into one tally. */
export function tally(rows: readonly { class: ProgressClass; warning: WarningLevel | null; n: number }[]): Tally {
  const t = emptyTally();
  for (const r of rows) add(t, r.class, r.warning, r.n);
  return t;
}

/**
 * Folds counts by (group, class, warning) into one tally per group, the groups with most red tasks first, then most
 * yellow, then most tasks, then by label — so what needs attention leads.
 * @example groupTallies([{ key: 'u1', label: '市发改委', class: 'behind', warning: 'yellow', n: 2 }])[0].warnings.yellow // 2
 */
export function groupTallies(rows: readonly { key: string; label: string; class: ProgressClass; warning: WarningLevel | null; n: number }[]): DashboardGroup[] {
  const groups = new Map<string, DashboardGroup>();
  for (const r of rows) {
    let g = groups.get(r.key);
    if (!g) groups.set(r.key, (g = { key: r.key, label: r.label, ...emptyTally() }));
    add(g, r.class, r.warning, r.n);
  }
  return sortGroups([...groups.values()]);
}

const collator = new Intl.Collator('zh-CN');

/** Groups with most red tasks first, then most yellow, then most tasks, then by label, then by key. */
export function sortGroups(groups: DashboardGroup[]): DashboardGroup[] {
  return groups.sort(
    (a, b) =>
      b.warnings.red - a.warnings.red ||
      b.warnings.yellow - a.warnings.yellow ||
      b.total - a.total ||
      collator.compare(a.label, b.label) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** One month of the completion trend: how the tasks stood at its end (or on the day asked, for the current month). */
export interface TrendPoint {
  /** YYYY-MM. */
  month: string;
  /** The day the tasks were judged on: the month's last day, or the day asked within the last month. */
  date: string;
  tasks: number;
  /** Tasks done (办结), on track or ahead on that day. */
  good: number;
  /** good / tasks, in percent (one decimal), or null without tasks. */
  goodShare: number | null;
  /** The average latest accepted percent of the tasks that had one by then, or null when none had. */
  averagePercent: number | null;
}

const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/**
 * The days a trend is judged on: the last day of each month from `from`'s month to `to`'s, `to` itself for its own
 * month; at most `max` months (the latest).
 * @example trendDays('2025-01-15', '2025-03-10') // ['2025-01-31', '2025-02-28', '2025-03-10']
 */
export function trendDays(from: string, to: string, max = 36): string[] {
  if (from > to) return [to];
  const days: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const end = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    days.push(month === end ? to : lastDayOf(month));
    if (month >= end) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return days.slice(-max);
}

/**
 * A trend point from the tasks' standings on its day.
 * @example trendPoint('2025-06-30', [{ class: 'on_track', actual: 40 }, { class: 'behind', actual: null }]) // { goodShare: 50, averagePercent: 40, … }
 */
export function trendPoint(date: string, standings: readonly { class: ProgressClass; actual: number | null }[]): TrendPoint {
  const good = standings.filter((s) => s.class === 'done' || s.class === 'on_track' || s.class === 'ahead').length;
  const percents = standings.map((s) => s.actual).filter((p): p is number => p !== null);
  const round1 = (n: number) => Math.round(n * 10) / 10;
  return {
    month: date.slice(0, 7),
    date,
    tasks: standings.length,
    good,
    goodShare: standings.length ? round1((100 * good) / standings.length) : null,
    averagePercent: percents.length ? round1(percents.reduce((a, b) => a + b, 0) / percents.length) : null,
  };
}
