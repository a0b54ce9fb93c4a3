import { requireAbility } from '../../lib/abilities.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { currentChain, memberCodes, oneColumn, regionIndex, STATUS_NAMES, TARGET_MOVES } from './atlas.analysis.service.ts';
import { listTargets } from './atlas.targets.repo.ts';
import type { ChainTargets } from './atlas.analysis.schema.ts';

/**
 * The 招商 targets of a chain followed in a region (one code or group, default 京津冀: the targets kept under any region
 * in it), newest first, each with its segment, status, the statuses it may move to, and its ledger task and project.
 */
export async function chainTargets(ctx: ServiceContext, chainId: string, opts: { region?: string; limit?: number } = {}): Promise<ChainTargets> {
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'read the 招商 targets');
  const { chain, version, dataId } = await currentChain(ctx, chainId);
  const { rows, parents } = await regionIndex(ctx);
  const region = oneColumn(opts.region, 'jjj', rows, 'region');
  const names = new Map(version.segments.map((s) => [s.key, s.name]));
  const found = await listTargets(ctx.db, memberCodes(region, parents), dataId, Math.min(Math.max(opts.limit ?? 500, 1), 2000));
  return {
    chain: { id: chain.id, name: version.name },
    region,
    statuses: STATUS_NAMES,
    targets: found.map((t) => ({
      id: t.id,
      regionCode: t.region_code,
      segment: { key: t.segment_key, name: names.get(t.segment_key) ?? null },
      uscc: t.enterprise_uscc,
      name: t.enterprise_name,
      enterpriseRegion: t.enterprise_region,
      score: Number(t.score),
      reasons: t.reasons,
      status: t.status,
      next: TARGET_MOVES[t.status],
      taskId: t.task_id,
      projectId: t.project_id,
      createdAt: new Date(t.created_at).toISOString(),
      updatedAt: new Date(t.updated_at).toISOString(),
    })),
  };
}
