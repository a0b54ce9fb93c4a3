import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { ChiefItemValues, ChiefPerson, WorkingGroupMember } from './atlas.chiefs.domain.ts';

type Handle = Db | Tx;

const HEAD_COLUMNS = ['region_code', 'chain_key', 'chief', 'deputies', 'office_unit_id', 'office_name', 'office_contact', 'working_group', 'note', 'updated_by_name', 'updated_at'] as const;
const ITEM_COLUMNS = [
  'region_code',
  'id',
  'chain_key',
  'list',
  'name',
  'segment_key',
  'uscc',
  'role',
  'amount',
  'stage',
  'status',
  'chokepoint_id',
  'issuer',
  'doc_number',
  'issued_on',
  'link',
  'note',
  'as_of',
  'position',
  'tracked_plan_id',
  'tracked_task_id',
  'tracked_project_id',
  'tracked_region',
  'updated_by_name',
  'updated_at',
] as const;

/** A region's chain-chief record of a chain (its head fields), if it keeps one. */
export async function chiefHead(db: Handle, regionCode: string, chainKey: string) {
  return db.selectFrom('atlas_chain_chiefs').select(HEAD_COLUMNS).where('region_code', '=', regionCode).where('chain_key', '=', chainKey).executeTakeFirst();
}

/** The items of a region's lists for a chain, list by list in the order they were added. */
export async function chiefItems(db: Handle, regionCode: string, chainKey: string) {
  return db.selectFrom('atlas_chain_chief_items').select(ITEM_COLUMNS).where('region_code', '=', regionCode).where('chain_key', '=', chainKey).orderBy('list').orderBy('position').orderBy('created_at').execute();
}

/** One item of a region's lists. */
export async function chiefItem(db: Handle, regionCode: string, id: string) {
  return db.selectFrom('atlas_chain_chief_items').select(ITEM_COLUMNS).where('region_code', '=', regionCode).where('id', '=', id).executeTakeFirst();
}

/** The regions that keep a chain-chief record or list items for a chain (a short list). */
export async function chiefRegions(db: Handle, chainKey: string): Promise<string[]> {
  const [heads, items] = await Promise.all([
    db.selectFrom('atlas_chain_chiefs').select('region_code').where('chain_key', '=', chainKey).execute(),
    db.selectFrom('atlas_chain_chief_items').select('region_code').distinct().where('chain_key', '=', chainKey).execute(),
  ]);
  return [...new Set([...heads, ...items].map((r) => r.region_code))].sort();
}

export type ChiefHeadRow = NonNullable<Awaited<ReturnType<typeof chiefHead>>>;
export type ChiefItemRow = Awaited<ReturnType<typeof chiefItems>>[number];

export interface HeadValues {
  chief: ChiefPerson | null;
  deputies: ChiefPerson[];
  office_unit_id: string | null;
  office_name: string | null;
  office_contact: string | null;
  working_group: WorkingGroupMember[];
  note: string | null;
}

/** Writes a region's head fields of a chain's record, over what it had. */
export async function writeChiefHead(trx: Tx, regionCode: string, chainKey: string, v: HeadValues, by: { id: string | null; name: string }): Promise<void> {
  const values = {
    chief: v.chief ? JSON.stringify(v.chief) : null,
    deputies: JSON.stringify(v.deputies),
    office_unit_id: v.office_unit_id,
    office_name: v.office_name,
    office_contact: v.office_contact,
    working_group: JSON.stringify(v.working_group),
    note: v.note,
    updated_by: by.id,
    updated_by_name: by.name,
    updated_at: new Date(),
  };
  const had = await trx.selectFrom('atlas_chain_chiefs').select('chain_key').where('region_code', '=', regionCode).where('chain_key', '=', chainKey).executeTakeFirst();
  if (had) await trx.updateTable('atlas_chain_chiefs').set(values).where('region_code', '=', regionCode).where('chain_key', '=', chainKey).execute();
  else await trx.insertInto('atlas_chain_chiefs').values({ region_code: regionCode, chain_key: chainKey, ...values }).execute();
}

/** Adds an item at the end of its list. */
export async function insertChiefItem(trx: Tx, regionCode: string, chainKey: string, v: ChiefItemValues, by: { id: string | null; name: string }): Promise<string> {
  const last = await trx
    .selectFrom('atlas_chain_chief_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('region_code', '=', regionCode)
    .where('chain_key', '=', chainKey)
    .where('list', '=', v.list)
    .executeTakeFirst();
  const row = await trx
    .insertInto('atlas_chain_chief_items')
    .values({ region_code: regionCode, chain_key: chainKey, ...v, position: Number(last?.p ?? 0) + 1, updated_by: by.id, updated_by_name: by.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Changes an item (its list stays). */
export async function updateChiefItem(trx: Tx, regionCode: string, id: string, v: ChiefItemValues, by: { id: string | null; name: string }): Promise<void> {
  const { list: _list, ...changes } = v;
  await trx.updateTable('atlas_chain_chief_items').set({ ...changes, updated_by: by.id, updated_by_name: by.name, updated_at: new Date() }).where('region_code', '=', regionCode).where('id', '=', id).execute();
}

/** Deletes an item. */
export async function deleteChiefItem(trx: Tx, regionCode: string, id: string): Promise<void> {
  await trx.deleteFrom('atlas_chain_chief_items').where('region_code', '=', regionCode).where('id', '=', id).execute();
}
