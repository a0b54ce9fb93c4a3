import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import type { Db } from '../../server/db.ts';
import { recordAudit } from '../org/index.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import {
  classify,
  dayNumber,
  DEFAULT_RULE,
  nextChange,
  periodStart,
  progressStart,
  reportDueDates,
  type ProgressFacts,
  type ProgressRule,
  type ProgressTask,
  type ReportDue,
  type TaskStanding,
} from './tracking.progress.domain.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import * as repo from './tracking.progress.repo.ts';
import { taskCycle, type TaskCycle } from './tracking.reports.domain.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

const CYCLE_MONTHS: Record<TaskCycle, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

type Q = Db | Tx;
type PlanRow = NonNullable<Awaited<ReturnType<typeof repo.findPlanForProgress>>>;
type Inputs = Awaited<ReturnType<typeof repo.loadProgressInputs>>;
type RuleInputs = Awaited<ReturnType<typeof repo.loadRecomputeInputs>>;

/** Checks a day given by a caller (`--as-of`, `?asOf=`), naming the field when it is not a real day. */
export function checkDay(value: string, field = 'asOf'): string {
  try {
    dayNumber(value);
    return value;
  } catch {
    throw new ValidationError(bilingual(`日期无效：${value}`, `not a valid day (YYYY-MM-DD): ${value}`), [
      { field, message: bilingual('应为 YYYY-MM-DD 格式的日期', 'must be a day as YYYY-MM-DD') },
    ]);
  }
}

/** The rule a plan follows: the numbers its supervisor set, or the default. */
export function ruleOf(plan: Pick<PlanRow, 'ahead_points' | 'behind_points' | 'blue_days' | 'red_late_reports'>): ProgressRule {
  if (plan.ahead_points === null || plan.behind_points === null || plan.blue_days === null || plan.red_late_reports === null) return DEFAULT_RULE;
  return { aheadPoints: Number(plan.ahead_points), behindPoints: Number(plan.behind_points), blueDays: plan.blue_days, redLateReports: plan.red_late_reports };
}

const effectiveDate = (plan: PlanRow): string | null => plan.issued_date ?? plan.issued_on ?? null;

/** A task's standing on asOf, with its number and text, as `luoshi status` and the dashboard show it. */
export interface TaskProgress extends TaskStanding {
  taskId: string;
  number: string;
  text: string;
  /** What the standing was judged on: the task's dates and kind (rankings weigh tasks by them). */
  task: ProgressTask;
  /** Reports due by asOf, and how many of them came on time (rankings count them). */
  reportsDue: number;
  reportsOnTime: number;
  /** The reports owed, each with the day it came (only when asked for: {@link taskReportDues}). */
  dues?: ReportDue[];
}

/** Computes the standings of a plan's tasks (or some of them) on asOf from its tasks, milestones and reports. */
function standings(plan: PlanRow, inputs: Inputs, asOf: string, keepDues = false): TaskProgress[] {
  return judge(plan, inputs, asOf, keepDues, (t, task, dues, c) => ({
    taskId: t.id,
    number: t.seq || String(t.position + 1),
    text: t.title,
    task,
    reportsDue: dues.due,
    reportsOnTime: dues.onTime,
    ...(keepDues ? { dues: dues.list ?? [] } : {}),
    asOf: c.asOf,
    actual: c.actual,
    lateReports: c.lateReports,
    expected: c.expected,
    class: c.class,
    warning: c.warning,
    // In words when first read (see classify).
    get reason() {
      return c.reason;
    },
    stored: c.stored,
  }));
}

/**
 * Judges each task of a plan (or some of them) on asOf from its tasks, milestones and reports: what the task was judged
 * on, the reports it owed and its standing, passed to `make` for what the caller keeps of it.
 */
function judge<T extends RuleInputs['tasks'][number], R>(
  plan: PlanRow,
  inputs: { tasks: readonly T[]; milestones: RuleInputs['milestones']; reports: RuleInputs['reports'] },
  asOf: string,
  keepDues: boolean,
  make: (t: T, task: ProgressTask, dues: OwedReports, standing: TaskStanding, facts: ProgressFacts) => R,
): R[] {
  const rule = ruleOf(plan);
  const planStart = effectiveDate(plan);
  const milestones = new Map<string, { date: string; percent: number }[]>();
  for (const m of inputs.milestones) {
    if (m.due_date === null || m.percent === null) continue;
    const own = milestones.get(m.task_id);
    const point = { date: m.due_date, percent: Number(m.percent) };
    if (own) own.push(point);
    else milestones.set(m.task_id, [point]);
  }
  const reports = new Map<string, repo.ProgressReportSummary>();
  for (const r of inputs.reports) reports.set(r.task_id, r);
  // Most tasks of a plan owe reports on the same days: the due days are worked out once per span.
  const dueDays = new Map<string, DueDays>();
  const none: ProgressTask['milestones'] = [];

  return inputs.tasks.map((t) => {
    const closedOn = t.closed_at ? chinaDay(new Date(t.closed_at)) : null;
    const task: ProgressTask = {
      kind: t.task_kind,
      ongoing: t.ongoing,
      recurrence: t.recurrence,
      startDate: t.start_date,
      dueDate: t.due_date,
      milestones: milestones.get(t.id) ?? none,
      closedOn,
    };
    const own = reports.get(t.id);
    // The latest accepted percent known on asOf (the database picked it: see loadProgressInputs).
    const actual = own?.actual ?? null;
    const dues = reportsDue(plan, task, own?.dues ?? null, asOf, dueDays, keepDues);
    const facts: ProgressFacts = { planEffectiveDate: planStart, actual: actual === null ? null : Number(actual), lateReports: dues.lateStreak };
    return make(t, task, dues, classify(task, facts, asOf, rule), facts);
  });
}

/** The reports a task owed by asOf: how many, how many came on time, how many of the latest in a row were late. */
interface OwedReports {
  due: number;
  onTime: number;
  lateStreak: number;
  /** The first day on or after asOf a report falls due (null: none will). */
  next?: string | null;
  /** Each with the day it came (only when asked for). */
  list?: ReportDue[];
}

/** The days a span's reports fall due (ascending), each with where in the list it is and its period's first and last day. */
interface DueDays {
  days: string[];
  /** The first due day on or after the span's end (null: none). */
  next: string | null;
  index: Map<string, number>;
  starts: string[];
  ends: string[];
}

const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * The reports a task owed by asOf: how many, how many came on time, how many of the latest in a row were late or are
 * overdue (lateReportStreak), and (with `keep`) each with the day it came. They are the reports its plan's cycle asked
 * for since expected progress started (up to its closing), each met by the lead unit's report for that period (late
 * when submitted after its due day or not yet at all). Imported history counts as on time. `summary` is the task's
 * reports as loadProgressInputs sums them up (due day or `p`+period end, `=`, the day it came, `*` or nothing); it is
 * read in one pass, without splitting it up (the daily recompute reads 100,000 of them).
 */
function reportsDue(
  plan: PlanRow,
  task: ProgressTask,
  summary: string | null,
  asOf: string,
  cache: Map<string, DueDays>,
  keep: boolean,
): OwedReports {
  // The reports part's cycle of the task (the plan's, or under per_task the task's own, monthly when it has none).
  const step = CYCLE_MONTHS[taskCycle(plan.report_cycle, task.recurrence)];
  const from = progressStart(task, effectiveDate(plan));
  if (from === null) return { due: 0, onTime: 0, lateStreak: 0, next: null, list: [] };
  const until = task.closedOn !== null && task.closedOn < asOf ? task.closedOn : asOf;
  const key = `${step}|${from}|${until}`;
  let span = cache.get(key);
  if (!span) {
    const days = reportDueDates(step, plan.report_due_day, from, until);
    // The next due day on or after `until`: the last of the span when it is `until` itself, else the first after it
    // (a year's cycle at most: within the next two years).
    const next =
      days.length && days[days.length - 1] === until
        ? until
        : (reportDueDates(step, plan.report_due_day, from < until ? until : from, `${Number(until.slice(0, 4)) + 2}-12-31`)[0] ?? null);
    span = { days, next, index: new Map(days.map((d, i) => [d, i])), starts: days.map((d) => periodStart(step, d)), ends: days.map((d) => `${d.slice(0, 7)}-31`) };
    cache.set(key, span);
  }
  const { days } = span;
  // Only the days before asOf are owed (the days are ascending and end by asOf).
  let n = days.length;
  while (n > 0 && days[n - 1] >= asOf) n--;
  if (n === 0) return { due: 0, onTime: 0, lateStreak: 0, next: span.next, list: [] };
  const came: (string | null)[] = new Array<string | null>(n).fill(null);
  // Reports name their due day; one without it meets the due day whose period holds its period's end.
  let undated: [periodEnd: string, came: string][] | null = null;
  if (summary) {
    for (let pos = 0; pos < summary.length; ) {
      let comma = summary.indexOf(',', pos);
      if (comma < 0) comma = summary.length;
      let eq = summary.indexOf('=', pos);
      if (eq < 0 || eq > comma) eq = comma;
      const what = summary.slice(pos, eq);
      const when = eq < comma ? summary.slice(eq + 1, comma) : '';
      if (what.charCodeAt(0) === 112 /* p */) (undated ??= []).push([what.slice(1), when]);
      else {
        const i = span.index.get(what);
        if (i !== undefined && i < n) came[i] = earliest(came[i], when === '*' ? what : when || null);
      }
      pos = comma + 1;
    }
  }
  if (undated) {
    for (let i = 0; i < n; i++) {
      for (const [periodEnd, when] of undated) if (periodEnd >= span.starts[i] && periodEnd <= span.ends[i]) came[i] = earliest(came[i], when === '*' ? days[i] : when || null);
    }
  }
  // On time when it came by its due day; the streak of late ones counts back from the latest.
  let onTime = 0;
  let lateStreak = 0;
  for (let i = 0; i < n; i++) {
    const c = came[i];
    if (c !== null && c <= days[i]) {
      onTime++;
      lateStreak = 0;
    } else lateStreak++;
  }
  return { due: n, onTime, lateStreak, next: span.next, ...(keep ? { list: came.map((submittedOn, i) => ({ dueDate: days[i], submittedOn })) } : {}) };
}

/**
 * The standings of a plan's tasks on asOf, computed from the data as it stands (nothing stored), with the plan;
 * no permission check (the caller has checked the plan is readable).
 */
export async function computePlanStandings(db: Q, planId: string, asOf: string): Promise<{ plan: PlanRow; standings: TaskProgress[] }> {
  const plan = await planOr404(db, planId);
  return { plan, standings: standings(plan, await repo.loadProgressInputs(db, plan.region_code, plan.id, asOf), asOf) };
}

/**
 * The standings of some of a plan's tasks on each of several days, from the report history (a report counts from the
 * day it was accepted), read day by day. No permission check (the caller has checked the plan is readable).
 */
export async function planStandingsOn(db: Q, planId: string, days: readonly string[], taskIds: string[]): Promise<{ date: string; standings: TaskProgress[] }[]> {
  const plan = await planOr404(db, planId);
  // The database sums each task's reports as known on one day (loadProgressInputs), so each day is read on its own.
  const out: { date: string; standings: TaskProgress[] }[] = [];
  for (const date of days) out.push({ date, standings: standings(plan, await repo.loadProgressInputs(db, plan.region_code, plan.id, date, taskIds), date) });
  return out;
}

/**
 * The reports some tasks of a region owed by asOf, whatever their plans, each with the day it came (null: not yet),
 * as the rules count them; the tasks and their facts read at once, then judged plan by plan. No permission check (a
 * unit's page checks its own).
 */
export async function taskReportDues(db: Q, regionCode: string, asOf: string, taskIds: string[]): Promise<{ taskId: string; dues: ReportDue[] }[]> {
  const inputs = await repo.loadTasksProgressInputs(db, regionCode, asOf, taskIds);
  const plans = await repo.findPlansForProgress(db, regionCode, [...new Set(inputs.tasks.map((t) => t.plan_id))]);
  return plans.flatMap((plan) =>
    standings(plan, { ...inputs, tasks: inputs.tasks.filter((t) => t.plan_id === plan.id) }, asOf, true).map((s) => ({ taskId: s.taskId, dues: s.dues ?? [] })),
  );
}

// What is stored of a standing: what holds from day to day (the reason with placeholders, the expected line), and the
// day it is shown for, or null for the plan's progress day (a whole plan's recompute).
const toRow = (plan: PlanRow, taskId: string, dues: OwedReports, s: TaskStanding, asOf: string | null, next: string | null): repo.ProgressRow => ({
  region_code: plan.region_code,
  task_id: taskId,
  plan_id: plan.id,
  as_of: asOf,
  expected_line: s.stored.line,
  actual: s.actual,
  class: s.class,
  warning: s.warning,
  late_reports: s.lateReports,
  reports_due: dues.due,
  reports_on_time: dues.onTime,
  reason_zh: s.stored.reason.zh,
  reason_en: s.stored.reason.en,
  next_change: next,
});

async function planOr404(db: Q, planId: string): Promise<PlanRow> {
  const plan = await repo.findPlanForProgress(db, planId);
  if (!plan) throw bilingualNotFound(`规划 ${planId} 不存在`, `Plan ${planId}`);
  return plan;
}

/**
 * What a plan's standings are computed from beside its tasks, milestones and reports (its effective date, reporting
 * cycle and due day, rule), as stored with them (plan_dashboard_state.progress_inputs): when it changed, the plan's
 * next turn recomputes every task.
 */
const planInputs = (plan: PlanRow): string =>
  JSON.stringify([plan.status, effectiveDate(plan), plan.report_cycle, plan.report_due_day, ruleOf(plan)]);

/**
 * Computes and stores the standings of one plan's tasks on asOf, for the plan's progress day (set to asOf); returns
 * how many tasks it has. When the plan's rows were computed on an earlier day (or asOf) from the same plan-wide inputs,
 * only the tasks whose standing can have changed by asOf are read and recomputed (`next_change` on or before asOf, or
 * not known: their inputs changed; migration 0035); the others hold as stored. Otherwise (`full`, a day before the
 * stored one, a rule or plan change, a task added) every task is, and only the rows whose stored state changed are
 * written (most stay the same from one day to the next: the day's words and the expected percent are rendered when read).
 */
export async function refreshPlanProgress(db: Q, planId: string, asOf: string, opts: { full?: boolean } = {}): Promise<number> {
  return (await refreshPlan(db, planId, asOf, opts)).tasks;
}

/** {@link refreshPlanProgress}, with how many rows it wrote. */
async function refreshPlan(db: Q, planId: string, asOf: string, opts: { full?: boolean }): Promise<{ tasks: number; written: number }> {
  const plan = await planOr404(db, planId);
  const key = planInputs(plan);
  const planDay = { region_code: plan.region_code, plan_id: plan.id, day: asOf, inputs: key };
  const rule = ruleOf(plan);
  // A task whose reports were summed up as known on asOf (some became known later) may change any day.
  const row = (id: string, task: ProgressTask, dues: OwedReports, s: TaskStanding, facts: ProgressFacts, later: boolean) =>
    toRow(plan, id, dues, s, null, later ? dayAfter(asOf) : nextChange(task, facts, asOf, rule, dues.next ?? null));
  const total = opts.full ? null : await repo.canTurnIncrementally(db, planDay);
  if (total !== null) {
    const inputs = await repo.loadChangingInputs(db, plan.region_code, plan.id, asOf);
    const rows = judge(plan, inputs, asOf, false, (t, task, dues, s, facts) => row(t.id, task, dues, s, facts, inputs.later.has(t.id)));
    return { tasks: total, written: await repo.saveProgress(db, rows, { ...planDay, tasks: total }, 'all') };
  }
  const inputs = await repo.loadRecomputeInputs(db, plan.region_code, plan.id, asOf);
  const rows = judge(plan, inputs, asOf, false, (t, task, dues, s, facts) => row(t.id, task, dues, s, facts, inputs.later.has(t.id)));
  return { tasks: rows.length, written: await repo.saveProgress(db, rows, planDay) };
}

/** Computes and stores the standings of some of a plan's tasks on asOf, as their own day; returns them. */
async function refreshTasksProgress(db: Q, planId: string, asOf: string, taskIds: string[]): Promise<TaskProgress[]> {
  const plan = await planOr404(db, planId);
  const result = standings(plan, await repo.loadProgressInputs(db, plan.region_code, plan.id, asOf, taskIds), asOf);
  await repo.saveProgress(
    db,
    // Shown for its own day until its plan's next turn, which recomputes it (next_change null).
    result.map((s) => toRow(plan, s.taskId, { due: s.reportsDue, onTime: s.reportsOnTime, lateStreak: s.lateReports }, s, asOf, null)),
  );
  return result;
}

/**
 * The hook of the reports part: call it in the transaction that accepts a report (or closes, reopens or changes the
 * deadline of a task), so the task's stored class and warning follow at once. It checks nothing itself: the caller
 * has checked the change it makes.
 * @example await refreshTaskProgress(trx, { planId: task.plan_id, taskId: task.id })
 */
export async function refreshTaskProgress(trx: Tx, ref: { planId: string; taskId: string }, asOf: string = chinaDay()): Promise<TaskProgress | null> {
  const [standing] = await refreshTasksProgress(trx, ref.planId, asOf, [ref.taskId]);
  return standing ?? null;
}

/**
 * The handler of ledger's task edit (the manifest's `taskChanged`): a task of an issued plan whose deadline, kind or
 * milestones may have changed has its expected progress, class, warning and reason recomputed and stored in the edit's
 * transaction, so the progress pages show them at once, not after the next day turn. A plan not issued is not tracked.
 */
export async function refreshEditedTask(trx: Tx, ref: { planId: string; taskId: string }): Promise<void> {
  const plan = await repo.findPlanForProgress(trx, ref.planId);
  if (plan?.status === 'issued') await refreshTaskProgress(trx, ref);
}

/**
 * Recomputes every task of every issued plan (or of one plan) as of a day and stores it: the job run when the day
 * turns, and `luoshi tracking recompute`. Plan by plan, each in its own transaction; a plan turned to a later day
 * recomputes only the tasks whose standing can have changed (see refreshPlanProgress), unless `full`. Returns how many
 * tasks the plans have and how many stored rows were written.
 */
export async function recomputeProgress(
  ctx: ServiceContext,
  opts: { asOf?: string; planId?: string; full?: boolean } = {},
): Promise<{ asOf: string; plans: number; tasks: number; written: number }> {
  requireAbility(progressPolicy.progress.recompute, ctx.actor, undefined, 'recompute progress');
  const asOf = checkDay(opts.asOf ?? chinaDay(), 'asOf');
  const plans = opts.planId ? [{ id: (await planOr404(ctx.db, opts.planId)).id }] : await repo.issuedPlans(ctx.db);
  let tasks = 0;
  let written = 0;
  // On PostgreSQL two plans at a time (each in its own transaction), so one plan's reading and writing overlap the
  // other's computing; PGlite is one session, taken in turn.
  const embedded = await repo.isEmbedded(ctx.db);
  const queue = [...plans];
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const id = p.id;
      const n = await inTransaction(ctx, async (trx) => {
        if (!embedded) await repo.roomToSort(trx);
        return refreshPlan(trx, id, asOf, { full: opts.full });
      });
      tasks += n.tasks;
      written += n.written;
    }
  };
  await Promise.all(embedded ? [worker()] : [worker(), worker()]);
  // PGlite has no autovacuum: without fresh statistics its planner takes rewritten standings for an empty table. A
  // turn that rewrote few rows (most days) leaves the statistics as good as they were.
  if (embedded && plans.length && written * 10 >= tasks) await repo.analyzeProgress(ctx.db);
  return { asOf, plans: plans.length, tasks, written };
}

/** One task of `luoshi status --plan ID --json`. */
export interface StatusTask {
  number: string;
  text: string;
  expected: number | null;
  actual: number | null;
  class: TaskStanding['class'];
  warning: TaskStanding['warning'];
  reason: string;
}

/**
 * Every task of a plan with its expected and accepted percent, class, warning and reason (in Chinese) on asOf,
 * computed from the data as it stands (nothing is stored). For whoever may read the plan.
 * @example (await planProgressStatus(ctx, planId, '2025-06-30')).tasks[0] // { number: '1', text: '…', expected: 72.5, actual: 10, class: 'behind', warning: 'yellow', reason: '截至2025年6月30日…' }
 */
export async function planProgressStatus(ctx: ServiceContext, planId: string, asOf: string = chinaDay()): Promise<{ asOf: string; rule: ProgressRule; tasks: StatusTask[] }> {
  const day = checkDay(asOf, 'asOf');
  await visiblePlanOr404(ctx, planId);
  requireAbility(progressPolicy.progress.read, ctx.actor, undefined, 'read progress');
  const plan = await planOr404(ctx.db, planId);
  const result = standings(plan, await repo.loadProgressInputs(ctx.db, plan.region_code, plan.id, day), day);
  return {
    asOf: day,
    rule: ruleOf(plan),
    tasks: result.map((s) => ({ number: s.number, text: s.text, expected: s.expected, actual: s.actual, class: s.class, warning: s.warning, reason: s.reason.zh })),
  };
}

/** Sets the numbers of a plan's rule (a supervisor's), or back to the default with null; recomputes its tasks. */
export async function setPlanProgressRule(ctx: ServiceContext, planId: string, rule: ProgressRule | null, asOf: string = chinaDay()): Promise<ProgressRule> {
  requireAbility(progressPolicy.progress.setRule, ctx.actor, undefined, 'set the progress rule');
  return inTransaction(ctx, async (trx) => {
    const plan = await planOr404(trx, planId);
    const before = ruleOf(plan);
    if (rule === null) await trx.deleteFrom('plan_progress_rules').where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute();
    else {
      const row = { ahead_points: rule.aheadPoints, behind_points: rule.behindPoints, blue_days: rule.blueDays, red_late_reports: rule.redLateReports, updated_by: ctx.actor.userId, updated_at: new Date() };
      await trx
        .insertInto('plan_progress_rules')
        .values({ region_code: plan.region_code, plan_id: plan.id, ...row })
        .onConflict((oc) => oc.columns(['region_code', 'plan_id']).doUpdateSet(row))
        .execute();
    }
    const after = rule ?? DEFAULT_RULE;
    await recordAudit(trx, ctx.actor, { regionCode: plan.region_code, action: 'set_progress_rule', entity: 'plan', entityId: plan.id, before, after });
    if (plan.status === 'issued') await refreshPlanProgress(trx, plan.id, checkDay(asOf));
    return after;
  });
}
