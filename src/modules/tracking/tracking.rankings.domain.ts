/**
 * Rankings (通报) of units, weighted by workload: units with more and longer tasks are treated fairly. Pure rules.
 *
 * A task weighs its length in months from the start of expected progress to its deadline (at least 1, at most
 * {@link MAX_MONTHS}; a long-term task without a deadline weighs {@link LONG_TERM_MONTHS}); the lead unit carries it
 * fully, each supporting unit by {@link CO_FACTOR}. A unit's shares are weighted by it, so one short task going wrong
 * does not weigh as much as a long one.
 */
import { daysBetween, type ProgressClass } from './tracking.progress.domain.ts';

export const MAX_MONTHS = 36;
export const LONG_TERM_MONTHS = 12;
export const CO_FACTOR = 0.5;

/** How the ranking is explained beside the table. */
export const WEIGHTING = {
  zh: `权重按工作量计：每项任务按时长（月数，自序时进度起点至完成时限，最少1个月、最多${MAX_MONTHS}个月；长期任务按${LONG_TERM_MONTHS}个月）计，牵头单位计全额，配合单位计${CO_FACTOR * 100}%。按时报送率、达进度率按权重加权，办结数按权重累计。`,
  en: `Weighted by workload: each task weighs its length in months from the start of expected progress to its deadline (1 to ${MAX_MONTHS}; a long-term task ${LONG_TERM_MONTHS}); the lead unit carries it fully, a supporting unit ${CO_FACTOR * 100}%. On-time reporting and the share on track are weighted shares; closures are summed by weight.`,
};

/** What a ranking is by. */
export type RankBy = 'onTime' | 'onTrack' | 'closures';

/**
 * A task's weight in months (before the role factor).
 * @example taskMonths('2025-01-01', '2025-12-31') // 12
 */
export function taskMonths(start: string | null, due: string | null): number {
  if (start === null || due === null) return LONG_TERM_MONTHS;
  const months = Math.round((daysBetween(start, due) / 365.25) * 12);
  return Math.min(MAX_MONTHS, Math.max(1, months));
}

/** One unit's part in one task. */
export interface UnitTask {
  unitKey: string;
  unitName: string;
  role: 'lead' | 'co';
  /** The task's months (see {@link taskMonths}). */
  months: number;
  class: ProgressClass;
  reportsDue: number;
  reportsOnTime: number;
}

/** One row of the ranking. */
export interface UnitRanking {
  rank: number;
  unitKey: string;
  unitName: string;
  leads: number;
  supports: number;
  /** Σ weight of its tasks. */
  workload: number;
  /** Weighted share of reports on time (0–100), or null when none was due. */
  onTimeRate: number | null;
  /** Weighted share of its tasks ahead, on track or done (0–100). */
  onTrackRate: number | null;
  /** Closed tasks (办结), and their summed weight. */
  closures: number;
  closureWeight: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const GOOD = new Set<ProgressClass>(['ahead', 'on_track', 'done']);

/**
 * Ranks units by on-time reporting, by the share of tasks on track or ahead, or by accepted closures, each weighted
 * by workload; ties keep the same rank, and a unit with nothing to rate comes last.
 * @example rankUnits(rows, 'onTrack')[0].unitName
 */
export function rankUnits(rows: readonly UnitTask[], by: RankBy): UnitRanking[] {
  const units = new Map<string, { name: string; leads: number; supports: number; w: number; dueW: number; onTimeW: number; goodW: number; closures: number; closureW: number }>();
  for (const r of rows) {
    const u = units.get(r.unitKey) ?? { name: r.unitName, leads: 0, supports: 0, w: 0, dueW: 0, onTimeW: 0, goodW: 0, closures: 0, closureW: 0 };
    const w = r.months * (r.role === 'lead' ? 1 : CO_FACTOR);
    if (r.role === 'lead') u.leads++;
    else u.supports++;
    u.w += w;
    // Reporting is the lead unit's duty; each report due weighs the task's weight.
    if (r.role === 'lead' && r.reportsDue > 0) {
      u.dueW += w;
      u.onTimeW += (w * r.reportsOnTime) / r.reportsDue;
    }
    if (GOOD.has(r.class)) u.goodW += w;
    if (r.class === 'done' && r.role === 'lead') {
      u.closures++;
      u.closureW += w;
    }
    units.set(r.unitKey, u);
  }
  const list = [...units.entries()].map(([unitKey, u]) => ({
    rank: 0,
    unitKey,
    unitName: u.name,
    leads: u.leads,
    supports: u.supports,
    workload: round1(u.w),
    onTimeRate: u.dueW > 0 ? round1((100 * u.onTimeW) / u.dueW) : null,
    onTrackRate: u.w > 0 ? round1((100 * u.goodW) / u.w) : null,
    closures: u.closures,
    closureWeight: round1(u.closureW),
  }));
  const score = (r: UnitRanking): number => (by === 'onTime' ? (r.onTimeRate ?? -1) : by === 'onTrack' ? (r.onTrackRate ?? -1) : r.closureWeight);
  const collator = new Intl.Collator('zh-CN');
  list.sort((a, b) => score(b) - score(a) || b.workload - a.workload || collator.compare(a.unitName, b.unitName));
  list.forEach((r, i) => {
    r.rank = i > 0 && score(list[i - 1]) === score(r) ? list[i - 1].rank : i + 1;
  });
  return list;
}
