/**
 * Reading a finished analysis: the ECI ranking, one location's profile and opportunities, the product space, and the
 * exports (the full results in the CLI's CSV format; a location's opportunities as xlsx or CSV).
 */
import { Readable } from 'node:stream';
import { requireAbility } from '../../lib/abilities.ts';
import { ConflictError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import type { ComplexityResult } from './complexity.domain.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import { rankOpportunities, BALANCED_WEIGHTS, type OpportunitySort } from './complexity.opportunities.domain.ts';
import { complexityCsv, proximityCsv } from './complexity.output.ts';
import { csvRows } from '../../lib/csv.ts';
import { complexityPolicy } from './complexity.policy.ts';
import * as repo from './complexity.repo.ts';

/** Which period to read; the last one when not given. */
export interface PeriodQuery {
  period?: string;
}

/**
 * A location in the ECI ranking. ECI is null for a location with no product present; COI is null only for such a
 * location in an analysis stored before COI was given for every location.
 */
export interface RankedLocation {
  rank: number | null;
  location: string;
  /** The label column's name for it (country name beside its code), when the analysis has one. */
  label?: string;
  eci: number | null;
  coi: number | null;
  diversity: number;
  total: number;
}

/**
 * A product as one location sees it; PCI, density and COG are null for a product present nowhere (and density and
 * COG for a location with no product present in an analysis stored before they were given for every location).
 */
export interface ProfileProduct {
  product: string;
  value: number;
  /** The product's share of the location's total value. */
  share: number;
  rca: number;
  mcp: 0 | 1;
  ubiquity: number;
  pci: number | null;
  density: number | null;
  cog: number | null;
  /** For an opportunity (M = 0, PCI defined): its balanced score and rank among the location's opportunities. */
  score: number | null;
  rank: number | null;
}

/** How opportunities are scored, for the API and the UI to state. */
export const OPPORTUNITY_METHOD = {
  score: '0.5·z(density) + 0.25·z(PCI) + 0.25·z(COG)',
  weights: BALANCED_WEIGHTS,
  candidates: 'products with M = 0 and a PCI (present somewhere)',
  note: '机会产业可导出为表格；由产业链图谱生成的分析，其机会产业可转为招商目标（POST /api/atlas/complexity/analyses/:id/targets） / opportunities can be exported as a table; those of an analysis built from the atlas can become 招商 targets (POST /api/atlas/complexity/analyses/:id/targets)',
} as const;

const orNull = (x: number | null | undefined) => x ?? null;

/** The ECI ranking of one period: locations from most to least complex, those without ECI last. */
export async function eciRanking(ctx: ServiceContext, id: string, query: PeriodQuery = {}) {
  const { analysis, period, v } = await loadVectors(ctx, id, query);
  const eciAt = positions(v.complex_locations, v.locations.length);
  const labels = analysis.summary?.labels;
  const locations: RankedLocation[] = v.locations.map((location, c) => ({
    rank: null,
    location,
    ...(labels?.[location] ? { label: labels[location] } : {}),
    eci: eciAt[c] >= 0 ? v.eci[eciAt[c]] : null,
    coi: orNull(v.coi[outlookRow(v, c)]),
    diversity: v.diversity[c],
    total: v.location_totals[c],
  }));
  locations.sort((a, b) => (b.eci ?? -Infinity) - (a.eci ?? -Infinity) || a.location.localeCompare(b.location));
  locations.forEach((l, i) => (l.rank = l.eci === null ? null : i + 1));
  return { analysisId: analysis.id, period, periods: analysis.periods, locations };
}

/**
 * One location's profile: its ECI, COI and rank, and per product its value, share, RCA, presence, ubiquity, PCI,
 * density and COG, with the opportunity score and rank of each product it does not have. A location with no product
 * present has no ECI or rank, but its opportunities: it is the one that most needs them.
 */
export async function locationProfile(ctx: ServiceContext, id: string, query: PeriodQuery & { location: string }) {
  const { analysis, period, v, c } = await loadLocation(ctx, id, query);
  const lc = v.complex_locations.indexOf(c);
  const row = outlookRow(v, c);
  const rows = await repo.findLocationRows(ctx.db, analysis, period, {
    location: c,
    products: v.products.length,
    outlookRow: row,
    complexProducts: v.complex_products.length,
  });
  const pciAt = positions(v.complex_products, v.products.length);
  const total = v.location_totals[c];
  const products: ProfileProduct[] = v.products.map((product, q) => {
    const pq = pciAt[q];
    return {
      product,
      value: rows.val[q],
      share: total > 0 ? rows.val[q] / total : 0,
      rca: rows.rca[q],
      mcp: rows.mcp[q] === 1 ? 1 : 0,
      ubiquity: v.ubiquity[q],
      pci: pq >= 0 ? v.pci[pq] : null,
      density: pq >= 0 && rows.density ? rows.density[pq] : null,
      cog: pq >= 0 && rows.cog ? rows.cog[pq] : null,
      score: null,
      rank: null,
    };
  });
  const candidates = products.filter((p) => p.mcp === 0 && p.pci !== null && p.density !== null && p.cog !== null);
  const ranked = rankOpportunities(candidates.map((p) => ({ density: p.density!, pci: p.pci!, cog: p.cog! })));
  for (const r of ranked) Object.assign(candidates[r.index], { score: r.score, rank: r.rank });

  const ranking = v.complex_locations.map((loc, i) => ({ loc, eci: v.eci[i] })).sort((a, b) => b.eci - a.eci);
  const eciRank = lc >= 0 ? ranking.findIndex((r) => r.loc === c) + 1 : null;
  return {
    analysisId: analysis.id,
    period,
    periods: analysis.periods,
    location: {
      location: v.locations[c],
      eci: lc >= 0 ? v.eci[lc] : null,
      coi: orNull(v.coi[row]),
      rank: eciRank,
      of: v.complex_locations.length,
      diversity: v.diversity[c],
      total,
    },
    products,
    method: OPPORTUNITY_METHOD,
  };
}

/** A location's top opportunities: products it lacks, ordered by the balanced score or by density, PCI or COG alone. */
export async function topOpportunities(ctx: ServiceContext, id: string, query: PeriodQuery & { location: string; sort?: OpportunitySort; limit?: number; products?: string[] }) {
  const profile = await locationProfile(ctx, id, query);
  const candidates = profile.products.filter((p) => p.rank !== null);
  const sort = query.sort ?? 'balanced';
  const order = rankOpportunities(candidates.map((p) => ({ density: p.density!, pci: p.pci!, cog: p.cog! })), sort);
  let items = order.map((o) => candidates[o.index]).map((p, i) => ({ ...p, position: i + 1 }));
  if (query.products?.length) {
    const wanted = new Set(query.products);
    items = items.filter((p) => wanted.has(p.product));
  } else items = items.slice(0, Math.min(query.limit ?? 20, 1000));
  return { analysisId: profile.analysisId, period: profile.period, location: profile.location, sort, candidates: candidates.length, items, method: OPPORTUNITY_METHOD };
}

/**
 * The product space of one period: a node per product with a PCI (size from its total value and ubiquity), the
 * links kept at analysis time (maximum spanning tree plus the strongest others), and — for a location — which
 * products it has (M = 1), their RCA and density.
 */
export async function productSpace(ctx: ServiceContext, id: string, query: PeriodQuery & { location?: string }) {
  const { analysis, period, v } = await loadVectors(ctx, id, query);
  const space = await repo.findPeriodSpace(ctx.db, analysis, period);
  let rows: Awaited<ReturnType<typeof repo.findLocationRows>> | null = null;
  let location: string | null = null;
  if (query.location !== undefined) {
    const c = locationIndex(v, query.location);
    location = v.locations[c];
    rows = await repo.findLocationRows(ctx.db, analysis, period, {
      location: c,
      products: v.products.length,
      outlookRow: outlookRow(v, c),
      complexProducts: v.complex_products.length,
    });
  }
  const nodes = v.complex_products.map((q, i) => ({
    product: v.products[q],
    pci: v.pci[i],
    ubiquity: v.ubiquity[q],
    total: v.product_totals[q],
    ...(rows ? { mcp: rows.mcp[q] === 1 ? (1 as const) : (0 as const), rca: rows.rca[q], density: orNull(rows.density?.[i]) } : {}),
  }));
  const edges = space!.space_source.map((source, i) => ({ source, target: space!.space_target[i], proximity: space!.space_proximity[i] }));
  const summary = analysis.summary!.periods.find((p) => p.period === period)!;
  return {
    analysisId: analysis.id,
    period,
    periods: analysis.periods,
    location,
    nodes,
    edges,
    threshold: summary.spaceThreshold,
    averageDegree: nodes.length > 0 ? (2 * edges.length) / nodes.length : 0,
  };
}

/**
 * The whole analysis as CSV, byte for byte what `luoshi complexity` writes for the same table and options. With a size
 * threshold (`minTotal`, as on the ranking page) the rows of the locations whose total is below it are left out, and
 * the file says so: a first line starting with `#` and the threshold in the file name.
 */
export async function exportResultsCsv(ctx: ServiceContext, id: string, query: { minTotal?: number } = {}): Promise<{ fileName: string; stream: Readable }> {
  const { analysis, result, columns, totals } = await storedResult(ctx, id);
  const min = query.minTotal;
  if (!min || min <= 0) return { fileName: `${analysis.name}-complexity.csv`, stream: Readable.from(complexityCsv(result, columns)) };
  const left = totals.map((ts) => ts.filter((x) => x < min).length);
  const per = result.periods.map((p, t) => `${p.period || '—'}: ${left[t]}`).join('; ');
  const note = `# 规模门槛 size threshold: 总值 total >= ${min}; 排除的地区 locations left out (${per})\n`;
  const rows = complexityCsv(result, columns, (t, c) => totals[t][c] >= min);
  return { fileName: `${analysis.name}-complexity-min${min}.csv`, stream: Readable.from((function* () { yield note; yield* rows; })()) };
}

/**
 * The proximity of every ordered pair of products (self-pairs left out), per period, in the format of
 * `luoshi complexity --proximity`: the product space as a table, for other tools.
 */
export async function exportProximityCsv(ctx: ServiceContext, id: string): Promise<{ fileName: string; stream: Readable }> {
  const { analysis, result, columns } = await storedResult(ctx, id);
  return { fileName: `${analysis.name}-proximity.csv`, stream: Readable.from(proximityCsv(result, columns)) };
}

/** A finished analysis read back whole from storage, as the engine returned it, with its output columns. */
async function storedResult(ctx: ServiceContext, id: string) {
  requireAbility(complexityPolicy.analysis.export, ctx.actor, undefined as never, 'export a complexity analysis');
  const analysis = await finished(ctx, id);
  const rows = await repo.findAllPeriods(ctx.db, analysis);
  const result: ComplexityResult = {
    periods: rows.map((r) => ({
      ...outlookPerLocation(r),
      period: r.period,
      locations: r.locations,
      products: r.products,
      values: repo.float64From(r.val),
      rca: repo.float64From(r.rca),
      ...(r.rpop ? { rpop: repo.float64From(r.rpop) } : {}),
      mcp: repo.bytesFrom(r.mcp),
      diversity: Float64Array.from(r.diversity),
      ubiquity: Float64Array.from(r.ubiquity),
      complexLocations: Int32Array.from(r.complex_locations),
      complexProducts: Int32Array.from(r.complex_products),
      eci: Float64Array.from(r.eci),
      pci: Float64Array.from(r.pci),
      proximity: repo.float64From(r.proximity),
      eigen: r.eigen,
      dropped: r.dropped,
      warnings: r.warnings,
    })),
  };
  const { loc, prod, val, time } = analysis.options.columns;
  return { analysis, result, columns: { loc, prod, val, ...(time ? { time } : {}) }, totals: rows.map((r) => r.location_totals) };
}

/** A location's opportunities (the chosen products, or the top `limit`) as an xlsx workbook or a CSV file. */
export async function exportOpportunities(
  ctx: ServiceContext,
  id: string,
  query: PeriodQuery & { location: string; sort?: OpportunitySort; limit?: number; products?: string[]; format: 'xlsx' | 'csv' },
): Promise<{ fileName: string; contentType: string; buffer: Buffer }> {
  requireAbility(complexityPolicy.analysis.export, ctx.actor, undefined as never, 'export opportunities');
  const analysis = await finished(ctx, id);
  const top = await topOpportunities(ctx, id, query);
  const header = ['序号 No.', '产品 Product', '综合得分 Score', '密度 Density', 'PCI', 'COG', 'RCA', '当前值 Value', '普遍度 Ubiquity', '综合排名 Rank'];
  const lines = top.items.map((p) => [p.position, p.product, p.score, p.density, p.pci, p.cog, p.rca, p.value, p.ubiquity, p.rank]);
  const base = `${analysis.name}-${top.location.location}${top.period ? `-${top.period}` : ''}-机会产业`;
  if (query.format === 'csv') {
    // A byte-order mark so Excel opens the Chinese headers as UTF-8.
    const text = '\ufeff' + csvRows([header, ...lines]);
    return { fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8', buffer: Buffer.from(text) };
  }
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('机会产业');
  ws.addRow([`${analysis.name} · ${top.location.location}${top.period ? ` · ${top.period}` : ''} · 机会产业（按${SORT_LABEL[top.sort]}排序）`]).font = { bold: true, size: 14 };
  ws.addRow(header).eachCell((c) => (c.font = { bold: true }));
  for (const line of lines) ws.addRow(line);
  [8, 28, 12, 12, 12, 12, 12, 16, 12, 12].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const col of [3, 4, 5, 6, 7]) ws.getColumn(col).numFmt = '0.000';
  const notes = wb.addWorksheet('说明');
  notes.addRows([
    ['地区 Location', top.location.location],
    ['时期 Period', top.period || '—'],
    ['ECI', top.location.eci],
    ['候选产品 Candidates', top.candidates],
    ['综合得分 Score', OPPORTUNITY_METHOD.score],
    ['候选 Candidates', OPPORTUNITY_METHOD.candidates],
    ['产业链图谱目标 Atlas targets', OPPORTUNITY_METHOD.note],
  ]);
  notes.getColumn(1).width = 28;
  notes.getColumn(2).width = 90;
  return { fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
}

const SORT_LABEL: Record<OpportunitySort, string> = { balanced: '综合得分', density: '密度', pci: 'PCI', cog: 'COG' };

type Vectors = NonNullable<Awaited<ReturnType<typeof repo.findPeriodVectors>>>;

/** The analysis (done), the period asked for (or the last), and that period's vectors. */
async function loadVectors(ctx: ServiceContext, id: string, query: PeriodQuery) {
  requireAbility(complexityPolicy.analysis.read, ctx.actor, undefined as never, 'read a complexity analysis');
  const analysis = await finished(ctx, id);
  const period = query.period ?? analysis.periods.at(-1) ?? '';
  const v = await repo.findPeriodVectors(ctx.db, analysis, period);
  if (!v) throw bilingualNotFound(`经济复杂度分析 ${id} 中没有时期“${period}”`, `Period "${period}" of complexity analysis ${id}`);
  return { analysis, period, v };
}

async function loadLocation(ctx: ServiceContext, id: string, query: PeriodQuery & { location: string }) {
  const loaded = await loadVectors(ctx, id, query);
  return { ...loaded, c: locationIndex(loaded.v, query.location) };
}

function locationIndex(v: Vectors, location: string): number {
  const c = v.locations.indexOf(location);
  if (c < 0) throw bilingualNotFound(`时期“${v.period}”中没有地区“${location}”`, `Location "${location}" in period "${v.period}"`);
  return c;
}

async function finished(ctx: ServiceContext, id: string) {
  const row = await repo.findAnalysis(ctx.db, id);
  if (!row) throw bilingualNotFound(`经济复杂度分析 ${id} 不存在`, `Complexity analysis ${id}`);
  if (row.status !== 'done') {
    throw new ConflictError(
      row.status === 'running' ? '分析尚未完成，请稍候 / the analysis is still running' : '分析失败，没有结果 / the analysis failed and has no results',
    );
  }
  return { ...row, periods: row.summary?.periods.map((p) => p.period) ?? [] };
}

/** What the stored COI, density and COG are indexed by; analyses stored before they were given for every location hold them per complex location. */
interface StoredOutlook {
  locations: string[];
  complex_locations: number[];
  coi: number[];
}

/** Location c's row in the stored COI, density and COG; -1 when they are not stored for it (an older analysis). */
function outlookRow(v: StoredOutlook, c: number): number {
  return v.coi.length === v.locations.length ? c : v.complex_locations.indexOf(c);
}

/** The stored COI, density and COG with a row per location, NaN (not stored) for the rows an older analysis lacks. */
function outlookPerLocation(r: StoredOutlook & { complex_products: number[]; density: Buffer; cog: Buffer }) {
  const coi = Float64Array.from(r.coi);
  const density = repo.float64From(r.density);
  const cog = repo.float64From(r.cog);
  if (coi.length === r.locations.length) return { coi, density, cog };
  const width = r.complex_products.length;
  const spread = (stored: Float64Array, w: number) => {
    const out = new Float64Array(r.locations.length * w).fill(Number.NaN);
    r.complex_locations.forEach((c, i) => out.set(stored.subarray(i * w, (i + 1) * w), c * w));
    return out;
  };
  return { coi: spread(coi, 1), density: spread(density, width), cog: spread(cog, width) };
}

function positions(idx: number[], n: number): Int32Array {
  const at = new Int32Array(n).fill(-1);
  idx.forEach((i, k) => (at[i] = k));
  return at;
}
