import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';

type Handle = Db | Tx;

/**
 * Rolls a chain's coverage cells up into the map's counts (atlas_map_counts, db/migrations/0030_atlas_map_counts.sql):
 * per region (its descendants included) and everywhere ('*'), per segment, the distinct enterprises linked by a
 * confirmed or uncertain link, of those the confirmed, and the latest as-of date. An enterprise has one region, so a
 * region's count is the sum of its regions' cells. Called where the cells are written, in their transaction: for one
 * region (`regionCode`, its cells just recounted), only that region's ancestors and '*' are summed again.
 */
export async function refreshMapCounts(db: Handle, chainId: string, regionCode: string | null): Promise<void> {
  // The rows summed again: every region's (a whole chain), or those of the region, its ancestors and '*'.
  const affected = (column: string) =>
    regionCode === null
      ? sql<boolean>`true`
      : sql<boolean>`${sql.ref(column)} in (with recursive anc(code) as (select ${regionCode}::text union all select r.parent_code from anc join regions r on r.code = anc.code where r.parent_code is not null) select code from anc union all select '*')`;
  await sql`delete from atlas_map_counts where chain_id = ${chainId}::uuid and ${affected('region_code')}`.execute(db);
  await sql`with recursive up(code, top) as (
      select distinct region_code, region_code from atlas_coverage_cells where chain_id = ${chainId}::uuid and region_code <> '*'
      union all select up.code, r.parent_code from up join regions r on r.code = up.top where r.parent_code is not null
    ), tops(code, top) as (select code, top from up union all select distinct code, '*' from up)
    insert into atlas_map_counts (chain_id, region_code, segment_key, enterprises, confirmed, as_of)
    select ${chainId}::uuid, t.top, c.segment_key,
      coalesce(sum(c.enterprises) filter (where not c.confirmed_only), 0),
      coalesce(sum(c.enterprises) filter (where c.confirmed_only), 0),
      max(c.as_of) filter (where not c.confirmed_only)
    from atlas_coverage_cells c join tops t on t.code = c.region_code
    where c.chain_id = ${chainId}::uuid and c.region_code <> '*' and ${affected('t.top')}
    group by t.top, c.segment_key`.execute(db);
}

/** A segment's stored map counts in one region (or '*'): see {@link refreshMapCounts}. */
export interface MapCountRow {
  regionCode: string;
  segmentKey: string;
  enterprises: number;
  confirmed: number;
  asOf: string | Date | null;
}

/** The stored map counts of a chain everywhere ('*') and, when given, in one region (its descendants included). */
export async function mapCountRows(db: Handle, chainId: string, region: string | null): Promise<MapCountRow[]> {
  const rows = await db
    .selectFrom('atlas_map_counts')
    .select(['region_code', 'segment_key', 'enterprises', 'confirmed', 'as_of'])
    .where('chain_id', '=', chainId)
    .where('region_code', 'in', region ? ['*', region] : ['*'])
    .execute();
  return rows.map((r) => ({ regionCode: r.region_code, segmentKey: r.segment_key, enterprises: Number(r.enterprises), confirmed: Number(r.confirmed), asOf: r.as_of }));
}
