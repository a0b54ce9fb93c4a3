import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

type Q = Db | Tx;

/**
 * A task's plan and region by the task's id alone: the one lookup when only the id is known (a URL). Every shard is
 * asked on Citus, so everything after it names the region.
 */
export function findTaskPlan(db: Q, taskId: string) {
  return db.selectFrom('tasks').select(['plan_id', 'region_code']).where('id', '=', taskId).executeTakeFirst();
}

/** Tasks of a plan in order, with leaders, units, milestones and indicators (names resolved where matched). */
export async function loadTasks(db: Q, opts: { regionCode: string; planId?: string; taskId?: string; afterPosition?: number; throughPosition?: number; limit?: number }) {
  let q = db.selectFrom('tasks').selectAll().where('region_code', '=', opts.regionCode);
  if (opts.planId) q = q.where('plan_id', '=', opts.planId);
  if (opts.taskId) q = q.where('id', '=', opts.taskId);
  if (opts.afterPosition !== undefined) q = q.where('position', '>', opts.afterPosition);
  if (opts.throughPosition !== undefined) q = q.where('position', '<=', opts.throughPosition);
  if (opts.limit) q = q.limit(opts.limit);
  const tasks = await q.orderBy('position').execute();
  if (tasks.length === 0) return [];
  const ids = tasks.map((t) => t.id);
  const byTask = <T extends { task_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.task_id, [...(m.get(r.task_id) ?? []), r]);
    return m;
  };
  const chunked = async <T>(load: (chunk: string[]) => Promise<T[]>) => {
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += 5000) out.push(...(await load(ids.slice(i, i + 5000))));
    return out;
  };
  const [leaders, units, milestones, indicators] = await Promise.all([
    chunked((c) =>
      db
        .selectFrom('task_leaders as l')
        .leftJoin('people as p', 'p.id', 'l.person_id')
        .select(['l.task_id', 'l.position', 'l.raw_name', 'l.person_id', 'p.name as person_name', 'p.title as person_title'])
        .where('l.region_code', '=', opts.regionCode)
        .where('l.task_id', 'in', c)
        .orderBy('l.position')
        .execute(),
    ),
    chunked((c) =>
      db
        .selectFrom('task_units as tu')
        .leftJoin('units as u', 'u.id', 'tu.unit_id')
        .select(['tu.task_id', 'tu.role', 'tu.position', 'tu.raw_name', 'tu.unit_id', 'u.name as unit_name', 'u.short_name as unit_short_name'])
        .where('tu.region_code', '=', opts.regionCode)
        .where('tu.task_id', 'in', c)
        .orderBy('tu.position')
        .execute(),
    ),
    chunked((c) => db.selectFrom('task_milestones').selectAll().where('region_code', '=', opts.regionCode).where('task_id', 'in', c).orderBy('position').execute()),
    chunked((c) => db.selectFrom('task_indicators').selectAll().where('region_code', '=', opts.regionCode).where('task_id', 'in', c).orderBy('position').execute()),
  ]);
  const L = byTask(leaders);
  const U = byTask(units);
  const M = byTask(milestones);
  const I = byTask(indicators);
  return tasks.map((t) => ({
    ...t,
    leaders: L.get(t.id) ?? [],
    leadUnit: (U.get(t.id) ?? []).find((u) => u.role === 'lead') ?? null,
    coUnits: (U.get(t.id) ?? []).filter((u) => u.role === 'co'),
    milestones: M.get(t.id) ?? [],
    indicators: I.get(t.id) ?? [],
  }));
}

/**
 * A plan's tasks in order (or those in a range of positions) with what the task-division table shows of them, in one
 * query: leaders and lead and supporting units as the table names them (the directory's name where matched, the
 * short name first for units, else as written), in their order. The subqueries join on the region as well (Citus joins
 * distributed tables only on their distribution column).
 */
export function loadTableTasks(db: Q, opts: { regionCode: string; planId: string; afterPosition?: number; throughPosition?: number }) {
  const units = (role: 'lead' | 'co') =>
    sql<string[]>`array(select coalesce(u.short_name, u.name, tu.raw_name) from task_units tu left join units u on u.id = tu.unit_id
      where tu.region_code = t.region_code and tu.task_id = t.id and tu.role = ${role} order by tu.position)`;
  let q = db
    .selectFrom('tasks as t')
    .select([
      't.id',
      't.position',
      't.seq',
      't.group_path',
      't.title',
      't.deadline_text',
      't.due_date',
      't.original_due_date',
      't.note',
      't.extra',
      sql<string[]>`array(select coalesce(p.name, l.raw_name) from task_leaders l left join people p on p.id = l.person_id
        where l.region_code = t.region_code and l.task_id = t.id order by l.position)`.as('leaders'),
      units('lead').as('lead_units'),
      units('co').as('co_units'),
    ])
    .where('t.region_code', '=', opts.regionCode)
    .where('t.plan_id', '=', opts.planId);
  if (opts.afterPosition !== undefined) q = q.where('t.position', '>', opts.afterPosition);
  if (opts.throughPosition !== undefined) q = q.where('t.position', '<=', opts.throughPosition);
  return q.orderBy('t.position').execute();
}

/** A task as the task-division table shows it (loadTableTasks). */
export type TableTask = Awaited<ReturnType<typeof loadTableTasks>>[number];

/**
 * Streams a plan's tasks in order, a page at a time, so an export of 100,000 tasks never holds them all. The plan's
 * positions are read first (a number a task) and each page by its range of positions: paged as "after the last
 * position, the first pageSize", PostgreSQL's planner, misjudging how many of a large plan's tasks lie past a
 * position, read and sorted every later task of the plan for each page (a 25,000-task plan: ~0.4 s a page instead of
 * a few ms). Each page is one query (loadTableTasks), and the next page is read while the caller works through the
 * current one.
 */
export async function* streamTasks(db: Q, plan: { id: string; region_code: string }, pageSize = 2000) {
  const positions = (await db.selectFrom('tasks').select('position').where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).orderBy('position').execute()).map((t) => t.position);
  // Each page's range starts after the last one's end, so tasks sharing a position are read once.
  const ranges: { after: number; through: number }[] = [];
  for (let i = 0, after = -Infinity; i < positions.length; i += pageSize) {
    const through = positions[Math.min(i + pageSize, positions.length) - 1];
    if (through <= after) continue;
    ranges.push({ after, through });
    after = through;
  }
  const load = (r: { after: number; through: number }) =>
    loadTableTasks(db, { regionCode: plan.region_code, planId: plan.id, afterPosition: Number.isFinite(r.after) ? r.after : undefined, throughPosition: r.through });
  let next = ranges.length ? load(ranges[0]) : null;
  for (let k = 0; next; k++) {
    const page = await next;
    next = k + 1 < ranges.length ? load(ranges[k + 1]) : null;
    // A page read ahead and never awaited (the caller stopped) must not fail unobserved.
    next?.catch(() => {});
    for (const t of page) yield t;
  }
}
