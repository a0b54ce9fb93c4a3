import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import { MATCH_RADIUS_KM, type CellCounts, type RegionRow } from './atlas.analysis.domain.ts';
import type { Evidence, LinkDecision, SizeBand, TargetStatus } from './atlas.tables.ts';
import { refreshMapCounts } from './atlas.map-counts.repo.ts';

type Handle = Db | Tx;

/** Every region of the regions table (a few hundred rows at most). */
export async function loadRegionRows(db: Handle): Promise<RegionRow[]> {
  return db.selectFrom('regions').select(['code', 'name', 'parent_code']).orderBy('sort_order').execute();
}

/** The region codes enterprises are registered in, with how many (for the national pattern). */
export interface CellRow extends CellCounts {
  regionCode: string;
  segmentKey: string;
}

/**
 * The segment key of a region's cell that counts the whole chain: the distinct enterprises linked to any of its
 * segments (a region's share of the chain, for 堵点). No segment has this key; the region '*' row with it records the
 * version counted (see {@link recountCoverage}).
 */
export const WHOLE_CHAIN = '*';

/**
 * Counts the coverage cells of a chain (atlas_coverage_cells, db/migrations/0020_atlas_speed.sql) from its links:
 * distinct enterprises by (enterprise region, segment), a segment counting the enterprises linked to it or to any of
 * its sub-segments (`ancestors` maps each segment key to itself and its ancestors), once over confirmed links and once
 * over confirmed and uncertain ones (rejected never); and by region over every segment ({@link WHOLE_CHAIN}). For one
 * region (a link there added or decided), or for every region (then the '*' row records the chain version counted).
 */
export async function recountCoverage(db: Handle, chainId: string, linksChainId: string, version: number, ancestors: { key: string; anc: string }[], regionCode: string | null): Promise<void> {
  const region = regionCode === null ? sql`l.region_code = e.region_code` : sql`l.region_code = ${regionCode}`;
  const pairs = [...ancestors, ...[...new Set(ancestors.map((a) => a.key))].map((key) => ({ key, anc: WHOLE_CHAIN }))];
  if (regionCode === null) await sql`delete from atlas_coverage_cells where chain_id = ${chainId}::uuid`.execute(db);
  else await sql`delete from atlas_coverage_cells where region_code = ${regionCode} and chain_id = ${chainId}::uuid`.execute(db);
  if (ancestors.length) {
    await sql`insert into atlas_coverage_cells (region_code, chain_id, confirmed_only, segment_key, enterprises, leaders, specialised, little_giants, as_of)
      select l.region_code, ${chainId}::uuid, x.confirmed_only, s.anc,
        count(distinct l.enterprise_id),
        count(distinct l.enterprise_id) filter (where '链主/龙头' = any(e.tags)),
        count(distinct l.enterprise_id) filter (where e.tags && array['专精特新', '专精特新“小巨人”']::text[]),
        count(distinct l.enterprise_id) filter (where '专精特新“小巨人”' = any(e.tags)),
        max(l.as_of)
      from atlas_enterprise_segments l
      join atlas_enterprises e on e.region_code = l.region_code and e.id = l.enterprise_id
      join jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as s(key text, anc text) on s.key = l.segment_key
      join (values (true), (false)) as x(confirmed_only) on l.decision = 'confirmed' or (not x.confirmed_only and l.decision = 'uncertain')
      where l.chain_id = ${linksChainId}::uuid and ${region}
      group by l.region_code, x.confirmed_only, s.anc
      on conflict (region_code, chain_id, confirmed_only, segment_key) do update set enterprises = excluded.enterprises, leaders = excluded.leaders,
        specialised = excluded.specialised, little_giants = excluded.little_giants, as_of = excluded.as_of`.execute(db);
  }
  // The chain map's counts are these cells rolled up by region: written with them.
  await refreshMapCounts(db, chainId, regionCode);
  if (regionCode === null) {
    await sql`insert into atlas_coverage_cells (region_code, chain_id, confirmed_only, segment_key, enterprises, leaders, specialised, little_giants, version)
      values ('*', ${chainId}::uuid, false, '*', 0, 0, 0, 0, ${version})
      on conflict (region_code, chain_id, confirmed_only, segment_key) do update set version = excluded.version`.execute(db);
  }
}

/** The chain version whose cells are all counted, or null (never counted, or links written in bulk since). */
export async function countedVersion(db: Handle, chainId: string): Promise<number | null> {
  const row = await db.selectFrom('atlas_coverage_cells').select('version').where('region_code', '=', '*').where('chain_id', '=', chainId).executeTakeFirst();
  return row?.version ?? null;
}

/** After links are written in bulk (a seed, a fixture): the chains' cells are counted again at their next reading. */
export async function forgetCoverage(db: Handle, chainIds: string[] | null): Promise<void> {
  if (chainIds && chainIds.length === 0) return;
  let q = db.deleteFrom('atlas_coverage_cells').where('region_code', '=', '*');
  if (chainIds) q = q.where('chain_id', 'in', chainIds);
  await q.execute();
}

/**
 * The counted cells of a chain by (enterprise region, segment) (see {@link recountCoverage}), for the links with
 * the `decisions` given (confirmed, or confirmed and uncertain); only enterprises in `regionCodes` (every region when
 * null: the national pattern).
 */
export async function coverageCells(db: Handle, chainId: string, decisions: LinkDecision[], regionCodes: string[] | null): Promise<CellRow[]> {
  if (regionCodes && regionCodes.length === 0) return [];
  const confirmedOnly = !decisions.includes('uncertain');
  let q = db
    .selectFrom('atlas_coverage_cells')
    .select(['region_code', 'segment_key', 'enterprises', 'leaders', 'specialised', 'little_giants', 'as_of'])
    .where('chain_id', '=', chainId)
    .where('confirmed_only', '=', confirmedOnly)
    .where('region_code', '<>', '*');
  if (regionCodes) q = q.where(sql<boolean>`region_code = any(${sql.val(regionCodes)}::text[])`);
  const rows = await q.execute();
  return rows.map((r) => ({
    regionCode: r.region_code,
    segmentKey: r.segment_key,
    enterprises: Number(r.enterprises),
    leading: Number(r.leaders),
    specialised: Number(r.specialised),
    littleGiants: Number(r.little_giants),
    asOf: dateText(r.as_of),
  }));
}

/**
 * The counted cells of a chain summed into columns (each a list of region codes, its descendants included) by segment,
 * in SQL: one row comes back, not a row per cell (tens of thousands at a million enterprises, each parsed and added up
 * in the server), with the chain version the cells were counted for (null: not counted; see {@link countedVersion}).
 * A region in several columns counts in each; an enterprise lies in one region, so the sums count it once a column.
 */
export async function coverageColumns(db: Handle, chainId: string, decisions: LinkDecision[], columnCodes: string[][]): Promise<{ counted: number | null; columns: Map<string, CellCounts>[] }> {
  const confirmedOnly = !decisions.includes('uncertain');
  const cols = columnCodes.flatMap((codes, i) => codes.map(() => i));
  const codes = columnCodes.flat();
  const { rows } = await sql<{ counted: number | null; cells: [string, number, number, number, number, number, string | null][] | null }>`
    with m as (select * from unnest(${sql.val(cols)}::int[], ${sql.val(codes)}::text[]) as m(col, code)),
    sums as (
      select c.segment_key, m.col, sum(c.enterprises) as e, sum(c.leaders) as l, sum(c.specialised) as s, sum(c.little_giants) as g, max(c.as_of) as a
      from atlas_coverage_cells c join m on m.code = c.region_code
      where c.chain_id = ${chainId}::uuid and c.confirmed_only = ${confirmedOnly} and c.region_code <> '*'
      group by c.segment_key, m.col)
    select (select version from atlas_coverage_cells where region_code = '*' and chain_id = ${chainId}::uuid and confirmed_only = false and segment_key = '*') as counted,
      (select json_agg(json_build_array(segment_key, col, e, l, s, g, a)) from sums) as cells`.execute(db);
  const columns = columnCodes.map(() => new Map<string, CellCounts>());
  for (const [segmentKey, col, enterprises, leading, specialised, littleGiants, asOf] of rows[0]!.cells ?? []) {
    columns[col]!.set(segmentKey, { enterprises: Number(enterprises), leading: Number(leading), specialised: Number(specialised), littleGiants: Number(littleGiants), asOf });
  }
  return { counted: rows[0]!.counted, columns };
}

export function dateText(v: string | Date | null): string | null {
  if (v === null) return null;
  if (v instanceof Date) return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
  return String(v).slice(0, 10);
}

/** An enterprise linked to a segment, as rankings and the match read it. */
/** A linked enterprise's columns as both queries of links read them (the listing and 成龙配套's candidates). */
type LinkedDbRow = {
  region_code: string;
  uscc: string | null;
  name: string;
  size_band: SizeBand | null;
  employees: number | null;
  tags: string[];
  main_products: string[];
  lat: number | null;
  lng: number | null;
  segment_key: string;
  evidence: Evidence;
  decision: LinkDecision;
  as_of: string | Date;
};

function linkedOut(r: LinkedDbRow, id: string): LinkedEnterprise {
  return {
    id,
    regionCode: r.region_code,
    uscc: r.uscc,
    name: r.name,
    sizeBand: r.size_band,
    employees: r.employees,
    tags: r.tags,
    mainProducts: r.main_products,
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
    segmentKey: r.segment_key,
    evidence: r.evidence,
    decision: r.decision,
    asOf: dateText(r.as_of)!,
  };
}

export interface LinkedEnterprise {
  id: string;
  regionCode: string;
  uscc: string | null;
  name: string;
  sizeBand: SizeBand | null;
  employees: number | null;
  tags: string[];
  mainProducts: string[];
  lat: number | null;
  lng: number | null;
  segmentKey: string;
  evidence: Evidence;
  decision: LinkDecision;
  asOf: string;
}

/**
 * The enterprises linked to these segments of a chain (not rejected links; `decisions` chooses), in the regions
 * given or outside them (`outside`), or everywhere (null). One row per enterprise and segment.
 */
export async function linkedEnterprises(
  db: Handle,
  chainId: string,
  segmentKeys: string[],
  decisions: LinkDecision[],
  regions: { codes: string[]; outside: boolean } | null,
  limit = 5000,
): Promise<LinkedEnterprise[]> {
  if (segmentKeys.length === 0) return [];
  const regionFilter = !regions
    ? sql`l.region_code = e.region_code`
    : regions.outside
      ? sql`not (l.region_code = any(${sql.val(regions.codes)}::text[]))`
      : sql`l.region_code = any(${sql.val(regions.codes)}::text[])`;
  const rows = await sql<LinkedDbRow & { id: string }>`
    select e.id, e.region_code, e.uscc, e.name, e.size_band, e.employees, e.tags, e.main_products, e.lat, e.lng,
      l.segment_key, l.evidence, l.decision, l.as_of
    from atlas_enterprise_segments l
    join atlas_enterprises e on e.region_code = l.region_code and e.id = l.enterprise_id
    where l.chain_id = ${chainId}::uuid and l.segment_key = any(${sql.val(segmentKeys)}::text[])
      and l.decision = any(${sql.val(decisions)}::text[]) and ${regionFilter}
    order by e.region_code, e.id, l.segment_key
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => linkedOut(r, r.id));
}

/** An enterprise by its code, in whichever region it is registered (a USCC is national: in the query guard's allowances). */
export async function findEnterpriseByUscc(db: Handle, uscc: string) {
  return db
    .selectFrom('atlas_enterprises')
    .select(['id', 'region_code', 'uscc', 'name', 'size_band', 'employees', 'tags', 'lat', 'lng'])
    .where('uscc', '=', uscc)
    .executeTakeFirst();
}

/** Who asks for 成龙配套, with what the match reads next, in one statement (see {@link findMatchAsker}). */
export interface MatchAsker {
  enterprise: { id: string; region_code: string; uscc: string | null; name: string; lat: number | null; lng: number | null };
  /** Its links (not rejected), by chain: the chain with its current version's id and sources, and whether any link of the chain still lacks its place. */
  chains: {
    chain: { id: string; region_code: string; key: string; name: string; name_en: string | null; current_version: number; updated_at: Date };
    versionId: string;
    sources: { title: string; url?: string; note?: string }[];
    unplaced: boolean;
    segmentKeys: string[];
  }[];
}

/**
 * An enterprise by its USCC (in whichever region it is registered: a USCC is national), its links not rejected, each
 * link's chain with its current version, and whether that chain has links whose places are not filled yet (the
 * partial index of migration 0028): what 成龙配套 needs before it reads candidates, in one round trip. The unplaced
 * chains are a CTE joined by chain, not a subquery correlated on it: Citus refuses a correlation on a column other than
 * the distribution column ("complex joins are only supported when all distributed tables are co-located").
 */
export async function findMatchAsker(db: Handle, uscc: string): Promise<MatchAsker | undefined> {
  const { rows } = await sql<{
    id: string; region_code: string; uscc: string | null; name: string; lat: number | null; lng: number | null;
    chain_id: string | null; segment_key: string | null; chain_region_code: string; chain_key: string; chain_name: string; chain_name_en: string | null;
    current_version: number; chain_updated_at: Date; version_id: string; sources: { title: string; url?: string; note?: string }[]; unplaced: boolean;
  }>`
    with unplaced as (select distinct chain_id from atlas_enterprise_segments where match_points is null)
    select e.id, e.region_code, e.uscc, e.name, e.lat, e.lng, l.chain_id, l.segment_key,
      c.region_code as chain_region_code, c.key as chain_key, c.name as chain_name, c.name_en as chain_name_en, c.current_version,
      c.updated_at as chain_updated_at, v.id as version_id, v.sources,
      u.chain_id is not null as unplaced
    from atlas_enterprises e
    left join atlas_enterprise_segments l on l.region_code = e.region_code and l.enterprise_id = e.id and l.decision <> 'rejected'
    left join atlas_chains c on c.id = l.chain_id
    left join atlas_chain_versions v on v.chain_id = c.id and v.version = c.current_version
    left join unplaced u on u.chain_id = l.chain_id
    where e.uscc = ${uscc}
    order by l.chain_id, l.segment_key`.execute(db);
  const first = rows[0];
  if (!first) return undefined;
  const chains = new Map<string, MatchAsker['chains'][number]>();
  for (const r of rows) {
    if (r.chain_id === null) continue;
    let c = chains.get(r.chain_id);
    if (!c) {
      c = {
        chain: { id: r.chain_id, region_code: r.chain_region_code, key: r.chain_key, name: r.chain_name, name_en: r.chain_name_en, current_version: r.current_version, updated_at: r.chain_updated_at },
        versionId: r.version_id,
        sources: r.sources,
        unplaced: r.unplaced,
        segmentKeys: [],
      };
      chains.set(r.chain_id, c);
    }
    c.segmentKeys.push(r.segment_key!);
  }
  return { enterprise: { id: first.id, region_code: first.region_code, uscc: first.uscc, name: first.name, lat: first.lat, lng: first.lng }, chains: [...chains.values()] };
}

/** An enterprise's segment links (every chain; rejected ones left out). */
export async function enterpriseLinks(db: Handle, regionCode: string, enterpriseId: string) {
  return db
    .selectFrom('atlas_enterprise_segments')
    .select(['chain_id', 'segment_key', 'evidence', 'decision'])
    .where('region_code', '=', regionCode)
    .where('enterprise_id', '=', enterpriseId)
    .where('decision', '<>', 'rejected')
    .execute();
}

/** A chain's chokepoints. */
export async function listChokepoints(db: Handle, chainId: string) {
  return db.selectFrom('atlas_chokepoints').selectAll().where('chain_id', '=', chainId).orderBy('segment_key').orderBy('technology').execute();
}

/** How many 招商 targets kept under any of the regions stand at each status, by segment of a chain. */
export async function targetCounts(db: Handle, regionCodes: string[], chainId: string) {
  if (regionCodes.length === 0) return [];
  return db
    .selectFrom('atlas_targets')
    .select(['segment_key', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('region_code', 'in', regionCodes)
    .where('chain_id', '=', chainId)
    .groupBy(['segment_key', 'status'])
    .execute();
}

/** The enterprises (by USCC) followed as 招商 targets of a chain under any of the regions, not dropped, with their status. */
export async function followedTargets(db: Handle, regionCodes: string[], chainId: string): Promise<Map<string, TargetStatus>> {
  if (regionCodes.length === 0) return new Map();
  const rows = await db
    .selectFrom('atlas_targets')
    .select(['enterprise_uscc', 'status'])
    .where('region_code', 'in', regionCodes)
    .where('chain_id', '=', chainId)
    .where('status', '<>', 'dropped')
    .orderBy('created_at')
    .execute();
  return new Map(rows.filter((r) => r.enterprise_uscc).map((r) => [r.enterprise_uscc!, r.status]));
}

/** Links whose place and match points are not filled yet (migration 0028), with what filling them needs. */
export async function unplacedLinks(db: Handle, scope: { chainId?: string; regionCode?: string; enterpriseId?: string }, limit: number) {
  const chain = scope.chainId ? sql` and l.chain_id = ${scope.chainId}::uuid` : sql``;
  const one = scope.regionCode && scope.enterpriseId ? sql` and l.region_code = ${scope.regionCode} and l.enterprise_id = ${scope.enterpriseId}::uuid` : sql``;
  const { rows } = await sql<{ region_code: string; enterprise_id: string; chain_id: string; segment_key: string; evidence: Evidence; lat: number | null; lng: number | null; tags: string[]; size_band: SizeBand | null }>`
    select l.region_code, l.enterprise_id, l.chain_id, l.segment_key, l.evidence, e.lat, e.lng, e.tags, e.size_band
    from atlas_enterprise_segments l
    join atlas_enterprises e on e.region_code = l.region_code and e.id = l.enterprise_id
    where l.match_points is null${chain}${one}
    limit ${limit}`.execute(db);
  return rows;
}

/** Writes links' places and match points (see {@link unplacedLinks}). */
export async function setLinkPlaces(db: Handle, rows: { region_code: string; enterprise_id: string; chain_id: string; segment_key: string; lat: number | null; lng: number | null; points: number }[]): Promise<void> {
  if (!rows.length) return;
  await sql`update atlas_enterprise_segments l set lat = r.lat, lng = r.lng, match_points = r.points
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(region_code text, enterprise_id uuid, chain_id uuid, segment_key text, lat double precision, lng double precision, points integer)
    where l.region_code = r.region_code and l.enterprise_id = r.enterprise_id and l.chain_id = r.chain_id and l.segment_key = r.segment_key`.execute(db);
}

/** Who asks for 成龙配套: the enterprise (left out of its own answer), where it is, and its band inputs. */
export interface MatchOrigin {
  regionCode: string;
  enterpriseId: string;
  lat: number | null;
  lng: number | null;
  /** cityOf(regionCode) and whether it lies in 京津冀 (atlas.analysis.domain.ts distanceBand). */
  city: string;
  jjj: boolean;
}

/** A candidate as {@link matchCandidates} finds it: a linked enterprise with the link's place and its SQL score. */
export interface MatchCandidate extends LinkedEnterprise {
  placeLat: number | null;
  placeLng: number | null;
  sqlScore: number;
}

/** The box (degrees) that holds the spherical cap of `km` around a place (on the haversine's sphere of 6,371 km), a little wider for rounding. */
function boxAround(lat: number, lng: number, km: number) {
  const deg = 180 / Math.PI;
  const angle = km / 6371;
  const cosLat = Math.cos(lat / deg);
  const dLat = angle * deg + 0.01;
  // All longitudes when the cap holds a pole.
  const dLng = Math.sin(angle) >= cosLat ? 360 : Math.asin(Math.sin(angle) / cosLat) * deg + 0.01;
  return sql`(l.lat between ${lat - dLat} and ${lat + dLat} and l.lng between ${lng - dLng} and ${lng + dLng})`;
}

/**
 * The best-scoring 成龙配套 candidates among the enterprises linked to these segments of a chain (confirmed and
 * uncertain links), one line per enterprise (its best link; on a tie, the first segment key), scored in SQL from the
 * links' places and points (migration 0028) by the documented formula (atlas.analysis.domain.ts matchScore), the
 * distance not rounded. Returns the `limit` best and every other within `slack` points of the last (the caller ranks
 * them exactly), at most `cap`.
 *
 * One statement reads the links in parts, nearest and best first: within the first of `radiiKm`, the links with the
 * most points (from `pointTiers`) then the fewer; then rings farther out, each the links in the bounding box of a
 * radius and not in the previous one's (the last ring everything beyond, places unknown included). Of each part only
 * the links whose points could still lift them to the `limit`-th best of the parts before are read (an index range,
 * db/migrations/0034_atlas_match_points_index.sql): a link beyond radius r scores at most `pointsAt(r)` +
 * `bandPoints` + its points. The best of the union of the parts lies within the best of each, so no link is read
 * twice and each cut sorts only the last part and the best so far. An enterprise's links share its place, so it lies
 * in one ring, but in as many points parts as its links differ: its best line is the one that counts.
 */
export async function matchCandidates(
  db: Handle,
  chainId: string,
  segmentKeys: string[],
  origin: MatchOrigin,
  opts: { limit: number; radiiKm: number[]; pointTiers: number[]; slack: number; cap: number; bandPoints: number; pointsAt: (km: number) => number },
): Promise<MatchCandidate[]> {
  if (segmentKeys.length === 0) return [];
  const located = origin.lat !== null && origin.lng !== null;
  const km = located
    ? sql`2 * 6371 * asin(least(1, sqrt(power(sin(radians(l.lat - ${origin.lat}::float8) / 2), 2)
        + cos(radians(${origin.lat}::float8)) * cos(radians(l.lat)) * power(sin(radians(l.lng - ${origin.lng}::float8) / 2), 2))))`
    : sql`null::float8`;
  const score = sql`coalesce(case when k.km <= ${MATCH_RADIUS_KM.max} then 40 - k.km / ${MATCH_RADIUS_KM.max} * 20 else 20 * ${MATCH_RADIUS_KM.max} / nullif(k.km, 0) end, 0)
    + case when k.region_code = ${origin.regionCode} and right(k.region_code, 2) <> '00' then 10
        when (case when left(k.region_code, 2) in ('11', '12', '31', '50') then left(k.region_code, 2) || '0000' else left(k.region_code, 4) || '00' end) = ${origin.city} then 6
        when ${origin.jjj} and left(k.region_code, 2) in ('11', '12', '13') then 4 else 0 end
    + k.match_points`;
  // One part: its links scored, one line per enterprise; `where` narrows the links read (the box, the gate, the points).
  const part = (where: ReturnType<typeof sql>) => sql`(
      select distinct on (k.region_code, k.enterprise_id) k.region_code, k.enterprise_id, k.segment_key, ${score} as score
      from (
        select l.region_code, l.enterprise_id, l.segment_key, l.match_points, ${km} as km
        from atlas_enterprise_segments l
        where l.chain_id = ${chainId}::uuid and l.segment_key = any(${sql.val(segmentKeys)}::text[]) and l.decision in ('confirmed', 'uncertain')
          and l.match_points is not null and not (l.region_code = ${origin.regionCode} and l.enterprise_id = ${origin.enterpriseId}::uuid)${where}
      ) k
      order by k.region_code, k.enterprise_id, k.match_points desc, k.segment_key)`;
  // The parts: [inner radius, outer radius (null: everywhere), the points from, the points below (null: any)].
  const parts: [number | null, number | null, number, number | null][] = [];
  const radii = located ? opts.radiiKm : [];
  const tiers = [...opts.pointTiers].sort((a, b) => b - a);
  tiers.forEach((from, i) => parts.push([null, radii[0] ?? null, from, i === 0 ? null : tiers[i - 1]!]));
  parts.push([null, radii[0] ?? null, -1e9, tiers.length ? tiers[tiers.length - 1]! : null]);
  radii.forEach((inner, i) => parts.push([inner, radii[i + 1] ?? null, -1e9, null]));
  // An enterprise linked to several of the segments can lie in several points parts: its best line counts.
  const distinctBest = (from: string) => `select distinct on (u.region_code, u.enterprise_id) u.* from (${from}) u order by u.region_code, u.enterprise_id, u.score desc`;
  // t{i}: the `limit` best lines of the parts before part i, kept from t{i-1} and p{i-1} (the top of a union lies
  // within the tops of its parts), so that each cut sorts one part, not all before it.
  const tops = parts.slice(1).map((_, j) =>
    sql.raw(`t${j + 1} as (select d.* from (${distinctBest(j === 0 ? 'select * from p0' : `select * from t${j} union all select * from p${j}`)}) d order by d.score desc limit ${opts.limit})`),
  );
  // The `limit`-th best score of the parts before part i (-1e9 while fewer are found).
  const cutBefore = (i: number) => sql.raw(`coalesce((select t.score from t${i} t order by t.score desc offset ${opts.limit - 1} limit 1), -1e9)`);
  const ctes = parts.map(([inner, outer, from, below], i) => {
    let where = sql``;
    if (outer !== null) where = sql`${where} and ${boxAround(origin.lat!, origin.lng!, outer)}`;
    if (inner !== null) where = sql`${where} and not coalesce(${boxAround(origin.lat!, origin.lng!, inner)}, false)`;
    if (below !== null) where = sql`${where} and l.match_points < ${below}::int`;
    // The most a link of this part can score: the distance points at its inner radius, the best band, its points.
    const reach = (inner === null ? opts.pointsAt(0) : opts.pointsAt(inner)) + opts.bandPoints;
    // Whole points, so that the bound is a range of the index (an integer column against a float is not).
    const least = i === 0 ? sql`${Math.ceil(from)}::int` : sql`ceil(greatest(${from}::float8, ${cutBefore(i)} - ${opts.slack + reach}::float8))::int`;
    where = sql`${where} and l.match_points >= ${least}`;
    return sql`${sql.raw(`p${i}`)} as ${part(where)}`;
  });
  // Each t{i} before p{i}, which reads its cut.
  const withs = ctes.flatMap((c, i) => (i === 0 ? [c] : [tops[i - 1]!, c]));
  const { rows } = await sql<LinkedDbRow & { enterprise_id: string; place_lat: number | null; place_lng: number | null; score: number }>`
    with ${sql.join(withs, sql`, `)},
    found as (${sql.raw(distinctBest(parts.map((_, i) => `select * from p${i}`).join(' union all ')))}),
    kept as (
      select f.* from found f where f.score >= coalesce((select f.score from found f order by f.score desc offset ${opts.limit - 1} limit 1), -1e9) - ${opts.slack}
      order by f.score desc limit ${opts.cap}
    )
    select kept.region_code, kept.enterprise_id, kept.segment_key, l.evidence, l.decision, l.as_of, l.lat as place_lat, l.lng as place_lng, kept.score,
      e.uscc, e.name, e.size_band, e.employees, e.tags, e.main_products, e.lat, e.lng
    from kept
    join atlas_enterprise_segments l on l.region_code = kept.region_code and l.enterprise_id = kept.enterprise_id and l.chain_id = ${chainId}::uuid and l.segment_key = kept.segment_key
    join atlas_enterprises e on e.region_code = kept.region_code and e.id = kept.enterprise_id`.execute(db);
  return rows.map((r) => ({
    ...linkedOut(r, r.enterprise_id),
    placeLat: r.place_lat === null ? null : Number(r.place_lat),
    placeLng: r.place_lng === null ? null : Number(r.place_lng),
    sqlScore: Number(r.score),
  }));
}
