import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
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

export type ZoneRow = Awaited<ReturnType<typeof allZones>>[number];
export type ClusterRow = Awaited<ReturnType<typeof allClusters>>[number];
