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
  const collator = new Intl.Collator('zh-CN');
  return [...groups.values()].sort(
    (a, b) => b.warnings.red - a.warnings.red || b.warnings.yellow - a.warnings.yellow || b.total - a.total || collator.compare(a.label, b.label),
  );
}
