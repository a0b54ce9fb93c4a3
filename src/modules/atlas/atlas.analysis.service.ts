import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { atlasPolicy } from './atlas.policy.ts';
import {
  EMPTY_CELL,
  MATCH_FORMULA,
  MATCH_RADIUS_KM,
  STRENGTH_FORMULA,
  distanceBand,
  haversineKm,
  makeCentroidLookup,
  matchScore,
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
import { coverageCells, enterpriseLinks, findEnterpriseByUscc, linkedEnterprises, loadRegionRows, type CellRow } from './atlas.analysis.repo.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';
import { findChain, findVersionId, loadChainVersion } from './atlas.chains.repo.ts';
import type { Coverage, Match, MatchLine } from './atlas.analysis.schema.ts';
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

// --- 成龙配套 ----------------------------------------------------------------------------------------------------

let centroidLookup: ReturnType<typeof makeCentroidLookup> | null = null;
async function centroidOf(code: string) {
  if (!centroidLookup) centroidLookup = makeCentroidLookup((await import('./atlas.centroids.data.ts')).CENTROIDS_TEXT);
  return centroidLookup(code);
}

/** Where an enterprise is: its own coordinates, else its division's centre from the bundled table. */
async function locate(e: { regionCode: string; lat: number | null; lng: number | null }) {
  if (e.lat !== null && e.lng !== null) return { lat: e.lat, lng: e.lng, located: 'coordinates' as const };
  const c = await centroidOf(e.regionCode);
  return c ? { lat: c.lat, lng: c.lng, located: `centroid_${c.level}` as const } : { lat: null, lng: null, located: 'unknown' as const };
}

/**
 * 成龙配套 for an enterprise (by its USCC): enterprises in the segments that supply its segments (suppliers) and in
 * the segments its segments supply (customers), across every chain it is linked to (rejected links left out), each
 * ranked by the documented match score: distance first (coordinates, else the district's centre), then band, evidence,
 * tags and size. `limit` lines each (default 50).
 */
export async function matchEnterprise(ctx: ServiceContext, rawUscc: string, opts: { limit?: number } = {}): Promise<Match> {
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'match an enterprise');
  const uscc = normaliseUscc(rawUscc);
  const problem = usccProblem(uscc);
  if (problem) throw new ValidationError(bilingual(`统一社会信用代码「${uscc}」${problem.zh}`, `the USCC "${uscc}" ${problem.en}`), [{ field: 'uscc', message: bilingual(problem.zh, problem.en) }]);
  const e = await findEnterpriseByUscc(ctx.db, uscc);
  if (!e) throw bilingualNotFound(`企业 ${uscc} 不在企业名录中`, `Enterprise ${uscc}`);
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const self = { regionCode: e.region_code, lat: e.lat === null ? null : Number(e.lat), lng: e.lng === null ? null : Number(e.lng) };
  const here = await locate(self);
  const links = await enterpriseLinks(ctx.db, e.region_code, e.id);
  const lines: { suppliers: MatchLine[]; customers: MatchLine[] } = { suppliers: [], customers: [] };
  for (const chainId of [...new Set(links.map((l) => l.chain_id))]) {
    const { chain, version } = await currentChain(ctx, chainId);
    const byKey = new Map(version.segments.map((s) => [s.key, s]));
    const children = new Map<string, string[]>();
    for (const s of version.segments) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.key]);
    const subtree = (keys: Iterable<string>) => {
      const out = new Set<string>();
      const walk = (k: string) => {
        if (out.has(k)) return;
        out.add(k);
        for (const c of children.get(k) ?? []) walk(c);
      };
      for (const k of keys) walk(k);
      return out;
    };
    const own = subtree(links.filter((l) => l.chain_id === chainId).map((l) => l.segment_key));
    const sides = {
      suppliers: subtree(version.edges.filter((x) => own.has(x.to) && !own.has(x.from)).map((x) => x.from)),
      customers: subtree(version.edges.filter((x) => own.has(x.from) && !own.has(x.to)).map((x) => x.to)),
    };
    for (const side of ['suppliers', 'customers'] as const) {
      const found = await linkedEnterprises(ctx.db, chain.id, [...sides[side]], ['confirmed', 'uncertain'], null, 20_000);
      for (const o of found) {
        if (o.id === e.id) continue;
        const there = await locate(o);
        const km = here.lat !== null && there.lat !== null ? Math.round(haversineKm(here as { lat: number; lng: number }, there as { lat: number; lng: number }) * 10) / 10 : null;
        const band = distanceBand(e.region_code, o.regionCode);
        const seg = byKey.get(o.segmentKey)!;
        lines[side].push({
          uscc: o.uscc,
          name: o.name,
          regionCode: o.regionCode,
          chain: { id: chain.id, name: version.name },
          segment: { key: seg.key, name: seg.name },
          km,
          located: there.located,
          band,
          withinRadius: km !== null && km <= MATCH_RADIUS_KM.max,
          sizeBand: o.sizeBand,
          employees: o.employees,
          tags: o.tags,
          evidence: o.evidence,
          decision: o.decision,
          asOf: o.asOf,
          score: matchScore({ km, band, evidence: o.evidence, tags: o.tags, sizeBand: o.sizeBand }),
        });
      }
    }
  }
  const rank = (list: MatchLine[]) => {
    const best = new Map<string, MatchLine>();
    for (const l of list) {
      const key = `${l.uscc ?? l.name}\u0000${l.chain.id}`;
      const had = best.get(key);
      if (!had || l.score > had.score) best.set(key, l);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.km ?? 1e9) - (b.km ?? 1e9) || a.name.localeCompare(b.name, 'zh-CN')).slice(0, limit);
  };
  return {
    enterprise: { uscc, name: e.name, regionCode: e.region_code, lat: here.lat, lng: here.lng, located: here.located },
    radiusKm: MATCH_RADIUS_KM,
    counted: countedText(false),
    formula: MATCH_FORMULA,
    centroidSource: (await import('./atlas.centroids.data.ts')).CENTROIDS_SOURCE,
    suppliers: rank(lines.suppliers),
    customers: rank(lines.customers),
  };
}
