import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { actorRegion, recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { adaptationSource, withAdaptationSource } from './atlas.chain-adapt.domain.ts';
import { diffChains, noChainChanges } from './atlas.chain-diff.domain.ts';
import type { ChainAdaptResult, ChainDetail } from './atlas.schema.ts';
import { findAdaptedFrom, findChain, findChainByKey, findVersionId, insertChain, insertChainVersion, loadChainVersion, lockChain, type ChainRow } from './atlas.chains.repo.ts';

async function chainOr404(ctx: ServiceContext, id: string): Promise<ChainRow> {
  const [chain] = /^[0-9a-f-]{36}$/i.test(id) ? await findChain(ctx.db, id) : [];
  if (!chain || chain.id !== id) throw bilingualNotFound(`产业链 ${id} 不存在`, `Chain ${id}`);
  return chain;
}

const currentVersionOf = async (ctx: ServiceContext, chain: ChainRow) => loadChainVersion(ctx.db, (await findVersionId(ctx.db, chain.id, chain.current_version))!);

/**
 * Adapts a shared chain definition for the caller's region (采用并调整): its current version is copied into the
 * region's own chain with the same key and segment ids, recording in its sources which shared chain and version it
 * came from. From then on the region's keepers edit the copy on the map; it counts the enterprise links, 招商 targets
 * and 卡点 marks kept under the shared chain (dataChainId), and the shared chain is still what other regions use.
 * A region adapts a chain once (409 naming the adaptation it has).
 */
export async function adaptChain(ctx: ServiceContext, sharedId: string): Promise<ChainAdaptResult> {
  const shared = await chainOr404(ctx, sharedId);
  const region = await actorRegion(ctx.db, ctx.actor);
  requireAbility(atlasPolicy.chain.adapt, ctx.actor, { actorRegion: region }, 'adapt a chain for a region');
  if (shared.region_code !== '000000') {
    throw new ValidationError(
      bilingual(`产业链“${shared.name}”是地区 ${shared.region_code} 自己的产业链，只有共享定义可以采用并调整`, `chain ${shared.name} is region ${shared.region_code}'s own; only shared definitions can be adapted`),
      [{ field: 'id', message: bilingual('不是共享定义', 'not a shared definition') }],
    );
  }
  const had = await findChainByKey(ctx.db, region, shared.key);
  if (had) {
    throw new ConflictError(
      bilingual(`本地区（${region}）已有产业链“${had.name}”（${shared.key}，第 ${had.current_version} 版），请直接修改它`, `your region (${region}) already keeps chain ${had.name} (${shared.key}, v${had.current_version}): edit that one`),
      [{ field: 'id', message: bilingual(`已有本地区的产业链 ${had.id}`, `the region's chain is ${had.id}`) }],
    );
  }
  const def = await currentVersionOf(ctx, shared);
  const copy = { ...def, sources: withAdaptationSource(def.sources, adaptationSource(shared, shared.current_version)) };
  return inTransaction(ctx, async (trx) => {
    const id = await insertChain(trx, { region_code: region, key: shared.key, name: def.name, name_en: def.nameEn });
    await insertChainVersion(trx, id, 1, copy, { changes: null, importedBy: ctx.actor.userId });
    await recordAudit(trx, ctx.actor, {
      action: 'adapt',
      entity: 'chain',
      entityId: id,
      summary: `${def.name} v1 ← 000000 v${shared.current_version}`,
      after: { key: shared.key, from: { chainId: shared.id, version: shared.current_version }, segments: def.segments.length, edges: def.edges.length },
      regionCode: region,
    });
    return { chainId: id, regionCode: region, version: 1, adaptedFrom: { chainId: shared.id, version: shared.current_version } };
  });
}

/**
 * Records that a region's keepers reviewed the shared chain's changes up to `sourceVersion` (its current version):
 * the adaptation's next version says it is based on that version, so its page no longer lists those changes. The
 * segments are left as the keepers made them; whatever of the shared changes they want, they make on the map.
 */
export async function reviewSourceChanges(ctx: ServiceContext, chainId: string, input: { sourceVersion: number }): Promise<ChainAdaptResult> {
  const chain = await chainOr404(ctx, chainId);
  requireAbility(atlasPolicy.chain.edit, ctx.actor, { regionCode: chain.region_code, actorRegion: await actorRegion(ctx.db, ctx.actor) }, 'review a shared chain’s changes');
  const from = await findAdaptedFrom(ctx.db, chain);
  if (!from) {
    throw new ValidationError(bilingual(`产业链“${chain.name}”不是共享定义的调整版本`, `chain ${chain.name} does not adapt a shared definition`), [{ field: 'id', message: bilingual('没有来源', 'no shared source') }]);
  }
  if (from.shared.current_version !== input.sourceVersion) {
    throw new ConflictError(
      bilingual(`共享定义“${from.shared.name}”现为第 ${from.shared.current_version} 版（你核对的是第 ${input.sourceVersion} 版）：请刷新后再核对`, `the shared chain ${from.shared.name} is now at v${from.shared.current_version} (you reviewed v${input.sourceVersion}): reload and review again`),
      [{ field: 'sourceVersion', message: bilingual(`当前为第 ${from.shared.current_version} 版`, `the current version is ${from.shared.current_version}`) }],
    );
  }
  if (from.version === input.sourceVersion) return { chainId: chain.id, regionCode: chain.region_code, version: chain.current_version, adaptedFrom: { chainId: from.chainId, version: from.version } };
  const def = await currentVersionOf(ctx, chain);
  const next = { ...def, sources: withAdaptationSource(def.sources, adaptationSource(from.shared, input.sourceVersion)) };
  return inTransaction(ctx, async (trx) => {
    const locked = (await lockChain(trx, chain.id))!;
    if (locked.current_version !== chain.current_version) {
      throw new ConflictError(bilingual(`产业链“${chain.name}”刚有新版本，请刷新后再核对`, `chain ${chain.name} has just got a new version: reload and review again`));
    }
    const version = locked.current_version + 1;
    await insertChainVersion(trx, chain.id, version, next, { changes: diffChains(def, next), importedBy: ctx.actor.userId });
    await recordAudit(trx, ctx.actor, {
      action: 'edit',
      entity: 'chain',
      entityId: chain.id,
      summary: `${chain.name} v${version}: 000000 v${from.version} → v${input.sourceVersion}`,
      before: { version: locked.current_version, source: from.version },
      after: { version, source: input.sourceVersion },
      regionCode: chain.region_code,
    });
    return { chainId: chain.id, regionCode: chain.region_code, version, adaptedFrom: { chainId: from.chainId, version: input.sourceVersion } };
  });
}

/** What the chain page shows of adaptation: the shared chain an adaptation follows (with its changes since), or a shared chain's adaptation in the caller's region. */
export async function adaptationDetail(
  ctx: ServiceContext,
  chain: ChainRow,
  region: string,
): Promise<Pick<ChainDetail, 'adaptedFrom' | 'adaptation' | 'canAdapt'>> {
  if (chain.region_code === '000000') {
    const own = region === '000000' ? undefined : await findChainByKey(ctx.db, region, chain.key);
    return { adaptedFrom: null, adaptation: own ? { id: own.id, version: own.current_version } : null, canAdapt: !own && atlasPolicy.chain.adapt(ctx.actor, { actorRegion: region }) };
  }
  const from = await findAdaptedFrom(ctx.db, chain);
  if (!from) return { adaptedFrom: null, adaptation: null, canAdapt: false };
  const { shared } = from;
  let changes = noChainChanges();
  const baseId = from.version === shared.current_version ? undefined : await findVersionId(ctx.db, shared.id, from.version);
  if (baseId) changes = diffChains(await loadChainVersion(ctx.db, baseId), await currentVersionOf(ctx, shared));
  return {
    adaptedFrom: { chainId: shared.id, key: shared.key, name: shared.name, nameEn: shared.name_en, version: from.version, currentVersion: shared.current_version, changes },
    adaptation: null,
    canAdapt: false,
  };
}
