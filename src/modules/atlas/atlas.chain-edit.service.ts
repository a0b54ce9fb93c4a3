import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { actorRegion, recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { applyChainEdits, type ChainEdit } from './atlas.chain-edit.domain.ts';
import { diffChains, noChanges } from './atlas.chain-diff.domain.ts';
import type { ChainEditResult } from './atlas.chain-edit.schema.ts';
import { countSegmentLinks, countSegmentReferences, findAdaptedFrom, findChain, findVersionId, insertChainVersion, loadChainVersion, lockChain, type ChainRow } from './atlas.chains.repo.ts';
import { regionWithDescendants } from './atlas.directory.repo.ts';

/**
 * Edits a chain from the map (add, change, move or remove segments; add or remove supply edges): the batch is applied
 * to the current version and checked as a file import is; it becomes the next version, its changes listed like an
 * import's, with one audit entry. `baseVersion` is the version the editor saw: when another editor saved since, nothing
 * is written and the caller is told to reload (409). A segment that enterprises, 招商 targets or 卡点 marks refer to is
 * not removed (409 naming them).
 */
export async function editChain(ctx: ServiceContext, chainId: string, input: { baseVersion: number; edits: ChainEdit[] }): Promise<ChainEditResult> {
  // Versions never change once written: the edit is worked out on the base version before the transaction, which
  // then only checks that the base is still current. (On Citus, counting the links reads every shard of a distributed
  // table, after which a transaction may not write the reference tables a chain is kept in.)
  const [found] = await findChain(ctx.db, chainId);
  if (!found || found.id !== chainId) throw bilingualNotFound(`产业链 ${chainId} 不存在`, `Chain ${chainId}`);
  requireAbility(atlasPolicy.chain.edit, ctx.actor, { regionCode: found.region_code, actorRegion: await actorRegion(ctx.db, ctx.actor) }, 'edit a chain');
  const stale = (current: number) =>
    new ConflictError(
      bilingual(
        `产业链“${found.name}”已有新版本（第 ${current} 版，你编辑的是第 ${input.baseVersion} 版），可能是他人刚保存的修改；请刷新后再改，未保存任何内容`,
        `chain ${found.name} has a newer version (v${current}; you edited v${input.baseVersion}), perhaps saved by someone else: reload and edit again; nothing was saved`,
      ),
      [{ field: 'baseVersion', message: bilingual(`当前为第 ${current} 版`, `the current version is ${current}`) }],
    );
  const baseId = await findVersionId(ctx.db, found.id, input.baseVersion);
  if (found.current_version !== input.baseVersion || !baseId) throw stale(found.current_version);
  const current = await loadChainVersion(ctx.db, baseId);
  const outcome = applyChainEdits(current, input.edits);
  if (!outcome.ok) {
    const n = outcome.issues.length;
    throw new ValidationError(bilingual(`修改有 ${n} 处问题，未保存任何内容`, `the edit has ${n} problem${n === 1 ? '' : 's'}; nothing was saved`), outcome.issues);
  }
  await refuseRemovingUsedSegments(ctx, found, outcome.removedSegments, new Map(current.segments.map((s) => [s.key, s.name])));
  const next = outcome.chain;
  const changes = diffChains(current, next);
  if (noChanges(changes)) return { chainId: found.id, version: found.current_version, unchanged: true, addedSegments: [], changes };
  return inTransaction(ctx, async (trx) => {
    // Editors of one chain take turns here; whoever comes second finds the base no longer current.
    const chain = (await lockChain(trx, found.id))!;
    if (chain.current_version !== input.baseVersion) throw stale(chain.current_version);
    const version = chain.current_version + 1;
    await insertChainVersion(trx, chain.id, version, next, { changes, importedBy: ctx.actor.userId });
    await recordAudit(trx, ctx.actor, {
      action: 'edit',
      entity: 'chain',
      entityId: chain.id,
      summary: `${chain.name} v${version}`,
      before: { version: chain.current_version },
      after: { version, changes },
      regionCode: chain.region_code === '000000' ? undefined : chain.region_code,
    });
    return { chainId: chain.id, version, unchanged: false, addedSegments: outcome.addedSegments, changes };
  });
}

/**
 * Refuses (409, nothing written) to remove segments something still refers to, naming each segment and what refers to
 * it: enterprises linked to it (confirmed or uncertain), 招商 targets made from the gap analysis (and the ledger
 * projects they became), 卡点 marks. A region's adaptation counts the links of its own region's enterprises only (the
 * others stay under the shared definition, which keeps the segment), and the targets and marks kept under the shared chain.
 */
async function refuseRemovingUsedSegments(ctx: ServiceContext, chain: ChainRow, keys: string[], names: ReadonlyMap<string, string>): Promise<void> {
  if (keys.length === 0) return;
  const adapted = await findAdaptedFrom(ctx.db, chain);
  const dataId = adapted?.chainId ?? chain.id;
  const [linked, refs] = await Promise.all([
    countSegmentLinks(ctx.db, dataId, keys, adapted ? await regionWithDescendants(ctx.db, chain.region_code) : null),
    countSegmentReferences(ctx.db, dataId, keys),
  ]);
  const details = keys.flatMap((key) => {
    const name = names.get(key) ?? key;
    const n = linked.get(key) ?? 0;
    const r = refs.get(key) ?? { targets: 0, projects: 0, chokepoints: 0 };
    const zh: string[] = [];
    const en: string[] = [];
    if (n) {
      zh.push(`关联了 ${n} 家企业（已确认或待定），请先在企业名录中把这些关联移到其他环节或判为不相关`);
      en.push(`${n} enterprise${n === 1 ? ' is' : 's are'} linked to it (confirmed or uncertain): move those links or reject them in the directory first`);
    }
    if (r.targets) {
      zh.push(`有 ${r.targets} 个堵点招商目标${r.projects ? `（其中 ${r.projects} 个已转为项目）` : ''}，请先在台账中处理`);
      en.push(`it has ${r.targets} 招商 target${r.targets === 1 ? '' : 's'} from the gap analysis${r.projects ? ` (${r.projects} of them projects)` : ''}: settle them in the ledger first`);
    }
    if (r.chokepoints) {
      zh.push(`被标记为卡点（${r.chokepoints} 处），请先在卡点分析中处理`);
      en.push(`it is marked as a chokepoint (${r.chokepoints} mark${r.chokepoints === 1 ? '' : 's'}): settle them in the chokepoint view first`);
    }
    return zh.length ? [{ field: `segment ${key}`, message: bilingual(`环节“${name}”${zh.join('；')}`, `${name}: ${en.join('; ')}`) }] : [];
  });
  if (details.length) {
    throw new ConflictError(
      bilingual('仍被企业关联、招商目标或卡点引用的环节不能删除，未保存任何内容', 'segments that enterprises, 招商 targets or chokepoint marks refer to cannot be removed; nothing was saved'),
      details,
    );
  }
}
