import { requireAbility } from '../../lib/abilities.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { groupTallies, tally, trendDays, trendPoint, type DashboardGroup, type Tally, type TrendPoint } from './tracking.dashboard.domain.ts';
import * as repo from './tracking.dashboard.repo.ts';
import type { DashboardFilter } from './tracking.dashboard.repo.ts';
import type { ProgressClass, ProgressRule, WarningLevel } from './tracking.progress.domain.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import { checkDay, localDay, planStandingsOn, refreshPlanProgress, ruleOf } from './tracking.progress.service.ts';
import { findPlanForProgress } from './tracking.progress.repo.ts';

export type { DashboardFilter } from './tracking.dashboard.repo.ts';

/** The plan dashboard: tallies by class and warning, overall and by part, lead leader and lead unit. */
export interface PlanDashboard {
  plan: { id: string; title: string; status: string; issuedDate: string | null };
  /** The day the standings were computed for. */
  asOf: string;
  rule: ProgressRule;
  filter: DashboardFilter;
  totals: Tally;
  /** Reports the tasks owed by asOf (the lead unit's, per the plan's cycle) and how many came on time. */
  reports: { due: number; onTime: number };
  byPart: DashboardGroup[];
  byLeader: DashboardGroup[];
  byUnit: DashboardGroup[];
  /** By the lead unit's region. */
  byRegion: DashboardGroup[];
}

/**
 * The plan and its stored standings, brought up to date first when some task has none for the day (the daily job
 * normally does this; a plan read first thing need not wait for it). `asOf` defaults to today.
 */
export async function readyPlan(ctx: ServiceContext, planId: string, asOf?: string) {
  await visiblePlanOr404(ctx, planId);
  requireAbility(progressPolicy.progress.read, ctx.actor, undefined, 'read progress');
  const plan = (await findPlanForProgress(ctx.db, planId))!;
  const day = asOf ? checkDay(asOf, 'asOf') : localDay();
  const state = await repo.storedState(ctx.db, plan.region_code, plan.id);
  if (state.tasks > 0 && (state.stored < state.tasks || state.oldest !== day || state.newest !== day)) {
    await inTransaction(ctx, (trx) => refreshPlanProgress(trx, plan.id, day));
  }
  return { plan, asOf: day };
}

/** Checks the dates of a filter, naming the field at fault. */
function checkFilter(f: DashboardFilter): DashboardFilter {
  if (f.dueFrom) checkDay(f.dueFrom, 'dueFrom');
  if (f.dueTo) checkDay(f.dueTo, 'dueTo');
  return f;
}

/**
 * A plan's dashboard from the stored standings, narrowed by the filter; for whoever may read the plan.
 * @example (await planDashboard(ctx, planId, { unit: unitId })).totals.warnings.red
 */
export async function planDashboard(ctx: ServiceContext, planId: string, filter: DashboardFilter = {}, opts: { asOf?: string } = {}): Promise<PlanDashboard> {
  const f = checkFilter(filter);
  const { plan, asOf } = await readyPlan(ctx, planId, opts.asOf);
  const counts = await repo.dashboardCounts(ctx.db, plan.region_code, plan.id, f);
  return {
    plan: { id: plan.id, title: plan.title, status: plan.status, issuedDate: plan.issued_date ?? plan.issued_on ?? null },
    asOf,
    rule: ruleOf(plan),
    filter: f,
    totals: tally(counts.total),
    reports: counts.reports,
    byPart: groupTallies(counts.parts),
    byLeader: groupTallies(counts.leaders),
    byUnit: groupTallies(counts.units),
    byRegion: groupTallies(counts.regions),
  };
}

/** One task behind a dashboard number. */
export interface DashboardTask {
  id: string;
  number: string;
  title: string;
  part: string;
  kind: string;
  deadlineText: string;
  dueDate: string | null;
  leaders: { key: string; name: string }[];
  leadUnit: { key: string; name: string } | null;
  asOf: string;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  lateReports: number;
  reason: { zh: string; en: string };
}

/**
 * The tasks behind a number of the dashboard (the same filter, plus a class or warning): red and yellow first.
 * @example (await dashboardTasks(ctx, planId, { warning: 'red' })).tasks.map((t) => t.number)
 */
export async function dashboardTasks(
  ctx: ServiceContext,
  planId: string,
  filter: DashboardFilter = {},
  page: { limit?: number; offset?: number; asOf?: string } = {},
): Promise<{ total: number; tasks: DashboardTask[] }> {
  const f = checkFilter(filter);
  const { plan } = await readyPlan(ctx, planId, page.asOf);
  const r = await repo.dashboardTasks(ctx.db, plan.region_code, plan.id, f, { limit: page.limit ?? 200, offset: page.offset ?? 0 });
  return {
    total: r.total,
    tasks: r.rows.map((t) => {
      const unit = r.units.find((u) => u.task_id === t.id);
      return {
        id: t.id,
        number: t.seq || String(t.position + 1),
        title: t.title,
        part: t.part,
        kind: t.task_kind,
        deadlineText: t.deadline_text,
        dueDate: t.due_date,
        leaders: r.leaders.filter((l) => l.task_id === t.id).map((l) => ({ key: l.person_id ?? l.raw_name, name: l.name ?? l.raw_name })),
        leadUnit: unit ? { key: unit.unit_id ?? unit.raw_name, name: unit.short_name || unit.name || unit.raw_name } : null,
        asOf: t.as_of,
        expected: t.expected === null ? null : Number(t.expected),
        actual: t.actual === null ? null : Number(t.actual),
        class: t.class,
        warning: t.warning,
        lateReports: t.late_reports,
        reason: { zh: t.reason_zh, en: t.reason_en },
      };
    }),
  };
}

/**
 * The completion trend (完成趋势) of the tasks the filter keeps: for each month since the plan took effect (the last 36
 * at most), the share of tasks done, on track or ahead and the average accepted percent at the month's end (today for
 * the current month), judged from the report history by the plan's rule.
 * @example (await planTrend(ctx, planId, { region: '120116' })).points.at(-1)?.goodShare
 */
export async function planTrend(ctx: ServiceContext, planId: string, filter: DashboardFilter = {}, opts: { asOf?: string } = {}): Promise<{ asOf: string; points: TrendPoint[] }> {
  const f = checkFilter(filter);
  const { plan, asOf } = await readyPlan(ctx, planId, opts.asOf);
  const ids = await repo.filteredTaskIds(ctx.db, plan.region_code, plan.id, f);
  const from = plan.issued_date ?? plan.issued_on ?? asOf;
  const days = trendDays(from, asOf);
  if (ids.length === 0) return { asOf, points: days.map((d) => trendPoint(d, [])) };
  const judged = await planStandingsOn(ctx.db, plan.id, days, ids);
  return { asOf, points: judged.map((j) => trendPoint(j.date, j.standings)) };
}
