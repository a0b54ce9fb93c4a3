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
export async function loadTasks(db: Q, opts: { regionCode: string; planId?: string; taskId?: string; afterPosition?: number; limit?: number }) {
  let q = db.selectFrom('tasks').selectAll().where('region_code', '=', opts.regionCode);
  if (opts.planId) q = q.where('plan_id', '=', opts.planId);
  if (opts.taskId) q = q.where('id', '=', opts.taskId);
  if (opts.afterPosition !== undefined) q = q.where('position', '>', opts.afterPosition);
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

/** Streams a plan's tasks in order, a page at a time, so an export of 100,000 tasks never holds them all. */
export async function* streamTasks(db: Q, plan: { id: string; region_code: string }, pageSize = 2000) {
  let after = -1;
  for (;;) {
    const page = await loadTasks(db, { regionCode: plan.region_code, planId: plan.id, afterPosition: after, limit: pageSize });
    for (const t of page) yield t;
    if (page.length < pageSize) return;
    after = page[page.length - 1].position;
  }
}
