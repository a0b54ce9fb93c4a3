import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { atlasPolicy } from './atlas.policy.ts';
import {
  EMPTY_CELL,
  STRENGTH_FORMULA,
  addCells,
  countedDecisions,
  parseRegionTokens,
  strengthLevel,
  strengthPoints,
  strengthScore,
  withinRegion,
  type CellCounts,
  type RegionColumn,
  type RegionRow,
} from './atlas.analysis.domain.ts';
import { coverageCells, loadRegionRows, type CellRow } from './atlas.analysis.repo.ts';
import { findChain, findVersionId, loadChainVersion } from './atlas.chains.repo.ts';
import type { Coverage } from './atlas.analysis.schema.ts';
import type { LinkDecision } from './atlas.tables.ts';

/** Which links a figure counts, in words. */
export function countedText(confirmedOnly: boolean): { zh: string; en: string } {
  return confirmedOnly
    ? { zh: '仅计入已确认的企业—环节关联', en: 'Only confirmed enterprise–segment links are counted' }
    : { zh: '计入已确认和待确认的企业—环节关联（已否定的不计入）', en: 'Confirmed and uncertain enterprise–segment links are counted (rejected links never)' };
}

/** The regions table, by code. */
export async function regionIndex(ctx: ServiceContext): Promise<{ rows: Map<string, RegionRow>; parents: Map<string, string | null> }> {
  const rows = await loadRegionRows(ctx.db);
  return { rows: new Map(rows.map((r) => [r.code, r])), parents: new Map(rows.map((r) => [r.code, r.parent_code])) };
}

/** The codes of the regions table that lie in a column (its codes and their descendants). */
export function memberCodes(column: RegionColumn, parents: ReadonlyMap<string, string | null>): string[] {
  return [...parents.keys()].filter((code) => column.codes.some((top) => withinRegion(code, top, parents)));
}

/** Reads `regions=` or throws a validation error naming the tokens not understood. */
export function regionColumns(raw: string | undefined, rows: ReadonlyMap<string, RegionRow>): RegionColumn[] {
  const { columns, problems } = parseRegionTokens(raw, rows);
  if (problems.length) {
    const list = problems.join('、');
    throw new ValidationError(
      bilingual(`地区参数无法识别：${list}（应为 6 位行政区划代码，或 jjj 京津冀、yrd 长三角、gba 粤港澳大湾区）`, `unknown regions: ${problems.join(', ')} (6-digit GB/T 2260 codes, or jjj, yrd, gba)`),
      problems.map((p) => ({ field: 'regions', message: bilingual(`无法识别的地区「${p}」`, `unknown region "${p}"`) })),
    );
  }
  if (columns.length === 0) throw new ValidationError(bilingual('请至少指定一个地区', 'name at least one region'), [{ field: 'regions', message: bilingual('为空', 'empty') }]);
  if (columns.length > 60) throw new ValidationError(bilingual('地区最多 60 个', 'at most 60 regions'), [{ field: 'regions', message: bilingual('过多', 'too many') }]);
  return columns;
}

/** A chain's current version, found by id (404 otherwise), with each segment's ancestors. */
export async function currentChain(ctx: ServiceContext, id: string) {
  const [chain] = /^[0-9a-f-]{36}$/i.test(id) ? await findChain(ctx.db, id) : [];
  if (!chain || chain.id !== id) throw bilingualNotFound(`产业链 ${id} 不存在`, `Chain ${id}`);
  const version = await loadChainVersion(ctx.db, (await findVersionId(ctx.db, chain.id, chain.current_version))!);
  const parent = new Map(version.segments.map((s) => [s.key, s.parent]));
  const ancestors: { key: string; anc: string }[] = [];
  for (const s of version.segments) for (let k: string | null = s.key; k; k = parent.get(k) ?? null) ancestors.push({ key: s.key, anc: k });
  return { chain, version, ancestors };
}

/** Sums cell rows (per enterprise region) into the columns' cells, by segment key. */
export function rollUp(rows: CellRow[], columns: RegionColumn[], parents: ReadonlyMap<string, string | null>): Map<string, CellCounts>[] {
  return columns.map((column) => {
    const bySegment = new Map<string, CellCounts>();
    for (const r of rows) {
      if (!column.codes.some((top) => withinRegion(r.regionCode, top, parents))) continue;
      bySegment.set(r.segmentKey, addCells(bySegment.get(r.segmentKey) ?? EMPTY_CELL, r));
    }
    return bySegment;
  });
}

/** A cell of the answer: its counts, strength points, score and band. */
export function cellOut(c: CellCounts) {
  const points = strengthPoints(c);
  const score = strengthScore(points);
  return { ...c, points, score, level: strengthLevel(score, c.enterprises) };
}

/**
 * The coverage matrix of a chain's current version: for each segment and each region (a code taking in its
 * descendants, or a reference group), the enterprises counted, leading and 专精特新 ones, the strength score and the
 * latest as-of date of the links counted. A segment counts the enterprises linked to it or to its sub-segments.
 */
export async function chainCoverage(ctx: ServiceContext, chainId: string, opts: { regions?: string; confirmedOnly?: boolean } = {}): Promise<Coverage> {
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'read the coverage');
  const { chain, version, ancestors } = await currentChain(ctx, chainId);
  const { rows: regionRows, parents } = await regionIndex(ctx);
  const columns = regionColumns(opts.regions, regionRows);
  const decisions: LinkDecision[] = countedDecisions(Boolean(opts.confirmedOnly));
  const codes = [...new Set(columns.flatMap((c) => memberCodes(c, parents)))];
  const rows = await coverageCells(ctx.db, chain.id, ancestors, decisions, codes);
  const cells = rollUp(rows, columns, parents);
  const asOf = rows.reduce<string | null>((m, r) => (r.asOf && (!m || r.asOf > m) ? r.asOf : m), null);
  return {
    chain: { id: chain.id, key: chain.key, name: version.name, nameEn: version.nameEn, version: version.version },
    regions: columns,
    decisions,
    confirmedOnly: Boolean(opts.confirmedOnly),
    counted: countedText(Boolean(opts.confirmedOnly)),
    formula: STRENGTH_FORMULA,
    asOf,
    segments: version.segments.map((s) => ({
      key: s.key,
      parent: s.parent,
      stage: s.stage,
      name: s.name,
      nameEn: s.nameEn,
      cells: columns.map((c, i) => ({ region: c.key, ...cellOut(cells[i]!.get(s.key) ?? EMPTY_CELL) })),
    })),
  };
}
