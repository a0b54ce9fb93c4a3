import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { EscalationAction, EscalationStatus } from './tracking.escalations.domain.ts';
import { shownStanding } from './tracking.progress.domain.ts';
import { shownDay } from './tracking.progress.repo.ts';

type Q = Db | Tx;

const COLUMNS = [
  'e.id',
  'e.region_code',
  'e.plan_id',
  'e.task_id',
  'e.year',
  'e.number',
  'e.unit_id',
  'e.unit_name',
  'e.leader_person_id',
  'e.leader_name',
  'e.source',
  'e.reason',
  'e.requirements',
  'e.reply_due',
  'e.status',
  'e.answer',
  'e.answered_by_name',
  'e.answered_at',
  'e.return_reason',
  'e.close_note',
  'e.closed_at',
  'e.issued_by_name',
  'e.issued_at',
  'e.updated_at',
  'e.version',
] as const;

/** Filters of the list of notices; `unitIds`/`leaderPersonId` narrow it to what a unit's side or a leader may see. */
export interface EscalationFilter {
  regionCode?: string;
  id?: string;
  taskId?: string;
  status?: EscalationStatus[];
  unitId?: string;
  planId?: string;
  /** Only notices sent to these units or to this leader (a caller who is not a supervisor). */
  reach?: { unitIds: string[]; leaderPersonId: string | null };
  limit?: number;
}

/** Notices with their task and plan (for the read rule and the list), newest first. */
export function findEscalations(db: Q, f: EscalationFilter) {
  let q = db
    .selectFrom('escalations as e')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'e.region_code').onRef('t.id', '=', 'e.task_id'))
    .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 'e.region_code').onRef('p.id', '=', 'e.plan_id'))
    .leftJoin('units as un', 'un.id', 'e.unit_id')
    .select(COLUMNS)
    .select('un.short_name as unit_short_name')
    .select(['t.seq as task_seq', 't.title as task_title', 't.due_date as task_due_date', 'p.title as plan_title', 'p.status as plan_status', 'p.owner_unit_id as plan_owner_unit_id']);
  if (f.regionCode) q = q.where('e.region_code', '=', f.regionCode);
  if (f.id) q = q.where('e.id', '=', f.id);
  if (f.taskId) q = q.where('e.task_id', '=', f.taskId);
  if (f.status?.length) q = q.where('e.status', 'in', f.status);
  if (f.unitId) q = q.where('e.unit_id', '=', f.unitId);
  if (f.planId) q = q.where('e.plan_id', '=', f.planId);
  if (f.reach) {
    const { unitIds, leaderPersonId } = f.reach;
    q = q.where((eb) => {
      const ors = [];
      if (unitIds.length) ors.push(eb('e.unit_id', 'in', unitIds));
      if (leaderPersonId) ors.push(eb('e.leader_person_id', '=', leaderPersonId));
      return ors.length ? eb.or(ors) : eb.val(false);
    });
  }
  return q
    .orderBy('e.issued_at', 'desc')
    .orderBy('e.number', 'desc')
    .limit(f.limit ?? 1000)
    .execute();
}
export type EscalationRow = Awaited<ReturnType<typeof findEscalations>>[number];

/** Entry lookup: a URL names a notice by id alone; this one query finds its region, every later one carries it. */
export function findEscalationById(db: Q, id: string) {
  return db.selectFrom('escalations').select(['id', 'region_code', 'task_id']).where('id', '=', id).executeTakeFirst();
}

/** The open notice of a task, if any (a task has at most one). */
export function openEscalationOfTask(db: Q, regionCode: string, taskId: string) {
  return db.selectFrom('escalations').select(['id', 'status']).where('region_code', '=', regionCode).where('task_id', '=', taskId).where('status', '<>', 'closed').executeTakeFirst();
}

/**
 * Locks the counter of a region and year for this transaction (made at 0 the first time): a concurrent issue waits
 * here until this one commits, then reads the number it gave.
 */
export async function lockCounter(trx: Tx, regionCode: string, year: number): Promise<number> {
  await trx.insertInto('escalation_counters').values({ region_code: regionCode, year, last_number: 0 }).onConflict((oc) => oc.columns(['region_code', 'year']).doNothing()).execute();
  const row = await trx.selectFrom('escalation_counters').select('last_number').where('region_code', '=', regionCode).where('year', '=', year).forUpdate().executeTakeFirstOrThrow();
  return row.last_number;
}

/** Takes the next number of a region and year (its counter locked by lockCounter in this transaction). */
export async function nextNumber(trx: Tx, regionCode: string, year: number): Promise<number> {
  const row = await trx
    .updateTable('escalation_counters')
    .set((eb) => ({ last_number: eb('last_number', '+', 1) }))
    .where('region_code', '=', regionCode)
    .where('year', '=', year)
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

/** Locks a notice row for a step in this transaction (a second click waits, then sees the new status). */
export async function lockEscalation(trx: Tx, regionCode: string, id: string): Promise<void> {
  await sql`select id from escalations where region_code = ${regionCode} and id = ${id} for update`.execute(trx);
}

/** Appends one step to a notice's timeline. */
export async function addEvent(
  trx: Tx,
  e: { regionCode: string; escalationId: string; action: EscalationAction; from: string | null; to: string; note?: string | null; userId: string | null; actorName: string },
) {
  await trx
    .insertInto('escalation_events')
    .values({ region_code: e.regionCode, escalation_id: e.escalationId, action: e.action, from_status: e.from, to_status: e.to, note: e.note ?? null, actor_user_id: e.userId, actor_name: e.actorName })
    .execute();
}

/** The timeline of a notice, oldest first. */
export function loadEvents(db: Q, regionCode: string, escalationId: string) {
  return db
    .selectFrom('escalation_events')
    .select(['id', 'action', 'from_status', 'to_status', 'note', 'actor_name', 'at'])
    .where('region_code', '=', regionCode)
    .where('escalation_id', '=', escalationId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * Tasks of issued plans with a red warning and no open notice, in every region, with their lead unit and leader and
 * the stored reason in words: the notices the rules suggest.
 */
export async function redTasksWithoutOpenEscalation(db: Q, opts: { planId?: string }) {
  let q = db
    .selectFrom('task_progress as tp')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tp.region_code').onRef('t.id', '=', 'tp.task_id'))
    .innerJoin('plans as p', (j) => j.onRef('p.region_code', '=', 'tp.region_code').onRef('p.id', '=', 'tp.plan_id'))
    .leftJoin('plan_progress_rules as r', (j) => j.onRef('r.region_code', '=', 'tp.region_code').onRef('r.plan_id', '=', 'tp.plan_id'))
    .leftJoin('task_units as tu', (j) => j.onRef('tu.region_code', '=', 't.region_code').onRef('tu.task_id', '=', 't.id').on('tu.role', '=', 'lead'))
    .leftJoin('units as u', 'u.id', 'tu.unit_id')
    .select([
      'tp.region_code',
      'tp.task_id',
      'tp.plan_id',
      'tp.class',
      'tp.warning',
      'tp.late_reports',
      'tp.reason_zh',
      'tp.reason_en',
      'tp.expected',
      'tp.expected_line',
      shownDay('tp').as('as_of'),
      'r.red_late_reports',
      't.seq',
      't.title',
      't.due_date',
      'p.title as plan_title',
      'tu.unit_id',
      'u.name as unit_name',
      'u.short_name as unit_short_name',
    ])
    .where('tp.warning', '=', 'red')
    .where('p.status', '=', 'issued')
    .where('t.closed_at', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('escalations as e')
            .select('e.id')
            .whereRef('e.region_code', '=', 'tp.region_code')
            .whereRef('e.task_id', '=', 'tp.task_id')
            .where('e.status', '<>', 'closed'),
        ),
      ),
    );
  if (opts.planId) q = q.where('tp.plan_id', '=', opts.planId);
  return (await q.orderBy('p.title').orderBy('t.position').limit(1000).execute()).map(shownStanding);
}

/** The stored standing of one task (the rule that suggests a notice reads it). */
export async function standingOf(db: Q, regionCode: string, taskId: string) {
  const row = await db
    .selectFrom('task_progress as tp')
    .leftJoin('plan_progress_rules as r', (j) => j.onRef('r.region_code', '=', 'tp.region_code').onRef('r.plan_id', '=', 'tp.plan_id'))
    .select(['tp.class', 'tp.warning', 'tp.late_reports', shownDay('tp').as('as_of'), 'tp.expected', 'tp.expected_line', 'tp.reason_zh', 'tp.reason_en', 'r.red_late_reports'])
    .where('tp.region_code', '=', regionCode)
    .where('tp.task_id', '=', taskId)
    .executeTakeFirst();
  return row && shownStanding(row);
}

/** Notices issued in [from, to) by unit and by lead leader, in every region (the results record counts them). */
export async function countIssued(db: Q, from: Date, to: Date, plan?: { id: string; region_code: string }) {
  let base = db.selectFrom('escalations').where('issued_at', '>=', from).where('issued_at', '<', to);
  if (plan) base = base.where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id);
  const [byUnit, byLeader] = await Promise.all([
    base.select((eb) => ['unit_id', eb.fn.max('unit_name').as('unit_name'), eb.fn.countAll<string>().as('n')]).where('unit_id', 'is not', null).groupBy('unit_id').execute(),
    base.select(['leader_person_id', 'leader_name']).select((eb) => eb.fn.countAll<string>().as('n')).where('leader_name', 'is not', null).groupBy(['leader_person_id', 'leader_name']).execute(),
  ]);
  return { byUnit, byLeader };
}

/** The unit of the supervisor who issued a notice (the issuing office on the Word notice), or null. */
export async function issuingOffice(db: Q, id: string, regionCode: string): Promise<string | null> {
  const row = await db
    .selectFrom('escalations as e')
    .innerJoin('users as u', 'u.id', 'e.issued_by')
    .innerJoin('units as un', 'un.id', 'u.unit_id')
    .select('un.name')
    .where('e.region_code', '=', regionCode)
    .where('e.id', '=', id)
    .executeTakeFirst();
  return row?.name ?? null;
}
