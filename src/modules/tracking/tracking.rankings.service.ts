import { requireAbility } from '../../lib/abilities.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { planTaskUnits } from './tracking.dashboard.repo.ts';
import { progressStart } from './tracking.progress.domain.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import { checkDay, computePlanStandings } from './tracking.progress.service.ts';
import { rankUnits, taskMonths, WEIGHTING, type RankBy, type UnitRanking, type UnitTask } from './tracking.rankings.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** The rankings (通报) of a plan's units on a day, with the weighting that applies. */
export interface PlanRankings {
  asOf: string;
  by: RankBy;
  weighting: { zh: string; en: string };
  units: UnitRanking[];
}

/**
 * Ranks the units of a plan by on-time reporting, by the share of their tasks on track or ahead, or by accepted
 * closures, weighted by workload (tracking.rankings.domain.ts); for whoever may read the plan.
 * @example (await planRankings(ctx, planId, { by: 'onTrack' })).units[0].unitName
 */
export async function planRankings(ctx: ServiceContext, planId: string, opts: { by?: RankBy; asOf?: string } = {}): Promise<PlanRankings> {
  const asOf = opts.asOf ? checkDay(opts.asOf, 'asOf') : chinaDay();
  await visiblePlanOr404(ctx, planId);
  requireAbility(progressPolicy.progress.read, ctx.actor, undefined, 'read progress');
  const { plan, standings } = await computePlanStandings(ctx.db, planId, asOf);
  const start = plan.issued_date ?? plan.issued_on ?? null;
  const byTask = new Map(standings.map((s) => [s.taskId, s]));
  const rows: UnitTask[] = [];
  for (const u of await planTaskUnits(ctx.db, plan.region_code, plan.id)) {
    const s = byTask.get(u.task_id);
    if (!s) continue;
    const long = s.task.dueDate === null || s.task.kind === 'ongoing';
    rows.push({
      unitKey: u.key,
      unitName: u.name,
      role: u.role,
      months: taskMonths(long ? null : progressStart(s.task, start), long ? null : s.task.dueDate),
      class: s.class,
      reportsDue: s.reportsDue,
      reportsOnTime: s.reportsOnTime,
    });
  }
  const by = opts.by ?? 'onTrack';
  return { asOf, by, weighting: WEIGHTING, units: rankUnits(rows, by) };
}
