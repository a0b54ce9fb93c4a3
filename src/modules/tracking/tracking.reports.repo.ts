import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ReportAction } from './tracking.tables.ts';

type Q = Db | Tx;

const REPORT_COLUMNS = [
  'r.id',
  'r.region_code',
  'r.plan_id',
  'r.task_id',
  'r.unit_id',
  'r.role',
  'r.kind',
  'r.period',
  'r.period_end',
  'r.due_date',
  'r.status',
  'r.done_text',
  'r.percent',
  'r.milestones_reached',
  'r.indicator_values',
  'r.problems',
  'r.help_needed',
  'r.next_steps',
  'r.quoted_report_ids',
  'r.source',
  'r.source_name',
  'r.source_row',
  'r.return_reason',
  'r.submitted_at',
  'r.reviewed_at',
  'r.created_at',
  'r.updated_at',
  'r.version',
] as const;

/** Reports with their unit's name, by id or by task (in period order, lead unit first). */
export async function findReports(db: Q, where: { regionCode?: string; id?: string; taskId?: string; ids?: string[] }) {
  let q = db.selectFrom('task_reports as r').innerJoin('units as u', 'u.id', 'r.unit_id').select(REPORT_COLUMNS).select(['u.name as unit_name', 'u.short_name as unit_short_name']);
  if (where.regionCode) q = q.where('r.region_code', '=', where.regionCode);
  if (where.id) q = q.where('r.id', '=', where.id);
  if (where.ids) q = q.where('r.id', 'in', where.ids.length ? where.ids : ['00000000-0000-0000-0000-000000000000']);
  if (where.taskId) q = q.where('r.task_id', '=', where.taskId);
  const rows = await q.orderBy('r.period_end', 'desc').orderBy('r.role', 'desc').orderBy('r.created_at').execute();
  return rows.map((r) => ({ ...r, percent: r.percent === null ? null : Number(r.percent) }));
}
export type ReportRow = Awaited<ReturnType<typeof findReports>>[number];

/** Entry lookup: a URL names a report by id alone; this one query finds its region, every later one carries it. */
export function findReportById(db: Q, id: string) {
  return db.selectFrom('task_reports').select(['id', 'region_code', 'task_id']).where('id', '=', id).executeTakeFirst();
}

/** Entry lookup: a URL names an evidence file by id alone; this one query finds its report and region. */
export function findEvidenceById(db: Q, id: string) {
  return db.selectFrom('report_evidence').select(['id', 'report_id', 'region_code', 'file_name']).where('id', '=', id).executeTakeFirst();
}

/** Entry lookup: a URL names a deadline change by id alone; this one query finds it and its region. */
export function findDeadlineChangeById(db: Q, id: string) {
  return db.selectFrom('deadline_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks a report row for a state change in this transaction (a second click waits, then sees the new state). */
export async function lockReport(trx: Tx, regionCode: string, id: string): Promise<void> {
  await sql`select id from task_reports where region_code = ${regionCode} and id = ${id} for update`.execute(trx);
}

/** Appends one step to a report's timeline. */
export async function addEvent(
  trx: Tx,
  e: { regionCode: string; reportId: string; taskId: string; action: ReportAction; from: string | null; to: string; reason?: string | null; userId: string | null; actorName: string },
) {
  await trx
    .insertInto('report_events')
    .values({ region_code: e.regionCode, report_id: e.reportId, task_id: e.taskId, action: e.action, from_status: e.from, to_status: e.to, reason: e.reason ?? null, actor_user_id: e.userId, actor_name: e.actorName })
    .execute();
}

/** The timeline of a task's reports, oldest first. */
export function loadEvents(db: Q, regionCode: string, taskId: string) {
  return db
    .selectFrom('report_events')
    .select(['id', 'report_id', 'action', 'from_status', 'to_status', 'reason', 'actor_name', 'at'])
    .where('region_code', '=', regionCode)
    .where('task_id', '=', taskId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Evidence files of reports (without their bytes). */
export function listEvidence(db: Q, regionCode: string, reportIds: string[]) {
  if (reportIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report_evidence')
    .select(['id', 'report_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'created_at'])
    .where('region_code', '=', regionCode)
    .where('report_id', 'in', reportIds)
    .orderBy('created_at')
    .execute();
}

/** Deadline change requests of a task, newest first. */
export function listDeadlineChanges(db: Q, regionCode: string, taskId: string) {
  return db.selectFrom('deadline_changes').selectAll().where('region_code', '=', regionCode).where('task_id', '=', taskId).orderBy('requested_at', 'desc').execute();
}

/**
 * The tasks of issued plans that name one of these units as lead or supporting unit, with the plan's schedule; the
 * rows a unit's page (我的填报) starts from.
 */
export function tasksOfUnits(db: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('task_units as tu')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tu.region_code').onRef('t.id', '=', 'tu.task_id'))
    .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 't.region_code').onRef('p.id', '=', 't.plan_id'))
    .select([
      'tu.unit_id',
      'tu.role',
      't.id as task_id',
      't.region_code',
      't.seq',
      't.title',
      't.due_date',
      't.recurrence',
      't.closed_at',
      'p.id as plan_id',
      'p.title as plan_title',
      'p.issued_date',
      'p.report_cycle',
      'p.report_due_day',
    ])
    .where('tu.unit_id', 'in', unitIds)
    .where('p.status', '=', 'issued')
    .orderBy('p.title')
    .orderBy('t.position')
    .execute();
}

/** The reports of some units on some tasks, in the regions given (a unit's page). */
export function unitReports(db: Q, regionCodes: string[], unitIds: string[], taskIds: string[]) {
  return db
    .selectFrom('task_reports')
    .select(['id', 'task_id', 'unit_id', 'period', 'status', 'return_reason', 'kind'])
    .where('region_code', 'in', regionCodes)
    .where('unit_id', 'in', unitIds)
    .where('task_id', 'in', taskIds)
    .execute();
}

/**
 * Submitted reports waiting for review, in every region: the tasks' reports (for supervisors) and the supporting units'
 * reports on tasks the given units lead (for their editors).
 */
export async function reviewQueueRows(db: Q, opts: { supervising: boolean; leadUnitIds: string[] }) {
  const rows = await db
    .selectFrom('task_reports as r')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'r.region_code').onRef('t.id', '=', 'r.task_id'))
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.id', 'r.task_id', 'r.plan_id', 'r.role', 'r.kind', 'r.period', 'r.percent', 'r.done_text', 'r.submitted_at', 't.seq', 't.title', 'u.short_name as unit_short_name', 'u.name as unit_name'])
    .where('r.status', '=', 'submitted')
    .where((eb) => {
      const ors = [];
      if (opts.supervising) ors.push(eb('r.role', '=', 'lead'));
      if (opts.leadUnitIds.length) {
        ors.push(
          eb.and([
            eb('r.role', '=', 'co'),
            eb.exists(
              eb
                .selectFrom('task_units as tu')
                .select('tu.task_id')
                .whereRef('tu.region_code', '=', 'r.region_code')
                .whereRef('tu.task_id', '=', 'r.task_id')
                .where('tu.role', '=', 'lead')
                .where('tu.unit_id', 'in', opts.leadUnitIds),
            ),
          ]),
        );
      }
      return ors.length ? eb.or(ors) : eb.val(false);
    })
    .orderBy('r.submitted_at')
    .limit(500)
    .execute();
  return rows.map((r) => ({ ...r, percent: r.percent === null ? null : Number(r.percent) }));
}

/**
 * Pending deadline change requests (时限调整申请) of every region, oldest first, with their task and the requesting
 * unit: the supervisors' queue beside the review queue.
 */
export function pendingDeadlineChanges(db: Q) {
  return db
    .selectFrom('deadline_changes as c')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'c.region_code').onRef('t.id', '=', 'c.task_id'))
    .leftJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.task_id', 'c.unit_id', 't.plan_id', 't.seq', 't.title', 'c.old_due_date', 'c.new_due_date', 'c.reason', 'c.requested_at', 'u.short_name as unit_short_name', 'u.name as unit_name'])
    .where('c.status', '=', 'pending')
    .orderBy('c.requested_at')
    .limit(500)
    .execute();
}

/** Tracking's rows for `luoshi status`: reports by status, evidence files, deadline change requests still open, closed tasks. */
export async function countTrackingRows(db: Q): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select
    (select count(*)::int from task_reports) as reports,
    (select count(*)::int from task_reports where status = 'draft') as reports_draft,
    (select count(*)::int from task_reports where status = 'submitted') as reports_submitted,
    (select count(*)::int from task_reports where status = 'returned') as reports_returned,
    (select count(*)::int from task_reports where status = 'accepted') as reports_accepted,
    (select count(*)::int from report_evidence) as evidence_files,
    (select count(*)::int from deadline_changes where status = 'pending') as deadline_changes_pending,
    (select count(*)::int from tasks where closed_at is not null) as tasks_closed`.execute(db);
  return { ...rows[0] };
}
