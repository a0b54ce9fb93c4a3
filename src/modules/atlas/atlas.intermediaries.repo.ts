import type { Insertable } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { AtlasIntermediaryTables } from './atlas.intermediaries.tables.ts';

type Handle = Db | Tx;

const COLUMNS = ['region_code', 'id', 'name', 'kind', 'uscc', 'contact', 'address', 'website', 'chain_ids', 'cluster_ids', 'note', 'updated_at'] as const;

/** An intermediary by id, in whichever region it is registered (a URL names it by id alone). */
export async function intermediaryById(db: Handle, id: string) {
  return db.selectFrom('atlas_intermediaries').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Every intermediary, by region and name (a short list: tens to a few hundred rows). */
export async function allIntermediaries(db: Handle) {
  return db.selectFrom('atlas_intermediaries').select(COLUMNS).orderBy('region_code').orderBy('name').execute();
}

export type IntermediaryRow = Awaited<ReturnType<typeof allIntermediaries>>[number];

/** Another intermediary holding a USCC, in any region (a code is national), or undefined. */
export async function intermediaryByUscc(db: Handle, uscc: string, exceptId: string | null) {
  return db
    .selectFrom('atlas_intermediaries')
    .select(['region_code', 'id', 'name'])
    .where('uscc', '=', uscc)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
}

/** The members of intermediaries of one region (by their ids). */
export async function membersOf(db: Handle, regionCode: string, intermediaryIds: string[]) {
  if (intermediaryIds.length === 0) return [];
  return db
    .selectFrom('atlas_intermediary_members')
    .select(['intermediary_id', 'uscc', 'role', 'since'])
    .where('region_code', '=', regionCode)
    .where('intermediary_id', 'in', intermediaryIds)
    .execute();
}

export type MemberRow = Awaited<ReturnType<typeof membersOf>>[number];

/** Every membership row of every region (the list's counts and the 堵点's channels; a short table per region). */
export async function allMembers(db: Handle) {
  return db.selectFrom('atlas_intermediary_members').select(['region_code', 'intermediary_id', 'uscc', 'role', 'since']).execute();
}

/** The memberships of enterprises (by USCC), whatever region keeps the intermediary. */
export async function membershipsOfUsccs(db: Handle, usccs: string[]) {
  if (usccs.length === 0) return [];
  return db
    .selectFrom('atlas_intermediary_members as m')
    .innerJoin('atlas_intermediaries as i', (j) => j.onRef('i.region_code', '=', 'm.region_code').onRef('i.id', '=', 'm.intermediary_id'))
    .select(['m.uscc', 'm.role', 'm.since', 'i.id', 'i.region_code', 'i.name', 'i.kind'])
    .where('m.uscc', 'in', usccs)
    .execute();
}

/** Directory enterprises holding any of the codes (in any region: a USCC is national). */
export async function enterprisesByUsccs(db: Handle, usccs: string[]) {
  if (usccs.length === 0) return [];
  return db.selectFrom('atlas_enterprises').select(['id', 'region_code', 'uscc', 'name', 'tags']).where('uscc', 'in', usccs).execute();
}

/** The chains of clusters (by id), in whichever regions they are kept. */
export async function clusterChains(db: Handle, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('atlas_clusters').select(['id', 'name', 'region_code', 'chain_ids']).where('id', 'in', ids).execute();
}

/** Adds members or changes their role and date (by USCC). */
export async function upsertMembers(trx: Tx, rows: Insertable<AtlasIntermediaryTables['atlas_intermediary_members']>[]) {
  if (rows.length === 0) return;
  await trx
    .insertInto('atlas_intermediary_members')
    .values(rows)
    .onConflict((oc) => oc.columns(['region_code', 'intermediary_id', 'uscc']).doUpdateSet({ role: (eb) => eb.ref('excluded.role'), since: (eb) => eb.ref('excluded.since') }))
    .execute();
}

/** Removes one member; whether there was one. */
export async function deleteMember(trx: Tx, regionCode: string, intermediaryId: string, uscc: string): Promise<boolean> {
  const r = await trx.deleteFrom('atlas_intermediary_members').where('region_code', '=', regionCode).where('intermediary_id', '=', intermediaryId).where('uscc', '=', uscc).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The names of chains (by id); a reference table. */
export async function chainNames(db: Handle, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('atlas_chains').select(['id', 'name']).where('id', 'in', ids).execute();
}
