import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { shownStanding, type ProgressClass, type WarningLevel } from './tracking.progress.domain.ts';

type Q = Db | Tx;

/** What the rules need of plans: their region, effective date, reporting cycle and rule numbers (one query, filtered by the caller). */
const plansForProgress = (db: Q) =>
  db
    .selectFrom('plans as p')
    .leftJoin('plan_progress_rules as r', (j) => j.onRef('r.region_code', '=', 'p.region_code').onRef('r.plan_id', '=', 'p.id'))
    .select([
      'p.id',
      'p.region_code',
      'p.title',
      'p.status',
      'p.owner_unit_id',
      'p.issued_on',
      'p.issued_date',
      'p.report_cycle',
      'p.report_due_day',
      'p.updated_at',
      'r.ahead_points',
      'r.behind_points',
      'r.blue_days',
      'r.red_late_reports',
    ]);

/** What the rules need of a plan: its region, effective date, reporting cycle and rule numbers. */
export async function findPlanForProgress(db: Q, planId: string) {
  return plansForProgress(db).where('p.id', '=', planId).executeTakeFirst();
}

/** {@link findPlanForProgress} of several plans of a region at once. */
export async function findPlansForProgress(db: Q, regionCode: string, planIds: string[]) {
  if (planIds.length === 0) return [];
  return plansForProgress(db).where('p.region_code', '=', regionCode).where('p.id', 'in', planIds).execute();
}

/** Ids and regions of the issued plans, the ones whose tasks are tracked. */
export async function issuedPlans(db: Q): Promise<{ id: string; region_code: string }[]> {
  return db.selectFrom('plans').select(['id', 'region_code']).where('status', '=', 'issued').orderBy('created_at').execute();
}

/** A timestamp's calendar day in China (UTC+8, no daylight saving), as YYYY-MM-DD text, computed by the database. */
const chinaDay = (column: string) => sql<string | null>`to_char((${sql.raw(column)} at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;

/**
 * What the rules read of one task's lead reports, summed up by the database: the latest accepted percent known on asOf,
 * and for each progress or closing report the due day it answers (or `p` and its period's end when it names none) and
 * the day it came (`*`: on the due day it answers, for imported history or a report accepted without a submission day;
 * empty while it has not), as `2025-05-25=2025-05-23,p2025-06-30=*` (one row per task, not per report).
 */
export interface ProgressReportSummary {
  task_id: string;
  actual: number | string | null;
  dues: string | null;
}

// Accepted with a percent: the reports `actual` is taken from.
const ACCEPTED_PERCENT = sql`status = 'accepted' and percent is not null`;
// The day an accepted report became known: its review day, or (without one) its period's end.
// What the 台账 and the briefing show of a report on a day is what the standing of that day counts (a report accepted
// before its period ends is known from its review day): they read it of task_reports aliased `alias`.
export const knownOn = (alias?: string) => {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return sql<string>`coalesce(${chinaDay(column('reviewed_at'))}, ${sql.ref(column('period_end'))}::text)`;
};
const KNOWN_ON = knownOn();
// The latest period first, then the latest review.
const LATEST_PERCENT = sql`array_agg(percent order by period_end desc, reviewed_at desc nulls last)`;
// The progress and closing reports as `due=came`: the due day (or `p` and period end), the day it came (submitted, or
// `*` when imported or accepted without a submission day: on its due day; empty while it has not).
const DUES = sql<string | null>`string_agg(coalesce(due_date::text, 'p' || period_end::text) || '=' || coalesce(${chinaDay('submitted_at')}, case when source = 'import' or status = 'accepted' then '*' end, ''), ',') filter (where kind in ('progress', 'closing'))`;

// What the rules read of a task.
const RULE_COLUMNS = ['id', 'task_kind', 'ongoing', 'recurrence', 'start_date', 'due_date', 'closed_at'] as const;

/**
 * The tasks of a plan (or some of them) with what expected progress and class depend on. A whole plan's milestones are
 * read by the plan (one indexed query, whatever its size), and its reports' summaries from task_report_summaries (one
 * row per task, kept by every report write: refreshReportSummaries), except for the tasks whose latest accepted
 * percent became known after asOf (a day in the past), whose reports are summed up as known on asOf. Some tasks'
 * milestones and reports are read by their ids, the reports summed up by the database (ProgressReportSummary), so a
 * plan's hundreds of thousands of reports do not each cross into JavaScript.
 */
export async function loadProgressInputs(db: Q, regionCode: string, planId: string, asOf: string, taskIds?: string[]) {
  let q = db
    .selectFrom('tasks')
    .select([...RULE_COLUMNS, 'seq', 'position', 'title'])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId);
  if (taskIds) q = q.where('id', 'in', taskIds.length ? taskIds : ['00000000-0000-0000-0000-000000000000']);
  const tasks = await q.orderBy('position').execute();
  return { tasks, ...(await progressFacts(db, regionCode, planId, asOf, taskIds ? tasks.map((t) => t.id) : tasks.length > 0)) };
}

/**
 * {@link loadProgressInputs} of some tasks of a region, whatever their plans (each task with its plan): a unit's
 * tasks across the plans it works on, read at once instead of plan by plan.
 */
export async function loadTasksProgressInputs(db: Q, regionCode: string, asOf: string, taskIds: string[]) {
  const tasks: (Awaited<ReturnType<typeof loadProgressInputs>>['tasks'][number] & { plan_id: string })[] = [];
  for (let i = 0; i < taskIds.length; i += 5000) {
    tasks.push(
      ...(await db
        .selectFrom('tasks')
        .select([...RULE_COLUMNS, 'seq', 'position', 'title', 'plan_id'])
        .where('region_code', '=', regionCode)
        .where('id', 'in', taskIds.slice(i, i + 5000))
        .orderBy('position')
        .execute()),
    );
  }
  return { tasks, ...(await factsOfTasks(db, regionCode, asOf, tasks.map((t) => t.id))) };
}

/**
 * A whole plan's inputs as {@link loadProgressInputs} reads them, but of its tasks only what the rules read (not their
 * numbers and titles, in no order): the daily recompute's, which stores standings and shows none.
 */
export async function loadRecomputeInputs(db: Q, regionCode: string, planId: string, asOf: string) {
  const tasks = await db.selectFrom('tasks').select(RULE_COLUMNS).where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
  return { tasks, ...(await progressFacts(db, regionCode, planId, asOf, tasks.length > 0)) };
}

// The stored standings of a plan to recompute on asOf (migration 0035): those that can have changed by then, or whose
// inputs changed since (next_change null).
const changing = (db: Q, regionCode: string, planId: string, asOf: string) =>
  db
    .selectFrom('task_progress as g')
    .where('g.region_code', '=', regionCode)
    .where('g.plan_id', '=', planId)
    .where((eb) => eb.or([eb('g.next_change', 'is', null), eb('g.next_change', '<=', asOf)]));

/**
 * {@link loadRecomputeInputs} of only the tasks whose stored standing can have changed by asOf (next_change on or
 * before it, or null), their milestones and report summaries read with them by joining their stored rows (no lists of
 * ids); `total`, how many tasks the plan has. Call it when {@link canTurnIncrementally} says so.
 */
export async function loadChangingInputs(db: Q, regionCode: string, planId: string, asOf: string) {
  const tasks = await changing(db, regionCode, planId, asOf)
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'g.region_code').onRef('t.id', '=', 'g.task_id').onRef('t.plan_id', '=', 'g.plan_id'))
    .select(RULE_COLUMNS.map((c) => `t.${c}` as const))
    .execute();
  const milestones: { task_id: string; due_date: string | null; percent: number | null }[] = [];
  const reports: ProgressReportSummary[] = [];
  const later = new Set<string>();
  if (tasks.length) {
    milestones.push(
      ...(await changing(db, regionCode, planId, asOf)
        .innerJoin('task_milestones as m', (j) => j.onRef('m.region_code', '=', 'g.region_code').onRef('m.task_id', '=', 'g.task_id'))
        .select(['m.task_id', 'm.due_date', 'm.percent'])
        .where('m.due_date', 'is not', null)
        .where('m.percent', 'is not', null)
        .execute()),
    );
    const stored = await changing(db, regionCode, planId, asOf)
      .innerJoin('task_report_summaries as s', (j) => j.onRef('s.region_code', '=', 'g.region_code').onRef('s.task_id', '=', 'g.task_id').onRef('s.plan_id', '=', 'g.plan_id'))
      .select(['s.task_id', 's.actual', 's.known_on', 's.dues'])
      .execute();
    for (const r of stored) {
      if (r.known_on !== null && r.known_on > asOf) later.add(r.task_id);
      else reports.push({ task_id: r.task_id, actual: r.actual, dues: r.dues });
    }
    const ids = [...later];
    for (let i = 0; i < ids.length; i += 5000) reports.push(...(await summarizeReports(db, regionCode, asOf, ids.slice(i, i + 5000), planId)));
  }
  return { tasks, milestones, reports, later };
}

/**
 * Whether a plan's turn to `day` may recompute only the tasks whose standing can have changed: the rows were stored
 * for an earlier day (or this one) from the same plan-wide inputs (`inputs`; null since when a task was added,
 * removed or moved: migration 0035), and the triggers that mark rows whose inputs change are there (not on Citus).
 * Returns how many tasks the plan had then (stored with the inputs, after a newline), or null.
 */
export async function canTurnIncrementally(db: Q, plan: { region_code: string; plan_id: string; day: string; inputs: string }): Promise<number | null> {
  const { rows } = await sql<{ as_of: string | null; inputs: string | null; marked: boolean }>`
    select s.progress_as_of::text as as_of, s.progress_inputs as inputs,
      exists (select 1 from pg_trigger where tgname = 'task_progress_stale_summary_ins') as marked
    from plan_dashboard_state s where s.region_code = ${plan.region_code} and s.plan_id = ${plan.plan_id}`.execute(db);
  const s = rows[0];
  if (!s || !s.marked || s.as_of === null || s.as_of > plan.day || s.inputs === null) return null;
  const cut = s.inputs.lastIndexOf('\n');
  if (cut < 0 || s.inputs.slice(0, cut) !== plan.inputs) return null;
  const tasks = Number(s.inputs.slice(cut + 1));
  return Number.isInteger(tasks) ? tasks : null;
}

/** The milestones and report summaries of a whole plan's tasks (`whole`: whether it has any), or of the tasks named. */
async function progressFacts(db: Q, regionCode: string, planId: string, asOf: string, which: boolean | string[]) {
  const milestones: { task_id: string; due_date: string | null; percent: number | null }[] = [];
  const reports: ProgressReportSummary[] = [];
  // The tasks whose reports were summed up as known on asOf (some became known after it).
  const later = new Set<string>();
  if (which === false || (Array.isArray(which) && which.length === 0)) return { milestones, reports, later };
  if (which === true) {
    milestones.push(
      ...(await db
        .selectFrom('task_milestones as m')
        .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'm.region_code').onRef('t.id', '=', 'm.task_id'))
        .select(['m.task_id', 'm.due_date', 'm.percent'])
        .where('m.region_code', '=', regionCode)
        .where('t.plan_id', '=', planId)
        .where('m.due_date', 'is not', null)
        .where('m.percent', 'is not', null)
        .execute()),
    );
    const stored = await db
      .selectFrom('task_report_summaries')
      .select(['task_id', 'actual', 'known_on', 'dues'])
      .where('region_code', '=', regionCode)
      .where('plan_id', '=', planId)
      .execute();
    // None stored for a plan with tasks: a database restored from a backup made before the summaries (0021) kept
    // its reports but not their summaries; its reports are summed up as known on asOf, as before 0021.
    if (stored.length === 0) {
      const all = await summarizeReports(db, regionCode, asOf, null, planId);
      for (const r of all) later.add(r.task_id);
      reports.push(...all);
      return { milestones, reports, later };
    }
    for (const r of stored) {
      if (r.known_on !== null && r.known_on > asOf) later.add(r.task_id);
      else reports.push({ task_id: r.task_id, actual: r.actual, dues: r.dues });
    }
    const ids = [...later];
    for (let i = 0; i < ids.length; i += 5000) reports.push(...(await summarizeReports(db, regionCode, asOf, ids.slice(i, i + 5000), planId)));
    return { milestones, reports, later };
  }
  return factsOfTasks(db, regionCode, asOf, which);
}

/** {@link progressFacts} of some tasks by their ids, whatever their plans. */
async function factsOfTasks(db: Q, regionCode: string, asOf: string, ids: string[]) {
  const milestones: { task_id: string; due_date: string | null; percent: number | null }[] = [];
  const reports: ProgressReportSummary[] = [];
  const later = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    milestones.push(
      ...(await db
        .selectFrom('task_milestones')
        .select(['task_id', 'due_date', 'percent'])
        .where('region_code', '=', regionCode)
        .where('task_id', 'in', chunk)
        .where('due_date', 'is not', null)
        .where('percent', 'is not', null)
        .execute()),
    );
    reports.push(...(await summarizeReports(db, regionCode, asOf, chunk)));
  }
  // Summed up as known on asOf: whether some became known later is not asked.
  for (const id of ids) later.add(id);
  return { milestones, reports, later };
}

/**
 * Some tasks' (null: every task's) lead reports summed up by the database as known on asOf (accepted by then, or
 * without a review day for a period ended by then); with planId only the reports naming that plan (as
 * task_report_summaries keeps them).
 */
function summarizeReports(db: Q, regionCode: string, asOf: string, taskIds: string[] | null, planId?: string): Promise<ProgressReportSummary[]> {
  let q = db
    .selectFrom('task_reports')
    .select([
      'task_id',
      sql<number | string | null>`(${LATEST_PERCENT} filter (where ${ACCEPTED_PERCENT} and ${KNOWN_ON} <= ${asOf}))[1]`.as('actual'),
      DUES.as('dues'),
    ])
    .where('region_code', '=', regionCode)
    // The lead unit's reports are the task's reports; a supporting unit's report goes to the lead unit.
    .where('role', '=', 'lead');
  if (taskIds) q = q.where('task_id', 'in', taskIds);
  if (planId) q = q.where('plan_id', '=', planId);
  return q.groupBy('task_id').execute();
}

/**
 * Writes the report summaries (task_report_summaries) of some tasks afresh from their lead reports: call it in the
 * transaction of every write of task_reports (saved, submitted, returned, accepted, reopened, imported, seeded), after
 * the write. A task without lead reports has no summary.
 */
export async function refreshReportSummaries(db: Q, regionCode: string, taskIds: readonly string[]): Promise<void> {
  const unique = [...new Set(taskIds)];
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    await db.deleteFrom('task_report_summaries').where('region_code', '=', regionCode).where('task_id', 'in', chunk).execute();
    await writeSummaries(db, regionCode, (q) => q.where('task_id', 'in', chunk));
  }
}

/** Writes the report summaries of a whole plan afresh (after a bulk load of its reports: the scale seed). */
export async function rebuildPlanReportSummaries(db: Q, regionCode: string, planId: string): Promise<void> {
  await db.deleteFrom('task_report_summaries').where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
  await writeSummaries(db, regionCode, (q) => q.where('plan_id', '=', planId));
}

type ReportsQuery = ReturnType<typeof reportsOfRegion>;
const reportsOfRegion = (db: Q, regionCode: string) => db.selectFrom('task_reports').where('region_code', '=', regionCode).where('role', '=', 'lead');

async function writeSummaries(db: Q, regionCode: string, which: (q: ReportsQuery) => ReportsQuery): Promise<void> {
  await db
    .insertInto('task_report_summaries')
    .columns(['region_code', 'task_id', 'plan_id', 'actual', 'known_on', 'dues'])
    .expression(
      which(reportsOfRegion(db, regionCode))
        .select([
          'region_code',
          'task_id',
          'plan_id',
          sql<string | null>`(${LATEST_PERCENT} filter (where ${ACCEPTED_PERCENT}))[1]`.as('actual'),
          sql<string | null>`max(${KNOWN_ON}) filter (where ${ACCEPTED_PERCENT})`.as('known_on'),
          DUES.as('dues'),
        ])
        .groupBy(['region_code', 'task_id', 'plan_id']),
    )
    .execute();
}

/** The stored report summaries of a plan's tasks, and the same computed afresh from the reports (for the tests). */
export async function reportSummaryPair(db: Q, regionCode: string, planId: string) {
  const stored = await db.selectFrom('task_report_summaries').select(['task_id', 'actual', 'known_on', 'dues']).where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
  const fresh = await reportsOfRegion(db, regionCode)
    .where('plan_id', '=', planId)
    .select([
      'task_id',
      sql<string | null>`(${LATEST_PERCENT} filter (where ${ACCEPTED_PERCENT}))[1]`.as('actual'),
      sql<string | null>`max(${KNOWN_ON}) filter (where ${ACCEPTED_PERCENT})`.as('known_on'),
      DUES.as('dues'),
    ])
    .groupBy('task_id')
    .execute();
  return { stored, fresh };
}

/**
 * A task's standing as stored (migration 0029): the reason with placeholders and the expected line (renderStored puts
 * them in words and numbers for a day); `as_of` null when the row is shown for its plan's progress day.
 */
export interface ProgressRow {
  region_code: string;
  task_id: string;
  plan_id: string;
  as_of: string | null;
  expected_line: string | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  late_reports: number;
  reports_due: number;
  reports_on_time: number;
  reason_zh: string;
  reason_en: string;
  /** The first day after its day the standing can change (migration 0035), null when not known (recomputed on the plan's next turn). */
  next_change: string | null;
}

const COLUMNS = ['as_of', 'expected', 'expected_line', 'actual', 'class', 'warning', 'late_reports', 'reports_due', 'reports_on_time', 'reason_zh', 'reason_en', 'next_change'] as const;
// A row is rewritten only when what is stored would change (the expected column is no longer written: null, so rows
// stored before 0029 differ and are rewritten once).
const CHANGED = sql<boolean>`${sql.raw(`(${COLUMNS.map((c) => `task_progress.${c}`).join(', ')}) is distinct from (${COLUMNS.map((c) => `excluded.${c}`).join(', ')})`)}`;

/**
 * Stores standings, replacing what was stored for those tasks where it differs (rows that stay the same are not
 * written): one upsert per 5,000 rows, its values passed column by column (unnest), so a plan of tens of thousands of
 * tasks is a few statements. On Citus, whose INSERT … SELECT loses the parameters' types ("could not determine data
 * type of parameter $1"), as multi-row VALUES of 1,000 rows. With `planDay`, the rows are a whole plan's standings on
 * that day, stored with as_of null (shown for the plan's progress day, set here). Returns how many rows were written.
 */
export async function saveProgress(db: Q, rows: ProgressRow[], planDay?: { region_code: string; plan_id: string; day: string; inputs?: string; tasks?: number }, send: 'differing' | 'all' = 'differing'): Promise<number> {
  // A whole plan's rows: only those that differ from what is stored are sent (most stay the same from one day to the
  // next, and sending a 25,000-task plan's rows for the database to compare cost more than reading them back). The
  // rows of an incremental turn (`all`) are those whose next_change came: sent, the upsert compares.
  const changed = planDay && rows.length && send === 'differing' ? await differingRows(db, planDay, rows) : rows;
  const written = changed.length === 0 ? 0 : await writeProgress(db, changed);
  if (planDay) {
    // The plan-wide inputs and how many tasks the plan has (canTurnIncrementally): all of them in a full recompute.
    const inputs = planDay.inputs === undefined ? null : `${planDay.inputs}\n${planDay.tasks ?? rows.length}`;
    await db
      .insertInto('plan_dashboard_state')
      .values({ region_code: planDay.region_code, plan_id: planDay.plan_id, stamp: 1, progress_as_of: planDay.day, progress_inputs: inputs })
      .onConflict((oc) =>
        oc.columns(['region_code', 'plan_id']).doUpdateSet((eb) => ({
          progress_as_of: planDay.day,
          progress_inputs: inputs,
          ...(written > 0 ? { stamp: eb('plan_dashboard_state.stamp', '+', 1) } : {}),
        })),
      )
      .execute();
  }
  if (written === 0) return 0;
  // Every write of standings moves its plan's stamp, so the plan's stored dashboard counts (taken at an earlier
  // stamp) are no longer used (tracking.dashboard.service.ts). The row lock also orders concurrent writers. A
  // recompute that changed nothing leaves the stamp (and the counts) as they were.
  const plans = new Map(rows.map((r) => [`${r.region_code}|${r.plan_id}`, r]));
  for (const r of plans.values()) {
    if (planDay && planDay.plan_id === r.plan_id && planDay.region_code === r.region_code) continue;
    await db
      .insertInto('plan_dashboard_state')
      .values({ region_code: r.region_code, plan_id: r.plan_id, stamp: 1 })
      .onConflict((oc) => oc.columns(['region_code', 'plan_id']).doUpdateSet((eb) => ({ stamp: eb('plan_dashboard_state.stamp', '+', 1) })))
      .execute();
  }
  return written;
}

/**
 * The rows of a whole plan's standings that differ from the stored ones (or have none stored). Only what is surely the
 * same is left out: a value read back in another form counts as different, and the upsert compares again (CHANGED).
 */
async function differingRows(db: Q, plan: { region_code: string; plan_id: string }, rows: ProgressRow[]): Promise<ProgressRow[]> {
  const stored = await db
    .selectFrom('task_progress')
    .select(['task_id', 'as_of', 'expected', 'expected_line', 'actual', 'class', 'warning', 'late_reports', 'reports_due', 'reports_on_time', 'reason_zh', 'reason_en', 'next_change'])
    .where('region_code', '=', plan.region_code)
    .where('plan_id', '=', plan.plan_id)
    .execute();
  const byTask = new Map<string, (typeof stored)[number]>();
  for (const r of stored) byTask.set(r.task_id, r);
  const same = (a: number | string | null, b: number | null) => (a === null ? b === null : b !== null && Number(a) === b);
  return rows.filter((r) => {
    const s = byTask.get(r.task_id);
    return !(
      s !== undefined &&
      s.as_of === r.as_of &&
      s.expected === null &&
      s.expected_line === r.expected_line &&
      same(s.actual, r.actual) &&
      s.class === r.class &&
      s.warning === r.warning &&
      same(s.late_reports, r.late_reports) &&
      same(s.reports_due, r.reports_due) &&
      same(s.reports_on_time, r.reports_on_time) &&
      s.reason_zh === r.reason_zh &&
      s.reason_en === r.reason_en &&
      s.next_change === r.next_change
    );
  });
}

async function writeProgress(db: Q, rows: ProgressRow[]): Promise<number> {
  // The time is passed in: Citus refuses now() in an upsert's DO UPDATE SET on a distributed table.
  const now = new Date();
  let written = 0;
  if (await onCitus(db)) {
    for (let i = 0; i < rows.length; i += 1000) {
      const r = await db
        .insertInto('task_progress')
        .values(rows.slice(i, i + 1000).map((row) => ({ ...row, expected: null })))
        .onConflict((oc) =>
          oc
            .columns(['region_code', 'task_id'])
            .doUpdateSet((eb) => ({
              as_of: eb.ref('excluded.as_of'),
              expected: null,
              expected_line: eb.ref('excluded.expected_line'),
              actual: eb.ref('excluded.actual'),
              class: eb.ref('excluded.class'),
              warning: eb.ref('excluded.warning'),
              late_reports: eb.ref('excluded.late_reports'),
              reports_due: eb.ref('excluded.reports_due'),
              reports_on_time: eb.ref('excluded.reports_on_time'),
              reason_zh: eb.ref('excluded.reason_zh'),
              reason_en: eb.ref('excluded.reason_en'),
              next_change: eb.ref('excluded.next_change'),
              updated_at: now,
            }))
            .where(CHANGED),
        )
        .executeTakeFirst();
      written += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return written;
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const col = <T>(f: (r: ProgressRow) => T) => part.map(f);
    const r = await sql`
      insert into task_progress (region_code, task_id, plan_id, as_of, expected, expected_line, actual, class, warning, late_reports, reports_due, reports_on_time, reason_zh, reason_en, next_change)
      select region_code, task_id, plan_id, as_of, null, expected_line, actual, class, warning, late_reports, reports_due, reports_on_time, reason_zh, reason_en, next_change
      from unnest(${col((r) => r.region_code)}::text[], ${col((r) => r.task_id)}::uuid[], ${col((r) => r.plan_id)}::uuid[], ${col((r) => r.as_of)}::date[],
        ${col((r) => r.expected_line)}::text[], ${col((r) => r.actual)}::numeric[], ${col((r) => r.class)}::text[], ${col((r) => r.warning)}::text[],
        ${col((r) => r.late_reports)}::integer[], ${col((r) => r.reports_due)}::integer[], ${col((r) => r.reports_on_time)}::integer[], ${col((r) => r.reason_zh)}::text[], ${col((r) => r.reason_en)}::text[], ${col((r) => r.next_change)}::date[])
        as v(region_code, task_id, plan_id, as_of, expected_line, actual, class, warning, late_reports, reports_due, reports_on_time, reason_zh, reason_en, next_change)
      on conflict (region_code, task_id) do update set
        as_of = excluded.as_of, expected = null, expected_line = excluded.expected_line, actual = excluded.actual, class = excluded.class, warning = excluded.warning,
        late_reports = excluded.late_reports, reports_due = excluded.reports_due, reports_on_time = excluded.reports_on_time, reason_zh = excluded.reason_zh, reason_en = excluded.reason_en, next_change = excluded.next_change, updated_at = ${now}::timestamptz
      where ${CHANGED}`.execute(db);
    written += Number(r.numAffectedRows ?? 0);
  }
  return written;
}

/**
 * The day a stored standing (task_progress under the alias `progress`) is shown for, to select as `as_of`: its own
 * as_of, or its plan's progress day (migration 0029); T: string | null under a left join. Pass the row through shownStanding to put it in words for it.
 */
export const shownDay = <T extends string | null = string>(progress: string) =>
  sql<T>`coalesce(${sql.ref(`${progress}.as_of`)}, (select pds.progress_as_of from plan_dashboard_state pds where pds.region_code = ${sql.ref(`${progress}.region_code`)} and pds.plan_id = ${sql.ref(`${progress}.plan_id`)}))`;

/** Whether the database is PGlite, the embedded one (one session, no autovacuum). */
export async function isEmbedded(db: Q): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return rows[0].v.includes('PGlite');
}

/**
 * Gives the transaction's sorts room: a 25,000-task plan's report summary (loadProgressInputs) sorts some 250,000
 * reports by task, which spilled to disk at the default 4 MB (about 21 MB on disk; 35 MB in memory).
 */
export async function roomToSort(trx: Tx): Promise<void> {
  await sql`set local work_mem = '64MB'`.execute(trx);
}

/** Refreshes the planner's statistics of the stored standings and dashboard counts (PGlite never does by itself). */
export async function analyzeProgress(db: Q): Promise<void> {
  await sql`analyze task_progress`.execute(db);
  await sql`analyze plan_dashboard_state`.execute(db);
}

/** Whether the database is a Citus cluster (its extension is installed). */
export async function onCitus(db: Q): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_extension where extname = 'citus'`.execute(db);
  return rows[0].n > 0;
}

/**
 * The stored standings of a plan's tasks (or one task), as shown: as_of the day each is shown for, expected and reason
 * in words and numbers for it.
 */
export async function storedProgress(db: Q, regionCode: string, planId: string, taskId?: string) {
  let q = db.selectFrom('task_progress as p').selectAll('p').select(shownDay<string>('p').as('as_of')).where('p.region_code', '=', regionCode).where('p.plan_id', '=', planId);
  if (taskId) q = q.where('p.task_id', '=', taskId);
  return (await q.execute()).map(shownStanding);
}

/** Whether some issued task has no standing stored, or one computed before `today` (the day has turned). */
export async function progressIsStale(db: Q, today: string): Promise<boolean> {
  // A row's day is its own as_of, or (null) its plan's progress day.
  const stale = await db.selectFrom('task_progress').select('task_id').where('as_of', '<', today).limit(1).executeTakeFirst();
  if (stale) return true;
  const stalePlan = await db.selectFrom('plan_dashboard_state').select('plan_id').where('progress_as_of', '<', today).limit(1).executeTakeFirst();
  if (stalePlan) return true;
  const missing = await db
    .selectFrom('tasks as t')
    .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.id', '=', 't.plan_id'))
    .leftJoin('task_progress as g', (j) => j.onRef('g.region_code', '=', 't.region_code').onRef('g.task_id', '=', 't.id'))
    .select('t.id')
    .where('p.status', '=', 'issued')
    .where('g.task_id', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return Boolean(missing);
}
