/**
 * Pure rules of the atlas analysis: which regions a region or reference group takes in, the strength score of a
 * segment in a region, the 堵点 rule, the supplier concentration (HHI) and the closeness of two enterprises.
 * Every formula here is written out in docs/atlas-analysis.md and returned in the API answers (bilingual).
 */
import type { LinkDecision, SizeBand } from './atlas.tables.ts';

/** The reference groups a coverage or gap query may name besides region codes. */
export const REGION_GROUPS = {
  jjj: { zh: '京津冀', en: 'Beijing–Tianjin–Hebei', codes: ['110000', '120000', '130000'] },
  yrd: { zh: '长三角', en: 'Yangtze River Delta', codes: ['310000', '320000', '330000', '340000'] },
  // The nine cities of Guangdong in the Greater Bay Area, Hong Kong and Macao.
  gba: {
    zh: '粤港澳大湾区',
    en: 'Greater Bay Area',
    codes: ['440100', '440300', '440400', '440600', '440700', '441200', '441300', '441900', '442000', '810000', '820000'],
  },
} as const;
export type RegionGroupKey = keyof typeof REGION_GROUPS;
const GROUP_ALIASES: Record<string, RegionGroupKey> = {
  jjj: 'jjj', 京津冀: 'jjj', yrd: 'yrd', 长三角: 'yrd', gba: 'gba', 粤港澳大湾区: 'gba', 大湾区: 'gba', 粤港澳: 'gba',
};

/** A column of the matrix: one region code, or a reference group of several. */
export interface RegionColumn {
  /** The token as asked: a 6-digit code or a group key (jjj, yrd, gba). */
  key: string;
  name: string;
  nameEn: string;
  /** The region codes it is made of (a group's members, or the code itself). */
  codes: string[];
}

/** One region as the regions table holds it. */
export interface RegionRow {
  code: string;
  name: string;
  parent_code: string | null;
}

/** Reads `regions=` (comma separated codes or group keys) into columns; unknown tokens are problems. */
export function parseRegionTokens(raw: string | undefined, regions: ReadonlyMap<string, RegionRow>): { columns: RegionColumn[]; problems: string[] } {
  const tokens = (raw ?? 'jjj,110000,120000,130000,yrd,gba').split(/[,，\s]+/).filter(Boolean);
  const columns: RegionColumn[] = [];
  const problems: string[] = [];
  for (const t of tokens) {
    const group = GROUP_ALIASES[t.toLowerCase()];
    if (group) {
      const g = REGION_GROUPS[group];
      columns.push({ key: group, name: g.zh, nameEn: g.en, codes: [...g.codes] });
    } else if (/^[0-9]{6}$/.test(t) && regions.has(t)) {
      const r = regions.get(t)!;
      columns.push({ key: t, name: r.name, nameEn: t, codes: [t] });
    } else problems.push(t);
  }
  const seen = new Set<string>();
  return { columns: columns.filter((c) => (seen.has(c.key) ? false : (seen.add(c.key), true))), problems };
}

/**
 * Whether region `code` lies within region `top`: the same code, a descendant in the regions table (a carrier zone
 * under its province), or a code within it by GB/T 2260 (a province's XX0000 takes in every XX····, a city's XXYY00
 * every XXYY··).
 */
export function withinRegion(code: string, top: string, parents: ReadonlyMap<string, string | null>): boolean {
  if (code === top) return true;
  if (top.endsWith('0000') && code.startsWith(top.slice(0, 2))) return true;
  if (top.endsWith('00') && !top.endsWith('0000') && code.startsWith(top.slice(0, 4))) return true;
  for (let p = parents.get(code) ?? null, guard = 0; p && guard < 10; p = parents.get(p) ?? null, guard++) if (p === top) return true;
  return false;
}

/** The link decisions a figure counts: by default confirmed and uncertain (never rejected); or confirmed only. */
export function countedDecisions(confirmedOnly: boolean): LinkDecision[] {
  return confirmedOnly ? ['confirmed'] : ['confirmed', 'uncertain'];
}

/** Distinct-enterprise counts of one segment in one region. */
export interface CellCounts {
  enterprises: number;
  /** 链主/龙头 */
  leading: number;
  /** 专精特新, 专精特新“小巨人” included */
  specialised: number;
  /** 专精特新“小巨人” */
  littleGiants: number;
  /** The latest as-of date of the links counted (YYYY-MM-DD), null when none. */
  asOf: string | null;
}

export const EMPTY_CELL: CellCounts = { enterprises: 0, leading: 0, specialised: 0, littleGiants: 0, asOf: null };

export function addCells(a: CellCounts, b: CellCounts): CellCounts {
  return {
    enterprises: a.enterprises + b.enterprises,
    leading: a.leading + b.leading,
    specialised: a.specialised + b.specialised,
    littleGiants: a.littleGiants + b.littleGiants,
    asOf: a.asOf && b.asOf ? (a.asOf > b.asOf ? a.asOf : b.asOf) : (a.asOf ?? b.asOf),
  };
}

/** The weights of the strength score. */
export const STRENGTH = { base: 1, leading: 4, littleGiant: 2, specialised: 1, scale: 10 } as const;

/**
 * Strength points P = Σ over counted enterprises (1 + 4·链主/龙头 + 2·小巨人 + 1·其他专精特新), and the score
 * S = round(100 · (1 − e^(−P/10))): 0 for no enterprise, about 63 at 10 points, saturating towards 100.
 */
export function strengthPoints(c: Pick<CellCounts, 'enterprises' | 'leading' | 'specialised' | 'littleGiants'>): number {
  return STRENGTH.base * c.enterprises + STRENGTH.leading * c.leading + STRENGTH.littleGiant * c.littleGiants + STRENGTH.specialised * (c.specialised - c.littleGiants);
}
export function strengthScore(points: number): number {
  return Math.round(100 * (1 - Math.exp(-points / STRENGTH.scale)));
}
export type StrengthLevel = 'absent' | 'weak' | 'medium' | 'strong';
/** The band the map colours by: absent (no enterprise), weak (< 40), medium (< 70), strong (≥ 70). */
export function strengthLevel(score: number, enterprises: number): StrengthLevel {
  if (enterprises === 0) return 'absent';
  return score < 40 ? 'weak' : score < 70 ? 'medium' : 'strong';
}
export const STRENGTH_FORMULA = {
  zh: '强度分 S = round(100 × (1 − e^(−P/10)))，P = Σ(1 + 4×链主/龙头 + 2×专精特新“小巨人” + 1×其他专精特新)，按计入的企业（去重）求和；0 分为空白，<40 弱，<70 中，≥70 强。',
  en: 'Strength S = round(100 × (1 − e^(−P/10))), P = Σ(1 + 4×leading (链主/龙头) + 2×little giant (小巨人) + 1×other 专精特新) over the distinct enterprises counted; 0 absent, <40 weak, <70 medium, ≥70 strong.',
};

// --- 堵点 (gaps) -------------------------------------------------------------------------------------------------

/** The thresholds of the gap rule. */
export const GAP_RULE = { benchmarkRatio: 0.5, nationalRatio: 0.5, minBenchmarkEnterprises: 3, minNationalEnterprises: 5 } as const;
export const GAP_RULE_TEXT = {
  zh: '堵点判定：某环节在本地区无计入企业（空白），或本地区强度分低于对标地区的 50%（对标地区该环节至少 3 家企业），或本地区该环节企业数占本地区全链企业数的比重低于全国同一比重的 50%（全国该环节至少 5 家企业）。按缺口（对标强度分 − 本地强度分，及全国比重差）从大到小排列。',
  en: "Gap rule: a segment is a gap where the region counts no enterprise in it (absent), or its strength is below 50% of the benchmark region's (the benchmark having at least 3 enterprises there), or the segment's share of the region's chain enterprises is below 50% of its share nationally (at least 5 enterprises nationally). Gaps are ordered by shortfall (benchmark strength − regional strength, then the share shortfall), largest first.",
};

export type GapReason = 'absent' | 'weak_vs_benchmark' | 'below_national_share';

export interface GapInput {
  local: CellCounts;
  benchmark: CellCounts;
  national: CellCounts;
  localChainTotal: number;
  nationalChainTotal: number;
}

/** Whether a segment is a gap for the region, why, and by how much (its ordering key). */
export function assessGap(g: GapInput): { reasons: GapReason[]; localScore: number; benchmarkScore: number; localShare: number; nationalShare: number; shortfall: number } {
  const localScore = strengthScore(strengthPoints(g.local));
  const benchmarkScore = strengthScore(strengthPoints(g.benchmark));
  const localShare = g.localChainTotal > 0 ? g.local.enterprises / g.localChainTotal : 0;
  const nationalShare = g.nationalChainTotal > 0 ? g.national.enterprises / g.nationalChainTotal : 0;
  const reasons: GapReason[] = [];
  if (g.local.enterprises === 0 && (g.benchmark.enterprises > 0 || g.national.enterprises > 0)) reasons.push('absent');
  if (g.benchmark.enterprises >= GAP_RULE.minBenchmarkEnterprises && localScore < GAP_RULE.benchmarkRatio * benchmarkScore && g.local.enterprises > 0) reasons.push('weak_vs_benchmark');
  if (g.national.enterprises >= GAP_RULE.minNationalEnterprises && localShare < GAP_RULE.nationalRatio * nationalShare && g.local.enterprises > 0) reasons.push('below_national_share');
  const shortfall = Math.max(0, benchmarkScore - localScore) + 100 * Math.max(0, nationalShare - localShare);
  return { reasons, localScore, benchmarkScore, localShare, nationalShare, shortfall };
}

// --- candidates (招商目标) and joint R&D (联合攻关) ranking ---------------------------------------------------------

/** An enterprise as the rankings see it. */
export interface RankedEnterpriseInput {
  evidence: 'strong' | 'medium' | 'weak';
  decision: LinkDecision;
  tags: string[];
  sizeBand: SizeBand | null;
  employees: number | null;
}

const EVIDENCE_POINTS = { strong: 30, medium: 15, weak: 5 } as const;
const SIZE_POINTS: Record<SizeBand, number> = { large: 20, medium: 12, small: 6, micro: 2 };
export const CANDIDATE_FORMULA = {
  zh: '候选得分 = 证据（强 30、中 15、弱 5）+ 已确认 10 + 链主/龙头 25 + 专精特新“小巨人” 15 / 专精特新 10 + 上市 8 + 高新技术企业 5 + 规模（大 20、中 12、小 6、微 2）',
  en: 'Candidate score = evidence (strong 30, medium 15, weak 5) + confirmed 10 + leading 25 + little giant 15 / 专精特新 10 + listed 8 + high-tech 5 + size (large 20, medium 12, small 6, micro 2)',
};

export type CandidateReason = 'strong_evidence' | 'confirmed' | 'leading' | 'little_giant' | 'specialised' | 'listed' | 'high_tech' | 'large' | 'medium_size';

/** The score of an enterprise as a 招商 target or a 联合攻关 lead, with the reasons that earned it points. */
export function candidateScore(e: RankedEnterpriseInput): { score: number; reasons: CandidateReason[] } {
  const reasons: CandidateReason[] = [];
  let score = EVIDENCE_POINTS[e.evidence];
  if (e.evidence === 'strong') reasons.push('strong_evidence');
  const add = (points: number, reason: CandidateReason) => {
    score += points;
    reasons.push(reason);
  };
  if (e.decision === 'confirmed') add(10, 'confirmed');
  if (e.tags.includes('链主/龙头')) add(25, 'leading');
  if (e.tags.includes('专精特新“小巨人”')) add(15, 'little_giant');
  else if (e.tags.includes('专精特新')) add(10, 'specialised');
  if (e.tags.includes('上市')) add(8, 'listed');
  if (e.tags.includes('高新技术企业')) add(5, 'high_tech');
  if (e.sizeBand) {
    score += SIZE_POINTS[e.sizeBand];
    if (e.sizeBand === 'large') reasons.push('large');
    if (e.sizeBand === 'medium') reasons.push('medium_size');
  }
  return { score, reasons };
}

export const REASON_NAMES: Record<CandidateReason | GapReason, { zh: string; en: string }> = {
  strong_evidence: { zh: '强证据（专利、招投标、产品）', en: 'strong evidence (patents, tenders, products)' },
  confirmed: { zh: '关联已确认', en: 'link confirmed' },
  leading: { zh: '链主/龙头', en: 'leading enterprise' },
  little_giant: { zh: '专精特新“小巨人”', en: 'little giant' },
  specialised: { zh: '专精特新', en: '专精特新 (specialised SME)' },
  listed: { zh: '上市', en: 'listed' },
  high_tech: { zh: '高新技术企业', en: 'high-tech enterprise' },
  large: { zh: '大型企业', en: 'large enterprise' },
  medium_size: { zh: '中型企业', en: 'medium-sized enterprise' },
  absent: { zh: '本地区空白', en: 'absent in the region' },
  weak_vs_benchmark: { zh: '弱于对标地区', en: 'weak against the benchmark' },
  below_national_share: { zh: '比重低于全国', en: 'share below the national pattern' },
};

// --- 卡点: concentration ---------------------------------------------------------------------------------------

/** An enterprise's weight in the supplier base: its employees, else the midpoint of its size band. */
export function supplierWeight(e: { sizeBand: SizeBand | null; employees: number | null }): number {
  if (e.employees !== null && e.employees > 0) return e.employees;
  return { large: 1000, medium: 300, small: 50, micro: 5 }[e.sizeBand ?? 'small'];
}

/** Herfindahl–Hirschman index of the weights (shares in %, squared, summed: 0 … 10,000); 0 for no supplier. */
export function hhi(weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  return Math.round(weights.reduce((a, w) => a + (100 * w / total) ** 2, 0));
}
export type ConcentrationLevel = 'none' | 'low' | 'moderate' | 'high';
/** The usual HHI bands: < 1,500 low, < 2,500 moderate, else high. */
export function concentrationLevel(index: number, suppliers: number): ConcentrationLevel {
  if (suppliers === 0) return 'none';
  return index < 1500 ? 'low' : index < 2500 ? 'moderate' : 'high';
}
export const HHI_TEXT = {
  zh: 'HHI = Σ(份额%)²，份额按企业从业人数（缺失时按规模：大 1000、中 300、小 50、微 5）计算，计入关联环节的全部企业（不含已否定）；<1500 低集中，<2500 中度，≥2500 高度；仅 1 家企业，或标注的国内供应商仅 1 家时，标记“单一供应商”。',
  en: 'HHI = Σ(share %)², shares by employees (else by size band: large 1000, medium 300, small 50, micro 5) over every enterprise linked to the segment (rejected links excluded); <1,500 low, <2,500 moderate, ≥2,500 high; one enterprise alone, or a chokepoint marked with one domestic supplier, is flagged single supplier.',
};

// --- 成龙配套: closeness --------------------------------------------------------------------------------------

/** Great-circle distance in km between two points (haversine, mean Earth radius 6,371 km). */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The usual 配套 radius (km): a supplier within it can deliver the same day. */
export const MATCH_RADIUS_KM = { min: 100, max: 150 } as const;
export type DistanceBand = 'same_district' | 'same_city' | 'jjj' | 'elsewhere';
export const BAND_NAMES: Record<DistanceBand, { zh: string; en: string }> = {
  same_district: { zh: '同区县', en: 'same district' },
  same_city: { zh: '同城市', en: 'same city' },
  jjj: { zh: '京津冀', en: 'Beijing–Tianjin–Hebei' },
  elsewhere: { zh: '其他地区', en: 'elsewhere' },
};

/** The city (prefecture) of a code: a municipality's province, else the XXYY00 code. */
export function cityOf(code: string): string {
  return ['11', '12', '31', '50'].includes(code.slice(0, 2)) ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
}
const JJJ = new Set(['11', '12', '13']);

export function distanceBand(a: string, b: string): DistanceBand {
  if (a === b && !a.endsWith('00')) return 'same_district';
  if (cityOf(a) === cityOf(b)) return 'same_city';
  if (JJJ.has(a.slice(0, 2)) && JJJ.has(b.slice(0, 2))) return 'jjj';
  return 'elsewhere';
}

export const MATCH_FORMULA = {
  zh: '配套得分 = 距离分（150 km 内 40 − 距离/150×20，即 20–40 分；150 km 外 20 × 150/距离）+ 区域（同区县 10、同城市 6、京津冀 4）+ 证据（强 15、中 8、弱 3）+ 链主/龙头 10 + 专精特新 6 + 上市 4 + 规模（大 8、中 5、小 2）。距离优先用企业坐标，否则用所在区县（城市）中心点（内置行政区划中心点表）。',
  en: 'Match score = distance (within 150 km: 40 − km/150×20, i.e. 20–40; beyond: 20 × 150/km) + band (same district 10, same city 6, Beijing–Tianjin–Hebei 4) + evidence (strong 15, medium 8, weak 3) + leading 10 + 专精特新 6 + listed 4 + size (large 8, medium 5, small 2). Distance from the enterprises’ coordinates when given, else from the centroid of their district (or city) in the bundled table of administrative divisions.',
};

/** The match score of a supplier or customer at `km` (null: unknown distance) in `band`. */
export function matchScore(m: { km: number | null; band: DistanceBand; evidence: 'strong' | 'medium' | 'weak'; tags: string[]; sizeBand: SizeBand | null }): number {
  const d = m.km === null ? 0 : m.km <= MATCH_RADIUS_KM.max ? 40 - (m.km / MATCH_RADIUS_KM.max) * 20 : 20 * (MATCH_RADIUS_KM.max / m.km);
  const band = { same_district: 10, same_city: 6, jjj: 4, elsewhere: 0 }[m.band];
  const ev = { strong: 15, medium: 8, weak: 3 }[m.evidence];
  const tags = (m.tags.includes('链主/龙头') ? 10 : 0) + (m.tags.some((t) => t.startsWith('专精特新')) ? 6 : 0) + (m.tags.includes('上市') ? 4 : 0);
  const size = m.sizeBand ? { large: 8, medium: 5, small: 2, micro: 0 }[m.sizeBand] : 0;
  return Math.round((d + band + ev + tags + size) * 10) / 10;
}

/**
 * The points of the match score that do not depend on who asks (evidence, tags, size): kept on each link
 * (db/migrations/0028_atlas_match_places.sql) so that candidates are ranked in SQL. {@link matchScore} adds the
 * distance and band points; at most {@link MAX_MATCH_POINTS}.
 */
export function matchPoints(m: { evidence: 'strong' | 'medium' | 'weak'; tags: string[]; sizeBand: SizeBand | null }): number {
  const ev = { strong: 15, medium: 8, weak: 3 }[m.evidence];
  const tags = (m.tags.includes('链主/龙头') ? 10 : 0) + (m.tags.some((t) => t.startsWith('专精特新')) ? 6 : 0) + (m.tags.includes('上市') ? 4 : 0);
  const size = m.sizeBand ? { large: 8, medium: 5, small: 2, micro: 0 }[m.sizeBand] : 0;
  return ev + tags + size;
}
export const MAX_MATCH_POINTS = 15 + 10 + 6 + 4 + 8;
/** The most band points a candidate can have (same district). */
export const MAX_BAND_POINTS = 10;
/** The most distance points a candidate farther than `km` can have (the score's distance term, decreasing). */
export function distancePointsBeyond(km: number): number {
  return km <= MATCH_RADIUS_KM.max ? 40 - (km / MATCH_RADIUS_KM.max) * 20 : 20 * (MATCH_RADIUS_KM.max / km);
}

/** Carrier zones that GB/T 2260 has no code for, placed by hand: 雄安新区 (its administrative centre in 容城–雄县). */
const ZONE_CENTRES: Record<string, [number, number]> = { '133100': [116.03, 39.01] };

/**
 * The centre of a division from the bundled table (`code,lng,lat;…`): the code itself, else its city, else its
 * province; with where it came from.
 */
export function makeCentroidLookup(text: string): (code: string) => { lat: number; lng: number; level: 'district' | 'city' | 'province' } | null {
  const table = new Map<string, [number, number]>(Object.entries(ZONE_CENTRES));
  for (const entry of text.split(';')) {
    const [code, lng, lat] = entry.split(',');
    if (code && lng && lat) table.set(code, [Number(lng), Number(lat)]);
  }
  return (code) => {
    const tries: [string, 'district' | 'city' | 'province'][] = [
      [code, code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'district'],
      [`${code.slice(0, 4)}00`, 'city'],
      [`${code.slice(0, 2)}0000`, 'province'],
    ];
    for (const [c, level] of tries) {
      const hit = table.get(c);
      if (hit) return { lng: hit[0], lat: hit[1], level };
    }
    return null;
  };
}
