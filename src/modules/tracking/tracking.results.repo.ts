import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

type Q = Db | Tx;

/**
 * What the results record needs of a plan's tasks: deadlines and closing, lead and supporting units, lead leaders
 * (names as written while unmatched) and the days approved deadline changes were decided.
 */
export async function planResultFacts(db: Q, regionCode: string, planId: string) {
  const d = db as Db;
  const [tasks, units, leaders, changes] = await Promise.all([
    d.selectFrom('tasks').select(['id', 'due_date', 'closed_at']).where('region_code', '=', regionCode).where('plan_id', '=', planId).execute(),
    d
      .selectFrom('task_units as u')
      .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'u.region_code').onRef('t.id', '=', 'u.task_id'))
      .leftJoin('units as un', 'un.id', 'u.unit_id')
      .select(['u.task_id', 'u.role', sql<string>`coalesce(u.unit_id::text, u.raw_name)`.as('key'), sql<string>`coalesce(un.name, u.raw_name)`.as('name')])
      .where('u.region_code', '=', regionCode)
      .where('t.plan_id', '=', planId)
      .execute(),
    d
      .selectFrom('task_leaders as l')
      .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'l.region_code').onRef('t.id', '=', 'l.task_id'))
      .leftJoin('people as pe', 'pe.id', 'l.person_id')
      .select(['l.task_id', sql<string>`coalesce(l.person_id::text, l.raw_name)`.as('key'), sql<string>`coalesce(pe.name, l.raw_name)`.as('name')])
      .where('l.region_code', '=', regionCode)
      .where('t.plan_id', '=', planId)
      .execute(),
    d
      .selectFrom('deadline_changes as c')
      .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'c.region_code').onRef('t.id', '=', 'c.task_id'))
      .select(['c.task_id', 'c.decided_at'])
      .where('c.region_code', '=', regionCode)
      .where('t.plan_id', '=', planId)
      .where('c.status', '=', 'approved')
      .execute(),
  ]);
  return { tasks, units, leaders, changes };
}

