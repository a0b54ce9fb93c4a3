import type { ServiceContext } from '../../server/service-context.ts';
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

/**
 * The current version of every chain a region may use (its own and the shared ones, '000000'), keyed by chain key:
 * segments (with products) and supply edges. The region's own adaptation wins over the shared definition.
 */
export async function chainGraphs(ctx: Pick<ServiceContext, 'db'>, regionCode: string): Promise<Map<string, ChainDefinition>> {
  const chains = await ctx.db
    .selectFrom('atlas_chains')
    .select(['id', 'key', 'region_code', 'current_version'])
    .where('region_code', 'in', [regionCode, regionCode.slice(0, 2) + '0000', '000000'])
    .execute();
  chains.sort((a, b) => (a.region_code === '000000' ? 0 : a.region_code.endsWith('0000') ? 1 : 2) - (b.region_code === '000000' ? 0 : b.region_code.endsWith('0000') ? 1 : 2));
  const out = new Map<string, ChainDefinition>();
  for (const c of chains) {
    const versionId = await findVersionId(ctx.db, c.id, c.current_version);
    if (versionId) out.set(c.key, await loadChainVersion(ctx.db, versionId));
  }
  return out;
}
