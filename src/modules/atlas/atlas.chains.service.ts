import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { dryRun } from '../../lib/dry-run.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { actorRegion, recordAudit } from '../org/index.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { chainToFile, readChainFile, type ChainDefinition } from './atlas.chain.domain.ts';
import { diffChains, noChanges, type ChainChanges } from './atlas.chain-diff.domain.ts';
import type { ChainFile } from './atlas.chain-format.domain.ts';
import { adaptationEntry, withAdaptationSource } from './atlas.chain-adapt.domain.ts';
import { isWorkbookName, placeIssues, readChainWorkbook, type WorkbookPlaces } from './atlas.chain-workbook.ts';
import { adaptationDetail } from './atlas.chain-adapt.service.ts';
import { regionIndex } from './atlas.analysis.service.ts';
import type { ChainDetail, ChainSummary } from './atlas.schema.ts';
import { findChain, findChainByKey, findVersionId, insertChain, insertChainVersion, listChains, loadChainVersion } from './atlas.chains.repo.ts';

/** What importing a chain file did (or, in a dry run, would do). */
export interface ChainImportResult {
  dryRun: boolean;
  chain: { id: string; key: string; name: string; regionCode: string };
  /** The version written; with `unchanged`, the current version, which the file repeats. */
  version: number;
  /** The first version of a new chain. */
  created: boolean;
  /** The file is the current version again: nothing written. */
  unchanged: boolean;
  segments: number;
  edges: number;
  /** The changes from the version before; null for a new chain. */
  changes: ChainChanges | null;
}

/** Reads JSON text as a chain file, naming the line of a syntax error. */
export function parseChainJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    throw new ValidationError(bilingual(`${fileName} 不是有效的 JSON：${message}`, `${fileName} is not valid JSON: ${message}`), [
      { field: '$', message: bilingual(`JSON 语法错误：${message}`, `JSON syntax error: ${message}`) },
    ]);
  }
}

/** An uploaded or local chain file, JSON or (by its name, `.xlsx`) an Excel workbook, read for `importChain`. */
export async function readChainUpload(bytes: Uint8Array, fileName: string): Promise<{ value: unknown; places?: WorkbookPlaces }> {
  if (isWorkbookName(fileName)) return readChainWorkbook(bytes, fileName);
  return { value: parseChainJson(new TextDecoder().decode(bytes), fileName) };
}

/**
 * Imports a chain file (docs/atlas-chain-format.md) as the next version of the region's chain with the same id, or
 * as a new chain: checked whole first (every problem named by its JSON path), written in one transaction with its
 * audit entry, nothing at all when the file is wrong. The same file again writes nothing (`unchanged`).
 * `regionCode` defaults to the actor's region ('000000', shared, for the system). With `places` (a workbook's, from
 * `readChainUpload`), problems are named by sheet and row instead of JSON path.
 */
export async function importChain(
  ctx: ServiceContext,
  value: unknown,
  opts: { dryRun?: boolean; regionCode?: string; fileName?: string; places?: WorkbookPlaces } = {},
): Promise<ChainImportResult> {
  requireAbility(atlasPolicy.chain.import, ctx.actor, undefined as never, 'import a chain');
  const reading = readChainFile(value);
  if (!reading.ok) {
    const n = reading.issues.length;
    const file = opts.fileName ?? '产业链文件';
    throw new ValidationError(
      bilingual(`${file} 有 ${n} 处错误，未导入任何内容`, `${opts.fileName ?? 'The chain file'} has ${n} problem${n === 1 ? '' : 's'}; nothing was imported`),
      opts.places ? placeIssues(reading.issues, opts.places) : reading.issues,
    );
  }
  const file = reading.chain;
  const work = async (trx: Tx): Promise<ChainImportResult> => {
    let chain = file;
    const regionCode = opts.regionCode ?? (await actorRegion(trx, ctx.actor));
    const existing = await findChainByKey(trx, regionCode, chain.key);
    const counts = { segments: chain.segments.length, edges: chain.edges.length };
    if (!existing) {
      const id = await insertChain(trx, { region_code: regionCode, key: chain.key, name: chain.name, name_en: chain.nameEn });
      await insertChainVersion(trx, id, 1, chain, { changes: null, importedBy: ctx.actor.userId });
      await audit(trx, ctx, id, regionCode, chain, 1, null);
      return { dryRun: false, chain: { id, key: chain.key, name: chain.name, regionCode }, version: 1, created: true, unchanged: false, ...counts, changes: null };
    }
    const currentId = (await findVersionId(trx, existing.id, existing.current_version))!;
    const current = await loadChainVersion(trx, currentId);
    // A region's adaptation stays one when a file without the record of it is imported over it: its links are the shared chain's.
    const kept = adaptationEntry(current.sources);
    if (kept && !adaptationEntry(chain.sources)) chain = { ...chain, sources: withAdaptationSource(chain.sources, kept) };
    const changes = diffChains(current, chain);
    const same = noChanges(changes);
    const ref = { id: existing.id, key: chain.key, name: chain.name, regionCode };
    if (same) return { dryRun: false, chain: ref, version: existing.current_version, created: false, unchanged: true, ...counts, changes };
    const version = existing.current_version + 1;
    await insertChainVersion(trx, existing.id, version, chain, { changes, importedBy: ctx.actor.userId });
    await audit(trx, ctx, existing.id, regionCode, chain, version, changes);
    return { dryRun: false, chain: ref, version, created: false, unchanged: false, ...counts, changes };
  };
  if (opts.dryRun) return { ...(await dryRun(ctx.db, (trx) => work(trx as Tx))), dryRun: true };
  return inTransaction(ctx, work);
}

async function audit(trx: Tx, ctx: ServiceContext, chainId: string, regionCode: string, chain: ChainDefinition, version: number, changes: ChainChanges | null) {
  await recordAudit(trx, ctx.actor, {
    action: 'import',
    entity: 'chain',
    entityId: chainId,
    summary: `${chain.name} v${version}`,
    after: {
      key: chain.key,
      version,
      segments: chain.segments.length,
      edges: chain.edges.length,
      changes: changes && Object.fromEntries(Object.entries(changes).map(([k, list]) => [k, (list as unknown[]).length])),
    },
    regionCode: regionCode === '000000' ? undefined : regionCode,
  });
}

/**
 * A chain version as an exchange file. `ref` is the chain's id or key; a key kept by several regions needs `regionCode`.
 * Without `version`, the current one.
 */
export async function exportChain(ctx: ServiceContext, ref: string, opts: { version?: number; regionCode?: string } = {}): Promise<ChainFile> {
  requireAbility(atlasPolicy.chain.export, ctx.actor, undefined as never, 'export a chain');
  const found = await findChain(ctx.db, ref, opts.regionCode);
  if (found.length === 0) throw bilingualNotFound(`产业链 ${ref} 不存在`, `Chain ${ref}`);
  if (found.length > 1) {
    throw new ValidationError(
      bilingual(`多个地区都有产业链 ${ref}，请指定地区（${found.map((c) => c.region_code).join('、')}）`, `several regions keep a chain ${ref}; name the region (${found.map((c) => c.region_code).join(', ')})`),
      [{ field: 'region', message: bilingual('请指定地区', 'name the region') }],
    );
  }
  const chain = found[0]!;
  const version = opts.version ?? chain.current_version;
  const versionId = await findVersionId(ctx.db, chain.id, version);
  if (!versionId) throw bilingualNotFound(`产业链 ${ref} 的第 ${version} 版不存在`, `Version ${version} of chain ${ref}`);
  return chainToFile(await loadChainVersion(ctx.db, versionId));
}

/** Every chain with its current version's size, by name in pinyin order. */
export async function chainSummaries(ctx: ServiceContext): Promise<ChainSummary[]> {
  requireAbility(atlasPolicy.chain.read, ctx.actor, undefined as never, 'read chains');
  const collator = new Intl.Collator('zh-CN-u-co-pinyin');
  const { rows: regions } = await regionIndex(ctx);
  return (await listChains(ctx.db))
    .map((c) => ({
      id: c.id,
      regionCode: c.region_code,
      regionName: c.region_code === '000000' ? null : (regions.get(c.region_code)?.name ?? c.region_code),
      key: c.key,
      name: c.name,
      nameEn: c.name_en,
      version: c.current_version,
      segmentCount: c.segment_count,
      edgeCount: c.edge_count,
      updatedAt: c.updated_at.toISOString() as ChainSummary['updatedAt'],
    }))
    .sort((a, b) => collator.compare(a.name, b.name) || a.regionCode.localeCompare(b.regionCode));
}

async function chainById(ctx: ServiceContext, id: string) {
  const [chain] = await findChain(ctx.db, id);
  if (!chain || chain.id !== id) throw bilingualNotFound(`产业链 ${id} 不存在`, `Chain ${id}`);
  return chain;
}

/** A chain's current version: its segments and edges. */
export async function chainDetail(ctx: ServiceContext, id: string): Promise<ChainDetail> {
  requireAbility(atlasPolicy.chain.read, ctx.actor, undefined as never, 'read a chain');
  const chain = await chainById(ctx, id);
  const v = await loadChainVersion(ctx.db, (await findVersionId(ctx.db, chain.id, chain.current_version))!);
  const region = await actorRegion(ctx.db, ctx.actor);
  return {
    id: chain.id,
    regionCode: chain.region_code,
    key: chain.key,
    name: v.name,
    nameEn: v.nameEn,
    version: v.version,
    segmentCount: v.segments.length,
    edgeCount: v.edges.length,
    updatedAt: chain.updated_at.toISOString() as ChainDetail['updatedAt'],
    label: v.label,
    description: v.description,
    sources: v.sources,
    segments: v.segments,
    edges: v.edges,
    canEdit: atlasPolicy.chain.edit(ctx.actor, { regionCode: chain.region_code, actorRegion: region }),
    ...(await adaptationDetail(ctx, chain, region)),
  };
}

/** A chain's current version as an exchange file, the chain named by id (the HTTP download). */
export async function exportChainById(ctx: ServiceContext, id: string): Promise<{ file: ChainFile; regionCode: string; version: number }> {
  requireAbility(atlasPolicy.chain.export, ctx.actor, undefined as never, 'export a chain');
  const chain = await chainById(ctx, id);
  return { file: await exportChain(ctx, chain.id, { regionCode: chain.region_code, version: chain.current_version }), regionCode: chain.region_code, version: chain.current_version };
}
