import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

type Q = Db | Tx;

/** An activity row with the name of the unit that held it. */
export type ActivityRow = Awaited<ReturnType<typeof findActivities>>[number];

/** Activities of a task or of a unit (or one by id), latest held first. */
export async function findActivities(db: Q, where: { regionCode: string; taskId?: string; unitId?: string; id?: string; limit?: number }) {
  let q = db
    .selectFrom('task_activities as a')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'a.region_code').onRef('t.id', '=', 'a.task_id'))
    .select([
      'a.id',
      'a.region_code',
      'a.task_id',
      't.seq as task_seq',
      't.title as task_title',
      'a.unit_id',
      sql<string>`coalesce(u.short_name, u.name)`.as('unit_name'),
      'a.kind',
      'a.title',
      'a.held_on',
      'a.participants',
      'a.outcome',
      'a.created_by',
      'a.author_name',
      'a.created_at',
    ])
    .where('a.region_code', '=', where.regionCode);
  if (where.taskId) q = q.where('a.task_id', '=', where.taskId);
  if (where.unitId) q = q.where('a.unit_id', '=', where.unitId);
  if (where.id) q = q.where('a.id', '=', where.id);
  q = q.orderBy('a.held_on', 'desc').orderBy('a.created_at', 'desc').orderBy('a.id');
  if (where.limit) q = q.limit(where.limit);
  return q.execute();
}

/** How many activities a unit held in its region. */
export async function countUnitActivities(db: Q, regionCode: string, unitId: string) {
  const row = await db
    .selectFrom('task_activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('region_code', '=', regionCode)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Entry lookup: a URL names an activity by id alone; this finds its task and region. */
export function findActivityById(db: Q, id: string) {
  return db.selectFrom('task_activities').select(['id', 'region_code', 'task_id', 'created_by', 'kind', 'title', 'held_on']).where('id', '=', id).executeTakeFirst();
}

/** An activity as the API hands it on, with whether the caller may remove it. */
export const activityView = (r: ActivityRow, canDelete: boolean) => ({
  id: r.id,
  taskId: r.task_id,
  taskSeq: r.task_seq,
  taskTitle: r.task_title,
  unitId: r.unit_id,
  unitName: r.unit_name,
  kind: r.kind,
  title: r.title,
  heldOn: r.held_on,
  participants: r.participants,
  outcome: r.outcome,
  authorName: r.author_name,
  createdAt: r.created_at,
  canDelete,
});
