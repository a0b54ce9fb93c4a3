/** SQL of the atlas's tables for the complexity engine: the regions with their levels, and a chain's counted links. */
import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { LinkDecision } from './atlas.tables.ts';
import type { AtlasLink, LevelledRegion } from './atlas.complexity.domain.ts';

type Handle = Db | Tx;

/** Every region with its name, level and parent. */
export function loadLevelledRegions(db: Handle): Promise<LevelledRegion[]> {
  return db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).orderBy('sort_order').execute();
}

/**
 * The links of a chain's data (`chainId`, a shared chain's for an adaptation) with the given decisions, of the
 * enterprises registered in `codes` and founded by `foundedBy` (or of unknown founding date).
 */
export async function tableLinks(db: Handle, chainId: string, decisions: LinkDecision[], codes: string[], foundedBy: string): Promise<AtlasLink[]> {
  if (codes.length === 0) return [];
  const { rows } = await sql<{ enterprise_id: string; region_code: string; segment_key: string; employees: number | null; founded_on: string | Date | null }>`
    select l.enterprise_id, l.region_code, l.segment_key, e.employees, e.founded_on
    from atlas_enterprise_segments l
    join atlas_enterprises e on e.region_code = l.region_code and e.id = l.enterprise_id
    where l.chain_id = ${chainId}::uuid and l.region_code = any(${sql.val(codes)}::text[])
      and l.decision = any(${sql.val(decisions)}::text[])
      and (e.founded_on is null or e.founded_on <= ${foundedBy}::date)
    order by l.region_code, l.enterprise_id, l.segment_key`.execute(db);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    regionCode: r.region_code,
    segmentKey: r.segment_key,
    employees: r.employees,
    foundedOn: r.founded_on === null ? null : typeof r.founded_on === 'string' ? r.founded_on.slice(0, 10) : r.founded_on.toISOString().slice(0, 10),
  }));
}
