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

/** The tasks of a plan (or one task of it) with what expected progress and class depend on. */
export async function loadProgressInputs(db: Q, regionCode: string, planId: string, taskIds?: string[]) {
  let q = db
    .selectFrom('tasks')
    .select(['id', 'seq', 'position', 'title', 'task_kind', 'ongoing', 'recurrence', 'start_date', 'due_date', 'closed_at'])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId);
  if (taskIds) q = q.where('id', 'in', taskIds.length ? taskIds : ['00000000-0000-0000-0000-000000000000']);
  const tasks = await q.orderBy('position').execute();
  if (tasks.length === 0) return { tasks, milestones: [], reports: [] };
  const ids = tasks.map((t) => t.id);
  const milestones: { task_id: string; due_date: string | null; percent: number | null }[] = [];
  const reports: {
    task_id: string;
    kind: string;
    status: string;
    percent: number | null;
    period_end: string;
    due_date: string | null;
    submitted_at: Date | null;
    reviewed_at: Date | null;
    source: string;
  }[] = [];
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
    // The lead unit's reports are the task's reports; a supporting unit's report goes to the lead unit.
    reports.push(
      ...(await db
        .selectFrom('task_reports')
        .select(['task_id', 'kind', 'status', 'percent', 'period_end', 'due_date', 'submitted_at', 'reviewed_at', 'source'])
        .where('region_code', '=', regionCode)
        .where('task_id', 'in', chunk)
        .where('role', '=', 'lead')
        .execute()),
    );
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

/** Stores standings, replacing what was stored for those tasks. */
export async function saveProgress(db: Q, rows: ProgressRow[]): Promise<void> {
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
          updated_at: new Date(),
        })),
      )
      .execute();
  }
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
