import { requireAbility } from '../../lib/abilities.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { groupTallies, sortGroups, tally, trendDays, trendPoint, type DashboardGroup, type Tally, type TrendPoint } from './tracking.dashboard.domain.ts';
import * as repo from './tracking.dashboard.repo.ts';
import type { DashboardFilter } from './tracking.dashboard.repo.ts';
import type { ProgressClass, ProgressRule, WarningLevel } from './tracking.progress.domain.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import { checkDay, planStandingsOn, refreshPlanProgress, ruleOf } from './tracking.progress.service.ts';
import { findPlanForProgress } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

export type { DashboardFilter, UnitSort } from './tracking.dashboard.repo.ts';
export { UNIT_SORTS } from './tracking.dashboard.repo.ts';

/** How many lead units the dashboard itself lists (a province plan has thousands: the rest are paged, dashboardUnits). */
export const TOP_UNITS = 20;

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
  /** The {@link TOP_UNITS} lead units that need attention most (most red, then yellow, then most tasks); every unit: {@link dashboardUnits}. */
  byUnit: DashboardGroup[];
  /** How many lead units there are in all. */
  unitCount: number;
  /** By the lead unit's region. */
  byRegion: DashboardGroup[];
}

/**
 * Whether a plan's stored dashboard counts still hold on a day: no standing written, no task changed and no unit or
 * person changed since.
 */
function summaryHolds(state: repo.SummaryState | undefined, plan: { updated_at: Date | string }, day: string, orgStamp: string): state is repo.SummaryState {
  return (
    state !== undefined &&
    state.summary_org_stamp === orgStamp &&
    state.summary_stamp !== null &&
    Number(state.summary_stamp) === Number(state.stamp) &&
    state.summary_as_of === day &&
    state.summary_plan_updated_at !== null &&
    new Date(state.summary_plan_updated_at).getTime() === new Date(plan.updated_at).getTime()
  );
}

/**
 * The plan and its stored standings, brought up to date first when some task has none for the day (the daily job
 * normally does this; a plan read first thing need not wait for it). `asOf` defaults to today. `summary` is the plan's
 * stored dashboard counts' state when they still hold (then every task has its standing for the day too), else null.
 */
export async function readyPlan(ctx: ServiceContext, planId: string, asOf?: string) {
  await visiblePlanOr404(ctx, planId);
  requireAbility(progressPolicy.progress.read, ctx.actor, undefined, 'read progress');
  const plan = (await findPlanForProgress(ctx.db, planId))!;
  const day = asOf ? checkDay(asOf, 'asOf') : chinaDay();
  const [held, orgStamp] = await Promise.all([repo.summaryState(ctx.db, plan.region_code, plan.id), repo.orgStamp(ctx.db)]);
  if (summaryHolds(held, plan, day, orgStamp)) return { plan, asOf: day, orgStamp, summary: held as repo.SummaryState | null };
  const state = await repo.storedState(ctx.db, plan.region_code, plan.id);
  if (state.tasks > 0 && (state.stored < state.tasks || state.oldest !== day || state.newest !== day)) {
    await inTransaction(ctx, (trx) => refreshPlanProgress(trx, plan.id, day));
  }
  return { plan, asOf: day, orgStamp, summary: null as repo.SummaryState | null };
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
export async function planDashboard(ctx: ServiceContext, planId: string, filter: DashboardFilter = {}, opts: { asOf?: string; topUnits?: number } = {}): Promise<PlanDashboard> {
  const top = opts.topUnits ?? TOP_UNITS;
  const f = checkFilter(filter);
  const { plan, asOf, orgStamp, summary } = await readyPlan(ctx, planId, opts.asOf);
  const head = {
    plan: { id: plan.id, title: plan.title, status: plan.status, issuedDate: plan.issued_date ?? plan.issued_on ?? null },
    asOf,
    rule: ruleOf(plan),
    filter: f,
  };
  const whole = Object.values(f).every((v) => v === undefined);
  if (whole && summary) {
    const [rows, units] = await Promise.all([
      repo.summaryRows(ctx.db, plan.region_code, plan.id, ['total', 'part', 'leader', 'region']),
      repo.summaryUnits(ctx.db, plan.region_code, plan.id, { sort: 'attention', order: 'desc', limit: top, offset: 0 }),
    ]);
    return { ...head, ...fromSummary(summary, rows, units) };
  }
  // The stamp is read before counting: a standing written meanwhile leaves the stored counts behind it, never ahead.
  const stamp = whole ? Number((await repo.summaryState(ctx.db, plan.region_code, plan.id))?.stamp ?? 0) : 0;
  const counts = await repo.dashboardCounts(ctx.db, plan.region_code, plan.id, f);
  const totals = tally(counts.total);
  if (whole) {
    const at = { stamp, planUpdatedAt: plan.updated_at, asOf, orgStamp, tasks: totals.total, reportsDue: counts.reports.due, reportsOnTime: counts.reports.onTime };
    await inTransaction(ctx, (trx) => repo.saveSummary(trx, plan.region_code, plan.id, at, summaryRowsOf(totals, counts)));
  }
  return {
    ...head,
    totals,
    reports: counts.reports,
    byPart: groupTallies(counts.parts),
    byLeader: groupTallies(counts.leaders),
    ...topUnits(groupTallies(counts.units), top),
    byRegion: groupTallies(counts.regions),
  };
}

/** The units the dashboard lists itself, out of every lead unit: as the stored counts' ORDER BY … LIMIT picks them. */
function topUnits(groups: DashboardGroup[], top: number): { byUnit: DashboardGroup[]; unitCount: number } {
  return { byUnit: sortGroups([...groups].sort(repo.compareUnits('attention', 'desc')).slice(0, top)), unitCount: groups.length };
}

/** A stored row of counts as a tally. */
const tallyOf = (r: repo.SummaryRow): Tally => ({
  total: r.total,
  classes: { overdue: r.overdue, behind: r.behind, on_track: r.on_track, ahead: r.ahead, done: r.done },
  warnings: { red: r.red, yellow: r.yellow, blue: r.blue, none: r.no_warning },
});

/** A tally as a stored row of counts. */
const rowOf = (dim: repo.SummaryRow['dim'], key: string, label: string, t: Tally): repo.SummaryRow => ({
  dim,
  key,
  label,
  total: t.total,
  ahead: t.classes.ahead,
  on_track: t.classes.on_track,
  behind: t.classes.behind,
  done: t.classes.done,
  overdue: t.classes.overdue,
  red: t.warnings.red,
  yellow: t.warnings.yellow,
  blue: t.warnings.blue,
  no_warning: t.warnings.none,
});

/** The rows of counts stored for a whole plan's dashboard. */
function summaryRowsOf(totals: Tally, counts: Awaited<ReturnType<typeof repo.dashboardCounts>>): repo.SummaryRow[] {
  const groups = (dim: repo.SummaryRow['dim'], rows: repo.GroupCount[]) => groupTallies(rows).map((g) => rowOf(dim, g.key, g.label, g));
  return [
    rowOf('total', '', '', totals),
    ...groups('part', counts.parts),
    ...groups('leader', counts.leaders),
    ...groups('unit', counts.units),
    ...groups('region', counts.regions),
  ];
}

/** The counts of a whole plan's dashboard from its stored rows. */
function fromSummary(
  state: repo.SummaryState,
  rows: repo.SummaryRow[],
  units: { total: number; rows: repo.SummaryRow[] },
): Pick<PlanDashboard, 'totals' | 'reports' | 'byPart' | 'byLeader' | 'byUnit' | 'unitCount' | 'byRegion'> {
  const groupsOf = (of: repo.SummaryRow[]) => sortGroups(of.map((r) => ({ key: r.key, label: r.label, ...tallyOf(r) })));
  const of = (dim: repo.SummaryRow['dim']) => groupsOf(rows.filter((r) => r.dim === dim));
  const total = rows.find((r) => r.dim === 'total');
  return {
    totals: total ? tallyOf(total) : tally([]),
    reports: { due: state.reports_due, onTime: state.reports_on_time },
    byPart: of('part'),
    byLeader: of('leader'),
    byUnit: groupsOf(units.rows),
    unitCount: units.total,
    byRegion: of('region'),
  };
}

/**
 * Every lead unit of the dashboard (the same filter), a page at a time: those whose name holds `q`, sorted by `sort`
 * ('attention' by default: most red, then yellow, then most tasks; 'name'; or one count), with how many match.
 * @example (await dashboardUnits(ctx, planId, {}, { q: '发改', sort: 'red', limit: 20 })).units[0].warnings.red
 */
export async function dashboardUnits(
  ctx: ServiceContext,
  planId: string,
  filter: DashboardFilter = {},
  page: { q?: string; sort?: repo.UnitSort; order?: 'asc' | 'desc'; limit?: number; offset?: number; asOf?: string } = {},
): Promise<{ asOf: string; total: number; units: DashboardGroup[] }> {
  const f = checkFilter(filter);
  const sort = page.sort ?? 'attention';
  const p: repo.UnitPage = { q: page.q, sort, order: page.order ?? (sort === 'name' ? 'asc' : 'desc'), limit: page.limit ?? 50, offset: page.offset ?? 0 };
  const ready = await readyPlan(ctx, planId, page.asOf);
  const { plan, asOf } = ready;
  if (Object.values(f).every((v) => v === undefined)) {
    // The whole plan's units are its stored counts: counted (and stored) first when they no longer hold.
    if (!ready.summary) await planDashboard(ctx, planId, {}, { asOf });
    const r = await repo.summaryUnits(ctx.db, plan.region_code, plan.id, p);
    return { asOf, total: r.total, units: r.rows.map((u) => ({ key: u.key, label: u.label, ...tallyOf(u) })) };
  }
  const needle = p.q?.trim().toLowerCase();
  const groups = groupTallies(await repo.unitCounts(ctx.db, plan.region_code, plan.id, f)).filter((g) => !needle || g.label.toLowerCase().includes(needle));
  groups.sort(repo.compareUnits(p.sort, p.order));
  return { asOf, total: groups.length, units: groups.slice(p.offset, p.offset + p.limit) };
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
  /** The deadline before an approved change (时限调整); the deadline text is then the old one, as the plan wrote it. */
  originalDueDate: string | null;
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
  const { plan, summary } = await readyPlan(ctx, planId, page.asOf);
  // With the plan's counts stored and no filter but a warning, each warning's tasks are known in number.
  let byWarning: Tally['warnings'] | undefined;
  const { warning, ...rest } = f;
  if (summary && Object.values(rest).every((v) => v === undefined)) {
    const total = (await repo.summaryRows(ctx.db, plan.region_code, plan.id, ['total']))[0];
    if (total) {
      const all = tallyOf(total).warnings;
      byWarning = warning ? { red: 0, yellow: 0, blue: 0, none: 0, [warning]: all[warning] } : all;
    }
  }
  const r = await repo.dashboardTasks(ctx.db, plan.region_code, plan.id, f, { limit: page.limit ?? 200, offset: page.offset ?? 0 }, byWarning);
  return {
    total: r.total,
    tasks: r.rows.map((t) => ({
      id: t.id,
      number: t.seq || String(t.position + 1),
      title: t.title,
      part: t.part,
      kind: t.task_kind,
      deadlineText: t.deadline_text,
      dueDate: t.due_date,
      originalDueDate: t.original_due_date && t.original_due_date !== t.due_date ? t.original_due_date : null,
      leaders: t.leaders,
      leadUnit: t.lead_unit,
      asOf: t.as_of,
      expected: t.expected === null ? null : Number(t.expected),
      actual: t.actual === null ? null : Number(t.actual),
      class: t.class,
      warning: t.warning,
      lateReports: t.late_reports,
      reason: { zh: t.reason_zh, en: t.reason_en },
    })),
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
