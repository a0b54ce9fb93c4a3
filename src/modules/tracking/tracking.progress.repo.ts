import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ProgressClass, WarningLevel } from './tracking.progress.domain.ts';

type Q = Db | Tx;

/** What the rules need of a plan: its region, effective date, reporting cycle and rule numbers. */
export async function findPlanForProgress(db: Q, planId: string) {
  return db
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
    ])
    .where('p.id', '=', planId)
    .executeTakeFirst();
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

/**
 * The tasks of a plan (or some of them) with what expected progress and class depend on. A whole plan's milestones and
 * lead reports are read by the plan (one indexed query each, whatever its size); some tasks' by their ids. The reports
 * are summed up per task by the database (ProgressReportSummary), so a plan's hundreds of thousands of reports do not
 * each cross into JavaScript.
 */
export async function loadProgressInputs(db: Q, regionCode: string, planId: string, asOf: string, taskIds?: string[]) {
  let q = db
    .selectFrom('tasks')
    .select(['id', 'seq', 'position', 'title', 'task_kind', 'ongoing', 'recurrence', 'start_date', 'due_date', 'closed_at'])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId);
  if (taskIds) q = q.where('id', 'in', taskIds.length ? taskIds : ['00000000-0000-0000-0000-000000000000']);
  const tasks = await q.orderBy('position').execute();
  if (tasks.length === 0) return { tasks, milestones: [], reports: [] as ProgressReportSummary[] };
  const milestones: { task_id: string; due_date: string | null; percent: number | null }[] = [];
  const reports: ProgressReportSummary[] = [];
  // Accepted by asOf (or, without a review day, for a period ended by then); the latest period first, then the latest review.
  const known = sql`status = 'accepted' and percent is not null and coalesce(${chinaDay('reviewed_at')}, period_end::text) <= ${asOf}`;
  // The day a report came: submitted, or (imported, or accepted without a submission day) on its due day.
  const arrival = sql`coalesce(${chinaDay('submitted_at')}, case when source = 'import' or status = 'accepted' then '*' end, '')`;
  const reportQuery = () =>
    db
      .selectFrom('task_reports')
      .select([
        'task_id',
        sql<number | string | null>`(array_agg(percent order by period_end desc, reviewed_at desc nulls last) filter (where ${known}))[1]`.as('actual'),
        sql<string | null>`string_agg(coalesce(due_date::text, 'p' || period_end::text) || '=' || ${arrival}, ',') filter (where kind in ('progress', 'closing'))`.as('dues'),
      ])
      .where('region_code', '=', regionCode)
      // The lead unit's reports are the task's reports; a supporting unit's report goes to the lead unit.
      .where('role', '=', 'lead')
      .groupBy('task_id');
  if (!taskIds) {
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
    reports.push(...(await reportQuery().where('plan_id', '=', planId).execute()));
    return { tasks, milestones, reports };
  }
  const ids = tasks.map((t) => t.id);
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
    reports.push(...(await reportQuery().where('task_id', 'in', chunk).execute()));
  }
  return { tasks, milestones, reports };
}

/** A task's standing as stored. */
export interface ProgressRow {
  region_code: string;
  task_id: string;
  plan_id: string;
  as_of: string;
  expected: number | null;
  actual: number | null;
  class: ProgressClass;
  warning: WarningLevel | null;
  late_reports: number;
  reports_due: number;
  reports_on_time: number;
  reason_zh: string;
  reason_en: string;
}

/**
 * Stores standings, replacing what was stored for those tasks: one upsert per 5,000 rows, its values passed column by
 * column (unnest), so a plan of tens of thousands of tasks is a few statements. On Citus, whose INSERT … SELECT loses
 * the parameters' types ("could not determine data type of parameter $1"), as multi-row VALUES of 1,000 rows.
 */
export async function saveProgress(db: Q, rows: ProgressRow[]): Promise<void> {
  if (rows.length === 0) return;
  await writeProgress(db, rows);
  // Every write of standings moves its plan's stamp, so the plan's stored dashboard counts (taken at an earlier
  // stamp) are no longer used (tracking.dashboard.service.ts). The row lock also orders concurrent writers.
  const plans = new Map(rows.map((r) => [`${r.region_code}|${r.plan_id}`, r]));
  for (const r of plans.values()) {
    await db
      .insertInto('plan_dashboard_state')
      .values({ region_code: r.region_code, plan_id: r.plan_id, stamp: 1 })
      .onConflict((oc) => oc.columns(['region_code', 'plan_id']).doUpdateSet((eb) => ({ stamp: eb('plan_dashboard_state.stamp', '+', 1) })))
      .execute();
  }
}

async function writeProgress(db: Q, rows: ProgressRow[]): Promise<void> {
  // The time is passed in: Citus refuses now() in an upsert's DO UPDATE SET on a distributed table.
  const now = new Date();
  if (await onCitus(db)) {
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto('task_progress')
        .values(rows.slice(i, i + 1000))
        .onConflict((oc) =>
          oc.columns(['region_code', 'task_id']).doUpdateSet((eb) => ({
            as_of: eb.ref('excluded.as_of'),
            expected: eb.ref('excluded.expected'),
            actual: eb.ref('excluded.actual'),
            class: eb.ref('excluded.class'),
            warning: eb.ref('excluded.warning'),
            late_reports: eb.ref('excluded.late_reports'),
            reports_due: eb.ref('excluded.reports_due'),
            reports_on_time: eb.ref('excluded.reports_on_time'),
            reason_zh: eb.ref('excluded.reason_zh'),
            reason_en: eb.ref('excluded.reason_en'),
            updated_at: now,
          })),
        )
        .execute();
    }
    return;
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const col = <T>(f: (r: ProgressRow) => T) => part.map(f);
    await sql`
      insert into task_progress (region_code, task_id, plan_id, as_of, expected, actual, class, warning, late_reports, reports_due, reports_on_time, reason_zh, reason_en)
      select * from unnest(${col((r) => r.region_code)}::text[], ${col((r) => r.task_id)}::uuid[], ${col((r) => r.plan_id)}::uuid[], ${col((r) => r.as_of)}::date[],
        ${col((r) => r.expected)}::numeric[], ${col((r) => r.actual)}::numeric[], ${col((r) => r.class)}::text[], ${col((r) => r.warning)}::text[],
        ${col((r) => r.late_reports)}::integer[], ${col((r) => r.reports_due)}::integer[], ${col((r) => r.reports_on_time)}::integer[], ${col((r) => r.reason_zh)}::text[], ${col((r) => r.reason_en)}::text[])
      on conflict (region_code, task_id) do update set
        as_of = excluded.as_of, expected = excluded.expected, actual = excluded.actual, class = excluded.class, warning = excluded.warning,
        late_reports = excluded.late_reports, reports_due = excluded.reports_due, reports_on_time = excluded.reports_on_time, reason_zh = excluded.reason_zh, reason_en = excluded.reason_en, updated_at = ${now}::timestamptz`.execute(db);
  }
}

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

/** The stored standings of a plan's tasks. */
export async function storedProgress(db: Q, regionCode: string, planId: string) {
  return db.selectFrom('task_progress').selectAll().where('region_code', '=', regionCode).where('plan_id', '=', planId).execute();
}

/** Whether some issued task has no standing stored, or one computed before `today` (the day has turned). */
export async function progressIsStale(db: Q, today: string): Promise<boolean> {
  const stale = await db.selectFrom('task_progress').select('task_id').where('as_of', '<', today).limit(1).executeTakeFirst();
  if (stale) return true;
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
