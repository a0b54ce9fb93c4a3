import { requireAbility } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { queryAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { diffChains } from './atlas.chain-diff.domain.ts';
import { countChanges, versionMadeBy, type VersionOrigin } from './atlas.chain-versions.domain.ts';
import type { ChainVersionChanges, ChainVersionSummary } from './atlas.chain-versions.schema.ts';
import { findChain, findVersionId, loadChainVersion } from './atlas.chains.repo.ts';
import { listChainVersions } from './atlas.chain-versions.repo.ts';

async function chainOr404(ctx: ServiceContext, id: string) {
  const [chain] = await findChain(ctx.db, id);
  if (!chain || chain.id !== id) throw bilingualNotFound(`产业链 ${id} 不存在`, `Chain ${id}`);
  return chain;
}

/**
 * Every version of a chain, newest first: when, by whom and how it was made (from the audit log), its size, and how
 * many changes of each kind it made against the version before (stored with the version when it was written).
 */
export async function chainVersions(ctx: ServiceContext, chainId: string): Promise<ChainVersionSummary[]> {
  requireAbility(atlasPolicy.chain.read, ctx.actor, undefined as never, 'read a chain');
  const chain = await chainOr404(ctx, chainId);
  const versions = await listChainVersions(ctx.db, chain.id);
  const made = new Map<number, { origin: VersionOrigin; by: string }>();
  // Oldest first, so that a version written twice over (never, but the log is append-only) keeps its last entry.
  const entries = await queryAudit(ctx.db, { entity: 'chain', entityId: chain.id, limit: 500 });
  for (const e of entries.reverse()) {
    const m = versionMadeBy({ action: e.action, actorName: e.actor_name, after: e.after });
    if (m) made.set(m.version, { origin: m.origin, by: e.actor_name });
  }
  return versions.map((v) => ({
    version: v.version,
    label: v.label,
    madeAt: v.imported_at.toISOString() as ChainVersionSummary['madeAt'],
    madeBy: made.get(v.version)?.by ?? null,
    origin: made.get(v.version)?.origin ?? null,
    segmentCount: v.segment_count,
    edgeCount: v.edge_count,
    changeCounts: v.changes ? countChanges(v.changes) : null,
  }));
}

/**
 * The changes of version `version` of a chain against version `against` (the one before by default), worked out
 * from the two versions' segments and edges. The first version, with nothing before it, lists all it holds as added.
 */
export async function chainVersionChanges(ctx: ServiceContext, chainId: string, version: number, against?: number): Promise<ChainVersionChanges> {
  requireAbility(atlasPolicy.chain.read, ctx.actor, undefined as never, 'read a chain');
  const chain = await chainOr404(ctx, chainId);
  const load = async (v: number) => {
    const id = await findVersionId(ctx.db, chain.id, v);
    if (!id) throw bilingualNotFound(`产业链“${chain.name}”没有第 ${v} 版（当前为第 ${chain.current_version} 版）`, `Version ${v} of chain ${chain.name}`);
    return loadChainVersion(ctx.db, id);
  };
  const after = await load(version);
  const base = against ?? (version > 1 ? version - 1 : null);
  const before = base === null ? { ...after, segments: [], edges: [] } : await load(base);
  return { version, against: base, changes: diffChains(before, after) };
}
