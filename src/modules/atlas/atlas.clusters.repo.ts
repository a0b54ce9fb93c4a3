import { sql, type Insertable } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Database } from '../../server/database.ts';
import type { Tx } from '../../server/service-context.ts';

type Handle = Db | Tx;

const ZONE_COLUMNS = ['region_code', 'id', 'name', 'name_en', 'kind', 'district_codes', 'lat', 'lng', 'radius_km', 'focus', 'note', 'updated_at'] as const;
const CLUSTER_COLUMNS = ['region_code', 'id', 'name', 'name_en', 'level', 'chain_ids', 'zone_ids', 'leading_enterprises', 'targets', 'description', 'promotion_body', 'updated_at'] as const;

/** Carrier zones by id, in whichever region each lies (a cluster names its zones by id; a URL names one by id). */
export async function zonesByIds(db: Handle, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('atlas_zones').select(ZONE_COLUMNS).where('id', 'in', ids).execute();
}

/** Every carrier zone, by region and name (a short list). */
export async function allZones(db: Handle) {
  return db.selectFrom('atlas_zones').select(ZONE_COLUMNS).orderBy('region_code').orderBy('name').execute();
}

/** A cluster by id, in whichever region it is kept. */
export async function clusterById(db: Handle, id: string) {
  return db.selectFrom('atlas_clusters').select(CLUSTER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/** Every cluster, by region and name (a short list). */
export async function allClusters(db: Handle) {
  return db.selectFrom('atlas_clusters').select(CLUSTER_COLUMNS).orderBy('region_code').orderBy('name').execute();
}

/** The clusters that grow around a zone, whatever region keeps them. */
export async function clustersOfZone(db: Handle, zoneId: string) {
  return db.selectFrom('atlas_clusters').select(['region_code', 'id', 'name']).where(sql<boolean>`${zoneId}::uuid = any(zone_ids)`).execute();
}

/** Whether a name is taken by another zone of the region. */
export async function zoneNameTaken(db: Handle, regionCode: string, name: string, exceptId: string | null) {
  const row = await db
    .selectFrom('atlas_zones')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('name', '=', name)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return Boolean(row);
}

/** Whether a name is taken by another cluster of the region. */
export async function clusterNameTaken(db: Handle, regionCode: string, name: string, exceptId: string | null) {
  const row = await db
    .selectFrom('atlas_clusters')
    .select('id')
    .where('region_code', '=', regionCode)
    .where('name', '=', name)
    .$if(exceptId !== null, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst();
  return Boolean(row);
}

export type ZoneRow = Awaited<ReturnType<typeof allZones>>[number];
export type ClusterRow = Awaited<ReturnType<typeof allClusters>>[number];

/**
 * Writes a carrier zone's or a cluster's row: a new one, or over `before`. A row moved to another region is written
 * anew on its shard with the same id, and an update leaves the region out: Citus refuses a SET of the distribution
 * column, even to its own value.
 */
export async function writeRegionalRow<T extends 'atlas_zones' | 'atlas_clusters'>(
  trx: Tx,
  table: T,
  values: Insertable<Database[T]> & { region_code: string },
  before: { id: string; region_code: string } | null,
  createdBy: string | null,
): Promise<string> {
  // Both tables key their rows by (region_code, id) and keep created_by; the casts name one of them for Kysely's types.
  const t = table as 'atlas_zones';
  const row = values as unknown as Insertable<Database['atlas_zones']>;
  if (!before) return (await trx.insertInto(t).values({ ...row, created_by: createdBy }).returning('id').executeTakeFirstOrThrow()).id;
  if (before.region_code === values.region_code) {
    const { region_code: _same, ...changes } = row;
    await trx.updateTable(t).set(changes).where('region_code', '=', before.region_code).where('id', '=', before.id).execute();
  } else {
    await trx.deleteFrom(t).where('region_code', '=', before.region_code).where('id', '=', before.id).execute();
    await trx.insertInto(t).values({ ...row, id: before.id, created_by: createdBy }).execute();
  }
  return before.id;
}
