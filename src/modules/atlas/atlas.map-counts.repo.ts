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
  // Each counted region with itself and each of its ancestors, walked here a level at a time (a recursive CTE inside
  // INSERT … SELECT is refused by Citus: "could not find path for CTE").
  const counted = await sql<{ region_code: string }>`select distinct region_code from atlas_coverage_cells where chain_id = ${chainId}::uuid and region_code <> '*'`.execute(db);
  const parentOf = new Map<string, string | null>();
  let ask = [...new Set([...counted.rows.map((r) => r.region_code), ...(regionCode ? [regionCode] : [])])];
  while (ask.length > 0) {
    const found = await sql<{ code: string; parent_code: string | null }>`select code, parent_code from regions where code = any(${ask}::text[])`.execute(db);
    for (const code of ask) parentOf.set(code, null);
    for (const r of found.rows) parentOf.set(r.code, r.parent_code);
    ask = [...new Set(found.rows.map((r) => r.parent_code).filter((c): c is string => c !== null && !parentOf.has(c)))];
  }
  const ancestors = (code: string): string[] => {
    const out: string[] = [];
    for (let k: string | null = code; k !== null && !out.includes(k); k = parentOf.get(k) ?? null) out.push(k);
    return out;
  };
  // The rows summed again: every region's (a whole chain), or those of the region, its ancestors and '*'.
  const affected = regionCode === null ? null : new Set([...ancestors(regionCode), '*']);
  const codes: string[] = [];
  const tops: string[] = [];
  for (const { region_code: code } of counted.rows) {
    for (const top of [...ancestors(code), '*']) {
      if (affected && !affected.has(top)) continue;
      codes.push(code);
      tops.push(top);
    }
  }
  if (affected) await sql`delete from atlas_map_counts where chain_id = ${chainId}::uuid and region_code = any(${[...affected]}::text[])`.execute(db);
  else await sql`delete from atlas_map_counts where chain_id = ${chainId}::uuid`.execute(db);
  if (codes.length === 0) return;
  await sql`insert into atlas_map_counts (chain_id, region_code, segment_key, enterprises, confirmed, as_of)
    select ${chainId}::uuid, t.top, c.segment_key,
      coalesce(sum(c.enterprises) filter (where not c.confirmed_only), 0),
      coalesce(sum(c.enterprises) filter (where c.confirmed_only), 0),
      max(c.as_of) filter (where not c.confirmed_only)
    from atlas_coverage_cells c join unnest(${codes}::text[], ${tops}::text[]) as t(code, top) on t.code = c.region_code
    where c.chain_id = ${chainId}::uuid and c.region_code <> '*'
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
