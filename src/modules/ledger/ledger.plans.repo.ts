import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { FlatNode } from './ledger.versions.domain.ts';
import type { PlanMeta } from './ledger.tables.ts';

type Q = Db | Tx;

/** A plan as every query after the first one names it: its region (the shard) and its id. */
export interface PlanKey {
  id: string;
  region_code: string;
}

/**
 * The ids of the units a plan is sent to for consultation, as a column of a query on `plans` (the policy's PlanRef
 * needs them wherever a plan is read).
 */
export const consultedUnitIds = sql<string[]>`array(select pcu.unit_id::text from plan_consulted_units pcu where pcu.region_code = plans.region_code and pcu.plan_id = plans.id order by pcu.unit_id)`.as('consulted_unit_ids');

/** One plan row by region and id (with the units consulted on it), or undefined. */
export function findPlan(db: Q, plan: PlanKey) {
  return db.selectFrom('plans').selectAll().select(consultedUnitIds).where('region_code', '=', plan.region_code).where('id', '=', plan.id).executeTakeFirst();
}

/** The units a plan is sent to for consultation, with their names, by name. */
export function consultedUnits(db: Q, plan: PlanKey) {
  return db
    .selectFrom('plan_consulted_units')
    .innerJoin('units', 'units.id', 'plan_consulted_units.unit_id')
    .select(['units.id', 'units.name'])
    .where('plan_consulted_units.region_code', '=', plan.region_code)
    .where('plan_consulted_units.plan_id', '=', plan.id)
    .orderBy('units.name')
    .execute();
}

/** Replaces the units a plan is sent to for consultation. */
export async function replaceConsultedUnits(trx: Tx, plan: PlanKey, unitIds: readonly string[]): Promise<void> {
  await trx.deleteFrom('plan_consulted_units').where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute();
  if (unitIds.length) await trx.insertInto('plan_consulted_units').values(unitIds.map((unit_id) => ({ region_code: plan.region_code, plan_id: plan.id, unit_id }))).execute();
}

/**
 * One plan row by id alone, or undefined: the one lookup that finds a plan's region when only its id is known (a URL,
 * a parent plan). Every shard is asked on Citus, so everything after it goes by `findPlan` and the region.
 */
export function findPlanById(db: Q, id: string) {
  return db.selectFrom('plans').selectAll().select(consultedUnitIds).where('id', '=', id).executeTakeFirst();
}

/** A consultation comment by its id alone (a URL): the one lookup that finds its plan and region. */
export function findCommentById(db: Q, id: string) {
  return db.selectFrom('plan_comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The plans derived from a plan; they may lie in other regions (a district implementing a city's task). */
export function derivedPlans(db: Q, id: string) {
  return db.selectFrom('plans').select(['id', 'title', 'plan_type', 'status', 'owner_unit_id', 'parent_node_key']).where('parent_plan_id', '=', id).orderBy('created_at').execute();
}

/** A version's rows of nodes, in document order, as the versions domain wants them. */
export async function loadNodes(db: Q, plan: PlanKey, versionNumber: number): Promise<FlatNode[]> {
  const rows = await db
    .selectFrom('plan_nodes')
    .selectAll()
    .where('region_code', '=', plan.region_code)
    .where('plan_id', '=', plan.id)
    .where('version_number', '=', versionNumber)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    key: r.node_key,
    parentKey: r.parent_key,
    position: r.position,
    depth: r.depth,
    kind: r.kind,
    marker: r.marker,
    heading: r.heading,
    body: r.body,
    ordinal: r.ordinal,
    sourceLine: r.source_line,
  }));
}

/** Writes a new version with its nodes (batched) and makes it the plan's current one. */
export async function insertVersion(
  trx: Tx,
  plan: { id: string; region_code: string },
  number: number,
  data: { nodes: FlatNode[]; meta: PlanMeta; tables: unknown[]; note: string; sourceName?: string | null; sourceText?: string | null; createdBy: string | null },
): Promise<void> {
  await trx
    .insertInto('plan_versions')
    .values({
      region_code: plan.region_code,
      plan_id: plan.id,
      number,
      note: data.note,
      source_name: data.sourceName ?? null,
      source_text: data.sourceText ?? null,
      meta: JSON.stringify(data.meta),
      tables: JSON.stringify(data.tables),
      created_by: data.createdBy,
    })
    .execute();
  for (let i = 0; i < data.nodes.length; i += 1000) {
    await trx
      .insertInto('plan_nodes')
      .values(
        data.nodes.slice(i, i + 1000).map((n) => ({
          region_code: plan.region_code,
          plan_id: plan.id,
          version_number: number,
          node_key: n.key,
          parent_key: n.parentKey,
          position: n.position,
          depth: n.depth,
          kind: n.kind,
          marker: n.marker,
          heading: n.heading,
          body: n.body,
          ordinal: n.ordinal,
          source_line: n.sourceLine,
        })),
      )
      .execute();
  }
  await trx.updateTable('plans').set({ current_version: number, updated_at: new Date() }).where('region_code', '=', plan.region_code).where('id', '=', plan.id).execute();
}

/** Marks the plan as changed now (the plans list's 更新时间), when its tasks or their assignments change. */
export async function touchPlan(trx: Tx, plan: PlanKey): Promise<void> {
  await trx.updateTable('plans').set({ updated_at: new Date() }).where('region_code', '=', plan.region_code).where('id', '=', plan.id).execute();
}

/** A fresh node key. */
export const newNodeKey = (): string => crypto.randomUUID();

/** Ledger's rows for `luoshi status`: plans, their tasks and comments. */
export async function countLedgerRows(db: Q): Promise<Record<string, number>> {
  const { rows } = await sql<Record<string, number>>`select (select count(*)::int from plans) as plans, (select count(*)::int from tasks) as tasks,
    (select count(*)::int from plan_comments) as plan_comments`.execute(db);
  return { ...rows[0] };
}
