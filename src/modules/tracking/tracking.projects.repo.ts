import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ProjectKind, ProjectStage } from './tracking.projects.domain.ts';

type Q = Db | Tx;

/** A project row as the services hand it on. */
export type ProjectRow = Awaited<ReturnType<typeof findProjects>>[number];

/** Entry lookup: a URL names a project by id alone; this one query finds its task and region. */
export function findProjectById(db: Q, id: string) {
  return db.selectFrom('task_projects').select(['id', 'region_code', 'task_id', 'plan_id']).where('id', '=', id).executeTakeFirst();
}

/** Filters of a plan's project list. */
export interface ProjectFilter {
  stage?: ProjectStage;
  kind?: ProjectKind;
  /** The lead unit of the project's task. */
  unitId?: string;
  /** The project's region, or one below it. */
  siteRegionCode?: string;
}

/** Projects of a task, or of a plan (filtered), in order of their task and creation, with the task and its lead unit. */
export async function findProjects(db: Q, where: { regionCode: string; planId?: string; taskId?: string; id?: string } & ProjectFilter) {
  let q = db
    .selectFrom('task_projects as p')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'p.region_code').onRef('t.id', '=', 'p.task_id'))
    .leftJoin('task_units as tu', (j) => j.onRef('tu.region_code', '=', 'p.region_code').onRef('tu.task_id', '=', 'p.task_id').on('tu.role', '=', 'lead'))
    .leftJoin('units as u', 'u.id', 'tu.unit_id')
    .leftJoin('regions as r', 'r.code', 'p.site_region_code')
    .select([
      'p.id',
      'p.region_code',
      'p.plan_id',
      'p.task_id',
      'p.kind',
      'p.name',
      'p.amount',
      'p.site_region_code',
      'r.name as site_region_name',
      'p.partner_name',
      'p.partner_uscc',
      'p.chain_segment',
      'p.segment_id',
      'p.stage',
      'p.signed_on',
      'p.started_on',
      'p.producing_on',
      'p.full_on',
      'p.source_kind',
      'p.source_ref',
      'p.created_at',
      'p.updated_at',
      'p.version',
      't.seq as task_seq',
      't.title as task_title',
      'tu.unit_id as lead_unit_id',
      sql<string | null>`coalesce(u.short_name, u.name, tu.raw_name)`.as('lead_unit_name'),
    ])
    .where('p.region_code', '=', where.regionCode);
  if (where.id) q = q.where('p.id', '=', where.id);
  if (where.taskId) q = q.where('p.task_id', '=', where.taskId);
  if (where.planId) q = q.where('p.plan_id', '=', where.planId);
  if (where.stage) q = q.where('p.stage', '=', where.stage);
  if (where.kind) q = q.where('p.kind', '=', where.kind);
  if (where.unitId) q = q.where('tu.unit_id', '=', where.unitId);
  if (where.siteRegionCode) {
    const code = where.siteRegionCode;
    q = q.where((eb) => eb.or([eb('p.site_region_code', '=', code), eb('r.parent_code', '=', code)]));
  }
  return q.orderBy('t.position').orderBy('p.created_at').orderBy('p.id').execute();
}

/** The timeline of projects: events and notes, oldest first. */
export async function projectTimeline(db: Q, regionCode: string, projectIds: string[]) {
  if (projectIds.length === 0) return { events: [], reports: [] };
  const [events, reports] = await Promise.all([
    db.selectFrom('project_events').selectAll().where('region_code', '=', regionCode).where('project_id', 'in', projectIds).orderBy('at').orderBy('id').execute(),
    db.selectFrom('project_reports').selectAll().where('region_code', '=', regionCode).where('project_id', 'in', projectIds).orderBy('report_date').orderBy('created_at').execute(),
  ]);
  return { events, reports };
}

/** The lead unit and first lead leader of every task of the given plans (for sums by unit and by leader). */
export async function projectsWithLeads(db: Q, regionCode: string, planIds: string[]) {
  if (planIds.length === 0) return [];
  return db
    .selectFrom('task_projects as p')
    .leftJoin('task_units as tu', (j) => j.onRef('tu.region_code', '=', 'p.region_code').onRef('tu.task_id', '=', 'p.task_id').on('tu.role', '=', 'lead'))
    .leftJoin('units as u', 'u.id', 'tu.unit_id')
    .leftJoin('task_leaders as l', (j) => j.onRef('l.region_code', '=', 'p.region_code').onRef('l.task_id', '=', 'p.task_id').on('l.position', '=', 0))
    .leftJoin('people as pe', 'pe.id', 'l.person_id')
    .select([
      'p.id',
      'p.plan_id',
      'p.amount',
      'p.stage',
      'p.signed_on',
      'p.producing_on',
      'tu.unit_id',
      sql<string | null>`coalesce(u.short_name, u.name, tu.raw_name)`.as('unit_name'),
      'l.person_id',
      sql<string | null>`coalesce(pe.name, l.raw_name)`.as('leader_name'),
    ])
    .where('p.region_code', '=', regionCode)
    .where('p.plan_id', 'in', planIds)
    .execute();
}
