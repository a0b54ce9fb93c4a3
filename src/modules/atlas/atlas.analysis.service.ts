import { requireAbility } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import type { Db } from '../../server/db.ts';
import { atlasPolicy } from './atlas.policy.ts';
import {
  CANDIDATE_FORMULA,
  EMPTY_CELL,
  GAP_RULE_TEXT,
  HHI_TEXT,
  MATCH_FORMULA,
  REASON_NAMES,
  assessGap,
  candidateScore,
  concentrationLevel,
  hhi,
  supplierWeight,
  type CandidateReason,
  type GapReason,
  MATCH_RADIUS_KM,
  STRENGTH_FORMULA,
  cityOf,
  distanceBand,
  distancePointsBeyond,
  haversineKm,
  MAX_BAND_POINTS,
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
import { countedVersion, coverageCells, coverageColumns, enterpriseLinks, forgetCoverage, recountCoverage, findEnterpriseByUscc, findMatchAsker, followedTargets, linkedEnterprises, listChokepoints, loadRegionRows, matchCandidates, targetCounts, type CellRow, type MatchOrigin, WHOLE_CHAIN } from './atlas.analysis.repo.ts';
import { fillLinkPlaces, locate } from './atlas.link-places.ts';
import { recordAudit } from '../org/index.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';
import { adaptationIds, dataChainId, findChain, findChainWithCurrentVersion, findVersionId, loadChainVersion } from './atlas.chains.repo.ts';
import { cachedChainVersion } from './atlas.chain-cache.ts';
import { adaptedFrom } from './atlas.chain-adapt.domain.ts';
import type { Candidate, ChokepointLead, Chokepoints, Coverage, Gaps, Match, MatchLine } from './atlas.analysis.schema.ts';
import type { LinkDecision, TargetStatus } from './atlas.tables.ts';

/** Which links a figure counts, in words. */
export function countedText(confirmedOnly: boolean): { zh: string; en: string } {
  return confirmedOnly
    ? { zh: '仅计入已确认的企业—环节关联', en: 'Only confirmed enterprise–segment links are counted' }
    : { zh: '计入已确认和待定的企业—环节关联（已否定的不计入）', en: 'Confirmed and uncertain enterprise–segment links are counted (rejected links never)' };
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

/**
 * A chain's current version, found by id (404 otherwise), with each segment's ancestors, and `dataId`: the chain whose
 * enterprise links, targets and chokepoints it counts (a region's adaptation counts its shared chain's: dataChainId).
 */
export async function currentChain(ctx: ServiceContext, id: string) {
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await findChainWithCurrentVersion(ctx.db, id) : undefined;
  if (!found) throw bilingualNotFound(`产业链 ${id} 不存在`, `Chain ${id}`);
  const { version_id: versionId, sources, ...chain } = found;
  // A shared chain counts its own links; only a region's chain may be an adaptation (then its sources say of which).
  const [version, dataId] = await Promise.all([cachedChainVersion(ctx.db, versionId), chain.region_code === '000000' || !adaptedFrom(sources) ? chain.id : dataChainId(ctx.db, chain)]);
  return { chain, version, ancestors: ancestorsOf(version), dataId };
}

const ancestorsByVersion = new WeakMap<object, { key: string; anc: string }[]>();

/** Each segment key with itself and each of its ancestors (worked out once per cached version). */
export function ancestorsOf(version: { segments: readonly { key: string; parent: string | null }[] }): { key: string; anc: string }[] {
  const had = ancestorsByVersion.get(version);
  if (had) return had;
  const parent = new Map(version.segments.map((s) => [s.key, s.parent]));
  const ancestors: { key: string; anc: string }[] = [];
  for (const s of version.segments) for (let k: string | null = s.key; k; k = parent.get(k) ?? null) ancestors.push({ key: s.key, anc: k });
  ancestorsByVersion.set(version, Object.freeze(ancestors) as { key: string; anc: string }[]);
  return ancestors;
}

/**
 * The coverage cells of a chain's current version counted, counting them all first when they are not. A region's
 * adaptation of a shared chain counts the shared chain's links (`dataId`) under its own segments, into its own cells.
 */
export async function ensureCoverage(ctx: ServiceContext, chain: { id: string; current_version: number }, dataId: string, ancestors: { key: string; anc: string }[]): Promise<void> {
  if ((await countedVersion(ctx.db, chain.id)) === chain.current_version) return;
  await inTransaction(ctx, (trx) => recountCoverage(trx, chain.id, dataId, chain.current_version, ancestors, null));
}

/**
 * Counts a region's coverage cells of a chain again, after a link there was added or decided (in its transaction).
 * Nothing to do when the chain's cells are not counted for its current version: its next reading counts them all.
 * The regions' adaptations of the chain count its links too: their cells are counted afresh at their next reading.
 */
export async function recountRegionCoverage(db: Db | Tx, chainId: string, regionCode: string): Promise<void> {
  const [chain] = await findChain(db, chainId);
  if (!chain || chain.id !== chainId) return;
  await forgetCoverage(db, await adaptationIds(db, chain));
  const version = await countedVersion(db, chainId);
  if (version === null || chain.current_version !== version) return;
  const { segments } = await loadChainVersion(db, (await findVersionId(db, chain.id, chain.current_version))!);
  await recountCoverage(db, chainId, chainId, version, ancestorsOf({ segments }), regionCode);
}

/**
 * Sums cell rows (per enterprise region) into the columns' cells, by segment key. Which columns take in a region is
 * worked out once per region, not once per row and column (a chain's rows at a million enterprises are tens of
 * thousands, times 60 columns, each walking the regions tree).
 */
export function rollUp(rows: CellRow[], columns: RegionColumn[], parents: ReadonlyMap<string, string | null>): Map<string, CellCounts>[] {
  const out = columns.map(() => new Map<string, CellCounts>());
  const columnsOf = new Map<string, Map<string, CellCounts>[]>();
  for (const r of rows) {
    let into = columnsOf.get(r.regionCode);
    if (!into) {
      into = out.filter((_, i) => columns[i]!.codes.some((top) => withinRegion(r.regionCode, top, parents)));
      columnsOf.set(r.regionCode, into);
    }
    for (const bySegment of into) bySegment.set(r.segmentKey, addCells(bySegment.get(r.segmentKey) ?? EMPTY_CELL, r));
  }
  return out;
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
  const [{ chain, version, ancestors, dataId }, { rows: regionRows, parents }] = await Promise.all([currentChain(ctx, chainId), regionIndex(ctx)]);
  const columns = regionColumns(opts.regions, regionRows);
  const decisions: LinkDecision[] = countedDecisions(Boolean(opts.confirmedOnly));
  const columnCodes = columns.map((c) => memberCodes(c, parents));
  // The columns summed in SQL with the version the cells were counted for; counted first when they are not (then read again).
  let read = await coverageColumns(ctx.db, chain.id, decisions, columnCodes);
  if (read.counted !== chain.current_version) {
    await ensureCoverage(ctx, chain, dataId, ancestors);
    read = await coverageColumns(ctx.db, chain.id, decisions, columnCodes);
  }
  const cells = read.columns;
  let asOf: string | null = null;
  for (const column of cells) for (const c of column.values()) if (c.asOf && (!asOf || c.asOf > asOf)) asOf = c.asOf;
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

/**
 * The radii (km) of the rings 成龙配套 reads in turn (then everything beyond the last): a 40 km core, the rest of the
 * usual 配套 radius, then farther out. In a dense place (Beijing) the core alone fills the page with high scores, and
 * the 40–150 km ring is then cut by its lower distance points (at most 34.7 + 10 for the band, not 40 + 10): at a
 * million enterprises on PGlite the slowest answers read thousands of nearby links fewer (BENCHMARKS.md, "Atlas,
 * fourth session").
 */
const MATCH_RADII_KM = [40, MATCH_RADIUS_KM.max, 600, 2500];
/** Within the first ring, the links with at least this many points (of 43: atlas.analysis.domain.ts MAX_MATCH_POINTS) are read first, then the fewer. */
const MATCH_POINT_TIERS = [30, 26, 23, 20, 16, 12];

/**
 * The candidates that can rank among the `limit` best of one side of one chain (see {@link matchCandidates}): those
 * within the usual radius first, then ring after ring farther out only while a candidate there could still outscore
 * the last one kept, in one statement.
 */
function bestCandidates(ctx: ServiceContext, chainId: string, segmentKeys: string[], origin: MatchOrigin, limit: number) {
  return matchCandidates(ctx.db, chainId, segmentKeys, origin, {
    limit,
    radiiKm: MATCH_RADII_KM,
    pointTiers: MATCH_POINT_TIERS,
    slack: 0.2,
    cap: limit * 4 + 1000,
    bandPoints: MAX_BAND_POINTS,
    pointsAt: distancePointsBeyond,
  });
}

/**
 * The segments of a chain version on each side of an enterprise linked to `ownKeys`: suppliers (segments supplying
 * its segments, with their sub-segments) and customers (segments its segments supply); its own segments on neither.
 */
function matchSides(version: { segments: readonly { key: string; parent: string | null }[]; edges: readonly { from: string; to: string }[] }, ownKeys: string[]) {
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
  const own = subtree(ownKeys);
  // A sub-segment takes part in its parents' edges (制造 → 封测 holds for 逻辑工艺 too).
  const touch = new Set(own);
  for (const k of own) for (let p = byKey.get(k)?.parent ?? null; p; p = byKey.get(p)?.parent ?? null) touch.add(p);
  const sides = {
    suppliers: subtree(version.edges.filter((x) => touch.has(x.to) && !touch.has(x.from)).map((x) => x.from)),
    customers: subtree(version.edges.filter((x) => touch.has(x.from) && !touch.has(x.to)).map((x) => x.to)),
  };
  for (const k of own) {
    sides.suppliers.delete(k);
    sides.customers.delete(k);
  }
  return sides;
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
  // One statement: the enterprise, its links, their chains' current versions and whether their places are filled.
  const asker = await findMatchAsker(ctx.db, uscc);
  if (!asker) throw bilingualNotFound(`企业 ${uscc} 不在企业名录中`, `Enterprise ${uscc}`);
  const e = asker.enterprise;
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
  const self = { regionCode: e.region_code, lat: e.lat === null ? null : Number(e.lat), lng: e.lng === null ? null : Number(e.lng) };
  const here = await locate(self);
  const origin: MatchOrigin = { regionCode: e.region_code, enterpriseId: e.id, lat: here.lat, lng: here.lng, city: cityOf(e.region_code), jjj: ['11', '12', '13'].includes(e.region_code.slice(0, 2)) };
  const lines: { suppliers: MatchLine[]; customers: MatchLine[] } = { suppliers: [], customers: [] };
  // Every chain's candidates at once (the chain's structure from memory: cachedChainVersion); the lines in chain order.
  const perChain = await Promise.all(
    asker.chains.map(async ({ chain, versionId, sources, unplaced, segmentKeys }) => {
      if (!versionId) throw bilingualNotFound(`产业链 ${chain.id} 不存在`, `Chain ${chain.id}`);
      const [version, dataId] = await Promise.all([cachedChainVersion(ctx.db, versionId), chain.region_code === '000000' || !adaptedFrom(sources) ? chain.id : dataChainId(ctx.db, chain)]);
      const sides = matchSides(version, segmentKeys);
      // The places and points of links not filled yet first; then both sides at once (on PostgreSQL, two connections).
      if (unplaced || dataId !== chain.id) await fillLinkPlaces(ctx.db, { chainId: dataId });
      const found = await Promise.all((['suppliers', 'customers'] as const).map((side) => bestCandidates(ctx, dataId, [...sides[side]], origin, limit)));
      return { chain, version, byKey: new Map(version.segments.map((s) => [s.key, s])), found };
    }),
  );
  for (const { chain, version, byKey, found } of perChain) {
    for (const [i, side] of (['suppliers', 'customers'] as const).entries()) {
      for (const o of found[i]!) {
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

// --- 堵点 and 招商 candidates ------------------------------------------------------------------------------------

function subtreeOf(version: { segments: { key: string; parent: string | null }[] }) {
  const children = new Map<string, string[]>();
  for (const s of version.segments) if (s.parent) children.set(s.parent, [...(children.get(s.parent) ?? []), s.key]);
  return (key: string): string[] => {
    const out: string[] = [];
    const walk = (k: string) => {
      out.push(k);
      for (const c of children.get(k) ?? []) walk(c);
    };
    walk(key);
    return out;
  };
}

const reasonOut = (code: CandidateReason | GapReason) => ({ code, ...REASON_NAMES[code] });

/** One region or group from a query parameter (its fallback when absent); more than one is refused naming the field. */
export function oneColumn(raw: string | undefined, fallback: string, rows: ReadonlyMap<string, RegionRow>, field: string): RegionColumn {
  const columns = regionColumns(raw ?? fallback, rows);
  if (columns.length !== 1) throw new ValidationError(bilingual(`${field} 只能是一个地区或地区组`, `${field} must be one region or group`), [{ field, message: bilingual('只能一个', 'one only') }]);
  return columns[0]!;
}

/**
 * 堵点 of a chain for a region (a code or a group, default 京津冀) against a benchmark (default 长三角) and the national
 * pattern, by the documented rule; each gap with its candidates elsewhere (招商目标), ranked by the documented
 * candidate score with its reasons, and the region's targets already followed for the segment.
 */
export async function chainGaps(
  ctx: ServiceContext,
  chainId: string,
  opts: { region?: string; benchmark?: string; confirmedOnly?: boolean; candidates?: number } = {},
): Promise<Gaps> {
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'read the gaps');
  const { chain, version, ancestors, dataId } = await currentChain(ctx, chainId);
  const { rows: regionRows, parents } = await regionIndex(ctx);
  const region = oneColumn(opts.region, 'jjj', regionRows, 'region');
  const benchmark = oneColumn(opts.benchmark, 'yrd', regionRows, 'benchmark');
  const decisions = countedDecisions(Boolean(opts.confirmedOnly));
  const perCandidate = Math.min(Math.max(opts.candidates ?? 5, 0), 50);
  await ensureCoverage(ctx, chain, dataId, ancestors);
  const nationalRows = await coverageCells(ctx.db, chain.id, decisions, null);
  const national = new Map<string, CellCounts>();
  for (const r of nationalRows) national.set(r.segmentKey, addCells(national.get(r.segmentKey) ?? EMPTY_CELL, r));
  const [localCells, benchCells] = rollUp(nationalRows, [region, benchmark], parents);
  // The chain's enterprises by region (any segment), counted with the cells: a region's share of a segment is of these.
  let localTotal = 0;
  let nationalTotal = 0;
  for (const r of nationalRows) {
    if (r.segmentKey !== WHOLE_CHAIN) continue;
    nationalTotal += r.enterprises;
    if (region.codes.some((top) => withinRegion(r.regionCode, top, parents))) localTotal += r.enterprises;
  }
  const subtree = subtreeOf(version);
  const found = version.segments
    .map((s, position) => {
      const local = localCells!.get(s.key) ?? EMPTY_CELL;
      const bench = benchCells!.get(s.key) ?? EMPTY_CELL;
      const nat = national.get(s.key) ?? EMPTY_CELL;
      return { s, position, local, bench, nat, a: assessGap({ local, benchmark: bench, national: nat, localChainTotal: localTotal, nationalChainTotal: nationalTotal }) };
    })
    .filter((g) => g.a.reasons.length > 0)
    .sort((x, y) => y.a.shortfall - x.a.shortfall || x.position - y.position);

  const members = memberCodes(region, parents);
  const keys = [...new Set(found.flatMap((g) => subtree(g.s.key)))];
  const outside = perCandidate > 0 ? await linkedEnterprises(ctx.db, dataId, keys, decisions, { codes: members, outside: true }, 20_000) : [];
  const names = new Map(version.segments.map((s) => [s.key, s.name]));
  // Targets are kept under their plan's region: a group or a province counts those of every region in it (京津冀 took
  // only Beijing's, so a Tianjin plan's targets never showed on the default view).
  const [targets, followed] = await Promise.all([targetCounts(ctx.db, members, dataId), followedTargets(ctx.db, members, dataId)]);
  const asOf = nationalRows.reduce<string | null>((m, r) => (r.asOf && (!m || r.asOf > m) ? r.asOf : m), null);
  return {
    chain: { id: chain.id, key: chain.key, name: version.name, nameEn: version.nameEn, version: version.version },
    region,
    benchmark,
    decisions,
    counted: countedText(Boolean(opts.confirmedOnly)),
    rule: GAP_RULE_TEXT,
    formula: STRENGTH_FORMULA,
    candidateFormula: CANDIDATE_FORMULA,
    asOf,
    regionTotal: localTotal,
    nationalTotal,
    gaps: found.map((g) => {
      const within = new Set(subtree(g.s.key));
      const best = new Map<string, Candidate>();
      for (const o of outside) {
        if (!within.has(o.segmentKey)) continue;
        const { score, reasons } = candidateScore(o);
        const had = best.get(o.id);
        if (had && had.score >= score) continue;
        best.set(o.id, {
          uscc: o.uscc,
          name: o.name,
          regionCode: o.regionCode,
          segment: { key: o.segmentKey, name: names.get(o.segmentKey) ?? o.segmentKey },
          sizeBand: o.sizeBand,
          employees: o.employees,
          tags: o.tags,
          mainProducts: o.mainProducts,
          evidence: o.evidence,
          decision: o.decision,
          asOf: o.asOf,
          score,
          reasons: reasons.map(reasonOut),
          target: (o.uscc && followed.get(o.uscc)) || null,
        });
      }
      const statuses = { lead: 0, contact: 0, signed: 0, landed: 0, dropped: 0 };
      for (const t of targets) if (within.has(t.segment_key)) statuses[t.status] += Number(t.n);
      return {
        segment: { key: g.s.key, name: g.s.name, nameEn: g.s.nameEn, stage: g.s.stage, parent: g.s.parent },
        reasons: g.a.reasons.map(reasonOut),
        local: cellOut(g.local),
        benchmark: cellOut(g.bench),
        national: cellOut(g.nat),
        localShare: Math.round(g.a.localShare * 10000) / 10000,
        nationalShare: Math.round(g.a.nationalShare * 10000) / 10000,
        shortfall: Math.round(g.a.shortfall * 10) / 10,
        targets: statuses,
        candidates: [...best.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN')).slice(0, perCandidate),
      };
    }),
  };
}

// --- 卡点 ----------------------------------------------------------------------------------------------------------

/**
 * 卡点 of a chain: the segments and technologies marked as chokepoints (import dependency, domestic suppliers), the
 * concentration of each segment's supplier base (HHI over every enterprise linked to it, by employees or size band;
 * single-supplier flag), and who in the region (default 京津冀) could lead joint R&D (联合攻关), ranked like 招商 candidates.
 */
export async function chainChokepoints(ctx: ServiceContext, chainId: string, opts: { region?: string; leads?: number } = {}): Promise<Chokepoints> {
  requireAbility(atlasPolicy.analysis.read, ctx.actor, undefined as never, 'read the chokepoints');
  const { chain, version, dataId } = await currentChain(ctx, chainId);
  const { rows: regionRows, parents } = await regionIndex(ctx);
  const region = oneColumn(opts.region, 'jjj', regionRows, 'region');
  const perLead = Math.min(Math.max(opts.leads ?? 5, 0), 50);
  const marks = await listChokepoints(ctx.db, dataId);
  const subtree = subtreeOf(version);
  const names = new Map(version.segments.map((s) => [s.key, s]));
  const segmentKeys = [...new Set(marks.map((m) => m.segment_key))].filter((k) => names.has(k));
  const keys = [...new Set(segmentKeys.flatMap(subtree))];
  const all = await linkedEnterprises(ctx.db, dataId, keys, ['confirmed', 'uncertain'], null, 50_000);
  const members = new Set(memberCodes(region, parents));
  return {
    chain: { id: chain.id, key: chain.key, name: version.name, nameEn: version.nameEn, version: version.version },
    region,
    counted: countedText(false),
    concentration: HHI_TEXT,
    leadFormula: CANDIDATE_FORMULA,
    chokepoints: marks.map((m) => {
      const within = new Set(names.has(m.segment_key) ? subtree(m.segment_key) : []);
      const byEnterprise = new Map<string, (typeof all)[number]>();
      for (const o of all) if (within.has(o.segmentKey) && !byEnterprise.has(o.id)) byEnterprise.set(o.id, o);
      const suppliers = [...byEnterprise.values()];
      const index = hhi(suppliers.map(supplierWeight));
      const leads = new Map<string, ChokepointLead>();
      for (const o of all) {
        if (!within.has(o.segmentKey) || !members.has(o.regionCode)) continue;
        const { score, reasons } = candidateScore(o);
        const had = leads.get(o.id);
        if (had && had.score >= score) continue;
        leads.set(o.id, { uscc: o.uscc, name: o.name, regionCode: o.regionCode, sizeBand: o.sizeBand, employees: o.employees, tags: o.tags, evidence: o.evidence, score, reasons: reasons.map(reasonOut) });
      }
      const seg = names.get(m.segment_key);
      return {
        id: m.id,
        segment: { key: m.segment_key, name: seg?.name ?? m.segment_key, stage: seg?.stage ?? null, inCurrentVersion: Boolean(seg) },
        technology: m.technology,
        importDependency: m.import_dependency === null ? null : Number(m.import_dependency),
        domesticSuppliers: m.domestic_suppliers,
        note: m.note,
        source: m.source,
        suppliers: suppliers.length,
        regionSuppliers: suppliers.filter((o) => members.has(o.regionCode)).length,
        hhi: index,
        concentration: concentrationLevel(index, suppliers.length),
        singleSupplier: suppliers.length === 1 || m.domestic_suppliers === 1,
        leads: [...leads.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name, 'zh-CN')).slice(0, perLead),
      };
    }),
  };
}

/** Marks a segment (or a technology in it) of a chain as a chokepoint, or updates the mark. */
export async function markChokepoint(
  ctx: ServiceContext,
  chainId: string,
  input: { segmentKey: string; technology?: string | null; importDependency?: number | null; domesticSuppliers?: number | null; note?: string | null; source: string },
): Promise<{ id: string }> {
  requireAbility(atlasPolicy.analysis.write, ctx.actor, undefined as never, 'mark a chokepoint');
  const { version, dataId } = await currentChain(ctx, chainId);
  const issues: FieldIssue[] = [];
  if (!version.segments.some((s) => s.key === input.segmentKey)) issues.push({ field: 'segmentKey', message: bilingual(`环节「${input.segmentKey}」不在产业链 ${version.name} 中`, `segment "${input.segmentKey}" is not in chain ${version.name}`) });
  if (input.importDependency !== undefined && input.importDependency !== null && !(input.importDependency >= 0 && input.importDependency <= 100)) issues.push({ field: 'importDependency', message: bilingual('进口依赖度应在 0–100 之间', 'import dependency must be 0–100 (%)') });
  if (input.domesticSuppliers !== undefined && input.domesticSuppliers !== null && !(Number.isInteger(input.domesticSuppliers) && input.domesticSuppliers >= 0)) issues.push({ field: 'domesticSuppliers', message: bilingual('国内供应商数应为非负整数', 'domestic suppliers must be a whole number ≥ 0') });
  if (!input.source.trim()) issues.push({ field: 'source', message: bilingual('请注明来源', 'name the source') });
  if (issues.length) throw new ValidationError(issues.map((i) => i.message).join('；'), issues);
  const technology = input.technology?.trim() || null;
  return inTransaction(ctx, async (trx) => {
    const existing = await trx
      .selectFrom('atlas_chokepoints')
      .select('id')
      .where('chain_id', '=', dataId)
      .where('segment_key', '=', input.segmentKey)
      .where((eb) => (technology === null ? eb('technology', 'is', null) : eb('technology', '=', technology)))
      .executeTakeFirst();
    const values = { import_dependency: input.importDependency ?? null, domestic_suppliers: input.domesticSuppliers ?? null, note: input.note ?? null, source: input.source.trim() };
    const id = existing
      ? (await trx.updateTable('atlas_chokepoints').set(values).where('id', '=', existing.id).returning('id').executeTakeFirstOrThrow()).id
      : (await trx.insertInto('atlas_chokepoints').values({ chain_id: dataId, segment_key: input.segmentKey, technology, ...values }).returning('id').executeTakeFirstOrThrow()).id;
    await recordAudit(trx, ctx.actor, { action: existing ? 'update' : 'create', entity: 'chokepoint', entityId: id, summary: `${version.name} · ${input.segmentKey}${technology ? ` · ${technology}` : ''}`, after: { ...input } });
    return { id };
  });
}

/** The 招商 target list of a region's gaps as an Excel workbook (one row per candidate, its gap and reasons). */
export async function gapTargetsWorkbook(ctx: ServiceContext, chainId: string, opts: Parameters<typeof chainGaps>[2] = {}): Promise<{ fileName: string; buffer: Buffer }> {
  const g = await chainGaps(ctx, chainId, { ...opts, candidates: opts.candidates ?? 20 });
  const ExcelJS = (await import('exceljs')).default;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('招商目标');
  sheet.addRow([`${g.chain.name} 堵点招商目标清单（${g.region.name}，对标${g.benchmark.name}）`]);
  sheet.addRow([`${g.counted.zh}；数据截至 ${g.asOf ?? '—'}；${g.candidateFormula.zh}`]);
  const header = ['序号', '堵点环节', '堵点原因', '本地强度分', '对标强度分', '企业名称', '统一社会信用代码', '所在地区代码', '企业所属环节', '规模', '从业人数', '标签', '主要产品', '证据', '关联状态', '截至日期', '得分', '推荐理由'];
  sheet.addRow(header).font = { bold: true };
  const size = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;
  const evidence = { strong: '强', medium: '中', weak: '弱' } as const;
  const decision = { confirmed: '已确认', uncertain: '待定', rejected: '已否定' } as const;
  let n = 0;
  for (const gap of g.gaps) {
    for (const c of gap.candidates) {
      sheet.addRow([
        ++n,
        gap.segment.name,
        gap.reasons.map((r) => r.zh).join('；'),
        gap.local.score,
        gap.benchmark.score,
        c.name,
        c.uscc ?? '',
        c.regionCode,
        c.segment.name,
        c.sizeBand ? size[c.sizeBand] : '',
        c.employees ?? '',
        c.tags.join('、'),
        c.mainProducts.join('、'),
        evidence[c.evidence],
        decision[c.decision],
        c.asOf,
        c.score,
        c.reasons.map((r) => r.zh).join('；'),
      ]);
    }
  }
  sheet.columns.forEach((col, i) => (col.width = [6, 18, 22, 10, 10, 28, 22, 12, 18, 8, 10, 24, 24, 6, 8, 12, 8, 40][i] ?? 12));
  const buffer = Buffer.from(await book.xlsx.writeBuffer());
  return { fileName: `${g.chain.key}-${g.region.key}-招商目标.xlsx`, buffer };
}

// --- 招商 targets: a ledger task, then projects as targets sign --------------------------------------------------

export interface TargetInput {
  uscc: string;
  segmentKey: string;
  /** Why it was chosen, when not a 堵点's candidate (复杂度分析：密度0.42，PCI 1.30 …); kept first among its reasons. */
  reason?: string;
}

/**
 * Turns chosen 招商 candidates into work, in one transaction (all or nothing): one ledger task in `planId` naming them,
 * and one target per enterprise at 线索 (lead), kept for the plan's region. A target moves 线索 → 对接 → 签约 → 落地 by
 * {@link moveTarget}; at 签约 it becomes a tracking project under the task (source atlas), whose own stages
 * (签约 → 开工 → 投产 → 达产) then say when it has landed. Projects start at 签约 in the tracking module and the
 * results record sums them as signed, so a lead is not made a project before it signs.
 */
export async function createTargets(
  ctx: ServiceContext,
  chainId: string,
  input: { planId: string; title?: string; targets: TargetInput[] },
): Promise<{ taskId: string; targets: { id: string; uscc: string; name: string; segmentKey: string; status: TargetStatus }[] }> {
  requireAbility(atlasPolicy.analysis.write, ctx.actor, undefined as never, 'create 招商 targets');
  const { chain, version, dataId } = await currentChain(ctx, chainId);
  const names = new Map(version.segments.map((s) => [s.key, s.name]));
  const issues: FieldIssue[] = [];
  if (input.targets.length === 0) issues.push({ field: 'targets', message: bilingual('请至少选择一个招商目标', 'choose at least one target') });
  if (input.targets.length > 200) issues.push({ field: 'targets', message: bilingual('一次最多 200 个招商目标', 'at most 200 targets at once') });
  const found: { uscc: string; name: string; regionCode: string; segmentKey: string; score: number; reasons: string[]; reason: string | null }[] = [];
  const seen = new Set<string>();
  for (const [i, t] of input.targets.entries()) {
    const uscc = normaliseUscc(t.uscc ?? '');
    const problem = usccProblem(uscc);
    if (problem) {
      issues.push({ field: `targets[${i}].uscc`, message: bilingual(`统一社会信用代码「${uscc}」${problem.zh}`, `USCC "${uscc}" ${problem.en}`) });
      continue;
    }
    if (!names.has(t.segmentKey)) issues.push({ field: `targets[${i}].segmentKey`, message: bilingual(`环节「${t.segmentKey}」不在产业链 ${version.name} 中`, `segment "${t.segmentKey}" is not in chain ${version.name}`) });
    if (seen.has(`${uscc}\u0000${t.segmentKey}`)) issues.push({ field: `targets[${i}]`, message: bilingual(`第 ${i + 1} 个目标重复`, `target ${i + 1} is a duplicate`) });
    seen.add(`${uscc}\u0000${t.segmentKey}`);
    const e = await findEnterpriseByUscc(ctx.db, uscc);
    if (!e) {
      issues.push({ field: `targets[${i}].uscc`, message: bilingual(`企业 ${uscc} 不在企业名录中`, `enterprise ${uscc} is not in the directory`) });
      continue;
    }
    const link = (await enterpriseLinks(ctx.db, e.region_code, e.id)).find((l) => l.chain_id === dataId && l.segment_key === t.segmentKey);
    const scored = candidateScore({ evidence: link?.evidence ?? 'weak', decision: link?.decision ?? 'uncertain', tags: e.tags, sizeBand: e.size_band, employees: e.employees });
    const reason = t.reason?.trim().slice(0, 300) || null;
    found.push({ uscc, name: e.name, regionCode: e.region_code, segmentKey: t.segmentKey, score: scored.score, reasons: reason ? [reason, ...scored.reasons] : scored.reasons, reason });
  }
  if (issues.length) throw new ValidationError(bilingual(`招商目标有 ${issues.length} 处错误，未创建任何内容`, `${issues.length} problem(s) with the targets; nothing was created`), issues);
  const { addTasks, findTaskPlan } = await import('../ledger/index.ts');
  return inTransaction(ctx, async (trx) => {
    const inner: ServiceContext = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    const segmentsNamed = [...new Set(found.map((f) => names.get(f.segmentKey)!))].join('、');
    const title = input.title?.trim() || `${version.name}堵点招商：${segmentsNamed}`;
    const note = found.map((f, i) => `${i + 1}. ${f.name}（${f.uscc}，${names.get(f.segmentKey)}${f.reason ? `；${f.reason}` : ''}）`).join('\n');
    // The unit that made the targets leads the task: its editors then sign them (a project under a task is written by
    // the task's lead unit or a supervisor), as the chain office follows its own 招商 work.
    const leadUnit = ctx.actor.unitId ? { id: ctx.actor.unitId } : null;
    const [taskId] = await addTasks(
      inner,
      input.planId,
      [{ title, note: `招商目标（线索→对接→签约→落地）：\n${note}`, leadUnit, milestones: [{ title: '对接' }, { title: '签约' }, { title: '落地' }] }],
      `产业链图谱：${version.name}招商目标转为任务`,
    );
    const plan = (await findTaskPlan(trx, taskId!))!;
    // An enterprise followed already (not dropped) for this chain in the plan's region is not made a target twice.
    const followed = await followedTargets(trx, [plan.region_code], dataId);
    const again = found.filter((f) => followed.has(f.uscc));
    if (again.length) {
      throw new ValidationError(
        bilingual(`${again.length} 家企业已是本链的招商目标，未创建任何内容`, `${again.length} enterprise(s) are already targets of this chain; nothing was created`),
        again.map((f) => {
          const status = STATUS_NAMES[followed.get(f.uscc)!];
          return { field: 'targets', message: bilingual(`${f.name}（${f.uscc}）已是招商目标（${status.zh}）`, `${f.name} (${f.uscc}) is already a target (${status.en})`) };
        }),
      );
    }
    const rows = await trx
      .insertInto('atlas_targets')
      .values(
        found.map((f) => ({
          region_code: plan.region_code,
          chain_id: dataId,
          segment_key: f.segmentKey,
          enterprise_uscc: f.uscc,
          enterprise_name: f.name,
          enterprise_region: f.regionCode,
          score: f.score,
          reasons: f.reasons,
          task_id: taskId!,
          created_by: ctx.actor.userId,
        })),
      )
      .returning(['id', 'enterprise_uscc', 'enterprise_name', 'segment_key', 'status'])
      .execute();
    await recordAudit(trx, ctx.actor, { action: 'create', entity: 'atlas_target', entityId: taskId!, regionCode: plan.region_code, summary: `${version.name}：${rows.length} 个招商目标转为任务`, after: { chain: chain.key, targets: found.map((f) => f.uscc) } });
    return { taskId: taskId!, targets: rows.map((r) => ({ id: r.id, uscc: r.enterprise_uscc!, name: r.enterprise_name, segmentKey: r.segment_key, status: r.status })) };
  });
}

/** The statuses a 招商 target may move to from each. */
export const TARGET_MOVES: Record<TargetStatus, TargetStatus[]> = { lead: ['contact', 'signed', 'dropped'], contact: ['signed', 'dropped'], signed: ['landed'], landed: [], dropped: ['lead'] };

/**
 * Moves a target on: 线索 → 对接 → 签约 → 落地 (or dropped). At 签约 the target becomes a tracking project under its task
 * (createProject, source atlas with the target's id), in the same transaction; `amount` (万元) is the project's.
 */
export async function moveTarget(
  ctx: ServiceContext,
  regionCode: string,
  targetId: string,
  input: { status: TargetStatus; amount?: number; signedOn?: string },
): Promise<{ id: string; status: TargetStatus; projectId: string | null }> {
  requireAbility(atlasPolicy.analysis.write, ctx.actor, undefined as never, 'move a 招商 target');
  const target = await ctx.db.selectFrom('atlas_targets').selectAll().where('region_code', '=', regionCode).where('id', '=', targetId).executeTakeFirst();
  if (!target) throw bilingualNotFound(`招商目标 ${targetId} 不存在`, `Target ${targetId}`);
  if (!TARGET_MOVES[target.status].includes(input.status)) {
    throw new ValidationError(bilingual(`招商目标不能从「${STATUS_NAMES[target.status].zh}」转为「${STATUS_NAMES[input.status].zh}」`, `a target cannot move from ${target.status} to ${input.status}`), [{ field: 'status', message: bilingual('状态顺序不对', 'wrong order') }]);
  }
  const { createProject } = await import('../tracking/index.ts');
  return inTransaction(ctx, async (trx) => {
    const inner: ServiceContext = { ...ctx, db: trx as unknown as ServiceContext['db'] };
    let projectId = target.project_id;
    if (input.status === 'signed' && !projectId && target.task_id) {
      const chainName = (await currentChain(inner, target.chain_id)).version;
      const segment = chainName.segments.find((s) => s.key === target.segment_key);
      const project = await createProject(inner, {
        taskId: target.task_id,
        kind: 'investment',
        name: `引进${target.enterprise_name}（${segment?.name ?? target.segment_key}）`,
        amount: input.amount ?? 0,
        partnerName: target.enterprise_name,
        partnerUscc: target.enterprise_uscc,
        chainSegment: `${chainName.name} · ${segment?.name ?? target.segment_key}`,
        stage: 'signed',
        signedOn: input.signedOn ?? null,
        source: { kind: 'atlas', ref: target.id },
      });
      projectId = project.id;
    }
    await trx.updateTable('atlas_targets').set({ status: input.status, project_id: projectId, updated_at: new Date() }).where('region_code', '=', regionCode).where('id', '=', targetId).execute();
    await recordAudit(trx, ctx.actor, { action: 'update', entity: 'atlas_target', entityId: targetId, regionCode, summary: `${target.enterprise_name}：${STATUS_NAMES[target.status].zh} → ${STATUS_NAMES[input.status].zh}`, before: { status: target.status }, after: { status: input.status, projectId } });
    return { id: targetId, status: input.status, projectId };
  });
}

export const STATUS_NAMES: Record<TargetStatus, { zh: string; en: string }> = {
  lead: { zh: '线索', en: 'Lead' },
  contact: { zh: '对接', en: 'In contact' },
  signed: { zh: '签约', en: 'Signed' },
  landed: { zh: '落地', en: 'Landed' },
  dropped: { zh: '放弃', en: 'Dropped' },
};
