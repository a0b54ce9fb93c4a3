import type { Db } from '../../server/db.ts';
import type { ServiceContext, Tx } from '../../server/service-context.ts';
import { findVersionId, loadChainVersion } from './atlas.chains.repo.ts';
import type { ChainDefinition } from './atlas.chain.domain.ts';

/**
 * The directory's enterprise holding a 统一社会信用代码 (already normalised), in any region, or undefined: matchmaking
 * events link a registering enterprise to the atlas by it. A USCC is national, so the lookup spans every region.
 * @example await findEnterpriseByUscc(ctx, '91120116MA05K3XQ1B') // { id, regionCode: '120116', name: '…' }
 */
export async function findEnterpriseByUscc(ctx: Pick<ServiceContext, 'db'>, uscc: string): Promise<{ id: string; regionCode: string; name: string } | undefined> {
  const row = await ctx.db.selectFrom('atlas_enterprises').select(['id', 'region_code', 'name']).where('uscc', '=', uscc).limit(1).executeTakeFirst();
  return row && { id: row.id, regionCode: row.region_code, name: row.name };
}

/** How closely a chain's keeper region fits: the shared definition, a province's adaptation, the region's own. */
const specificity = (code: string) => (code === '000000' ? 0 : code.endsWith('0000') ? 1 : 2);
const usableRegions = (regionCode: string) => [regionCode, regionCode.slice(0, 2) + '0000', '000000'];

/**
 * The chains a region may use — its own, its province's, the shared ones ('000000') — the most specific first.
 * @example (await usableChains(db, '120116')).map((c) => c.region_code) // ['120116', '120000', '000000', '000000']
 */
export async function usableChains(db: Db | Tx, regionCode: string) {
  const chains = await db
    .selectFrom('atlas_chains')
    .select(['id', 'key', 'name', 'region_code', 'current_version'])
    .where('region_code', 'in', usableRegions(regionCode))
    .orderBy('key')
    .execute();
  return chains.sort((a, b) => specificity(b.region_code) - specificity(a.region_code));
}

/**
 * The current version of every chain a region may use (its own and the shared ones, '000000'), keyed by chain key:
 * segments (with products) and supply edges. The region's own adaptation wins over the shared definition.
 */
export async function chainGraphs(ctx: Pick<ServiceContext, 'db'>, regionCode: string): Promise<Map<string, ChainDefinition>> {
  const out = new Map<string, ChainDefinition>();
  for (const c of await usableChains(ctx.db, regionCode)) {
    if (out.has(c.key)) continue;
    const versionId = await findVersionId(ctx.db, c.id, c.current_version);
    if (versionId) out.set(c.key, await loadChainVersion(ctx.db, versionId));
  }
  return out;
}

/**
 * The id of a segment in the current version of the chain a region uses under that key (as {@link chainGraphs} picks
 * it), or undefined: a matchmaking event's signed outcome links its ledger project to the atlas segment it fills.
 * @example await currentSegmentId(ctx, '120116', 'demo-hydrogen', 'fuelcell.stack') // '6f1c…'
 */
export async function currentSegmentId(ctx: Pick<ServiceContext, 'db'>, regionCode: string, chainKey: string, segmentKey: string): Promise<string | undefined> {
  const rows = await ctx.db
    .selectFrom('atlas_chains as c')
    .innerJoin('atlas_chain_versions as v', (j) => j.onRef('v.chain_id', '=', 'c.id').onRef('v.version', '=', 'c.current_version'))
    .innerJoin('atlas_segments as s', 's.version_id', 'v.id')
    .select(['s.id', 'c.region_code'])
    .where('c.key', '=', chainKey)
    .where('s.key', '=', segmentKey)
    .where('c.region_code', 'in', usableRegions(regionCode))
    .execute();
  return rows.sort((a, b) => specificity(b.region_code) - specificity(a.region_code))[0]?.id;
}
