/**
 * Pure rules of clusters (产业集群) and carrier zones (载体): the kinds and levels a record may take, which enterprises
 * a zone takes in, and a cluster's figures (counts by segment and by zone, covered and missing segments) from the
 * enterprises linked to its chains. The strength of a segment is the coverage matrix's (atlas.analysis.domain.ts).
 */
import { EMPTY_CELL, haversineKm, strengthLevel, strengthPoints, strengthScore, withinRegion, type CellCounts, type StrengthLevel } from './atlas.analysis.domain.ts';

/** The kinds of carrier zone, with their names. */
export const ZONE_KINDS = {
  new_area: { zh: '新区', en: 'New area' },
  development_zone: { zh: '经济技术开发区', en: 'Economic and technological development zone' },
  high_tech_zone: { zh: '高新区', en: 'High-tech zone' },
  park: { zh: '产业园区', en: 'Industrial park' },
  free_trade_zone: { zh: '自贸区', en: 'Free trade zone' },
  other: { zh: '其他载体', en: 'Other carrier' },
} as const;
export type ZoneKind = keyof typeof ZONE_KINDS;
export const ZONE_KIND_KEYS = Object.keys(ZONE_KINDS) as ZoneKind[];

/** The levels of a cluster, with their names (the list a cluster's level is checked against). */
export const CLUSTER_LEVELS = {
  national: { zh: '国家级先进制造业集群', en: 'National advanced manufacturing cluster' },
  national_sme: { zh: '国家级中小企业特色产业集群', en: 'National SME specialty cluster' },
  provincial: { zh: '省级', en: 'Provincial' },
  municipal: { zh: '市级', en: 'Municipal' },
  cross_regional: { zh: '跨区域协同集群', en: 'Cross-regional cluster' },
  cultivating: { zh: '培育中', en: 'Being cultivated' },
} as const;
export type ClusterLevel = keyof typeof CLUSTER_LEVELS;
export const CLUSTER_LEVEL_KEYS = Object.keys(CLUSTER_LEVELS) as ClusterLevel[];

/** The indicators a cluster's targets and its series over time (atlas_cluster_indicators) may name, with their usual unit. */
export const CLUSTER_INDICATORS = {
  output: { zh: '产值', en: 'Output value', unit: '亿元' },
  revenue: { zh: '营业收入', en: 'Revenue', unit: '亿元' },
  enterprises: { zh: '企业数', en: 'Enterprises', unit: '家' },
  leading: { zh: '链主企业数', en: 'Leading enterprises', unit: '家' },
  specialised: { zh: '专精特新企业数', en: '专精特新 enterprises', unit: '家' },
  rd_spending: { zh: '研发投入', en: 'R&D spending', unit: '亿元' },
  patents: { zh: '有效发明专利', en: 'Invention patents', unit: '件' },
  leading_share: { zh: '龙头企业产值占比', en: 'Leading enterprises’ share of output', unit: '%' },
  exports: { zh: '出口交货值', en: 'Export delivery value', unit: '亿元' },
} as const;
export type ClusterIndicator = keyof typeof CLUSTER_INDICATORS;
export const CLUSTER_INDICATOR_KEYS = Object.keys(CLUSTER_INDICATORS) as ClusterIndicator[];

/** A zone as the figures need it: its regions, and an optional centre and radius. */
export interface ZoneArea {
  id: string;
  regionCodes: string[];
  centre: { lat: number; lng: number } | null;
  radiusKm: number | null;
}

/** A counted enterprise–segment link, with where the enterprise is (its coordinates, else its district's centre). */
export interface ClusterLink {
  enterpriseId: string;
  regionCode: string;
  position: { lat: number; lng: number } | null;
  tags: string[];
  segmentKey: string;
  asOf: string;
}

/**
 * The zones that take in an enterprise: its region lies in one of the zone's regions (a region takes in its
 * descendants) and, when the zone has a centre and radius, its position lies within the radius (an enterprise whose
 * position is unknown is left out of such a zone).
 */
export function zonesOf(e: Pick<ClusterLink, 'regionCode' | 'position'>, zones: ZoneArea[], parents: ReadonlyMap<string, string | null>): string[] {
  return zones
    .filter((z) => z.regionCodes.some((top) => withinRegion(e.regionCode, top, parents)))
    .filter((z) => z.centre === null || z.radiusKm === null || (e.position !== null && haversineKm(z.centre, e.position) <= z.radiusKm))
    .map((z) => z.id);
}

/** A segment of the cluster's chain with its counts, strength and whether the cluster covers it. */
export interface SegmentFigure extends CellCounts {
  key: string;
  points: number;
  score: number;
  level: StrengthLevel;
  leaf: boolean;
  covered: boolean;
}

const LEADING = '链主/龙头';
const LITTLE_GIANT = '专精特新“小巨人”';
const SPECIALISED = new Set(['专精特新', LITTLE_GIANT]);

function count(enterprises: Map<string, { tags: string[]; asOf: string }>): CellCounts {
  let leading = 0;
  let specialised = 0;
  let littleGiants = 0;
  let asOf: string | null = null;
  for (const e of enterprises.values()) {
    if (e.tags.includes(LEADING)) leading++;
    if (e.tags.some((t) => SPECIALISED.has(t))) specialised++;
    if (e.tags.includes(LITTLE_GIANT)) littleGiants++;
    if (!asOf || e.asOf > asOf) asOf = e.asOf;
  }
  return { enterprises: enterprises.size, leading, specialised, littleGiants, asOf };
}

/**
 * One chain's figures for a cluster, from the links inside its zones: for each segment (in the chain's order) the
 * distinct enterprises linked to it or its sub-segments, leading and 专精特新 ones, the strength score of the
 * coverage matrix, and whether it is covered (at least one enterprise). Covered and missing are decided on the leaf
 * segments (a parent is covered when any leaf under it is).
 */
export function chainFigures(segments: { key: string; parent: string | null }[], links: ClusterLink[]): { segments: SegmentFigure[]; totals: CellCounts } {
  const parent = new Map(segments.map((s) => [s.key, s.parent]));
  const hasChild = new Set(segments.map((s) => s.parent).filter((p): p is string => p !== null));
  const bySegment = new Map<string, Map<string, { tags: string[]; asOf: string }>>();
  const all = new Map<string, { tags: string[]; asOf: string }>();
  for (const l of links) {
    if (!parent.has(l.segmentKey)) continue;
    const had = all.get(l.enterpriseId);
    all.set(l.enterpriseId, { tags: l.tags, asOf: had && had.asOf > l.asOf ? had.asOf : l.asOf });
    for (let k: string | null = l.segmentKey, guard = 0; k && guard < 50; k = parent.get(k) ?? null, guard++) {
      const m = bySegment.get(k) ?? new Map();
      const prev = m.get(l.enterpriseId);
      m.set(l.enterpriseId, { tags: l.tags, asOf: prev && prev.asOf > l.asOf ? prev.asOf : l.asOf });
      bySegment.set(k, m);
    }
  }
  return {
    segments: segments.map((s) => {
      const c = bySegment.has(s.key) ? count(bySegment.get(s.key)!) : EMPTY_CELL;
      const points = strengthPoints(c);
      const score = strengthScore(points);
      return { key: s.key, ...c, points, score, level: strengthLevel(score, c.enterprises), leaf: !hasChild.has(s.key), covered: c.enterprises > 0 };
    }),
    totals: count(all),
  };
}

/** Distinct enterprises, leading and 专精特新 ones among the links given (any chain). */
export function linkTotals(links: ClusterLink[]): CellCounts {
  const all = new Map<string, { tags: string[]; asOf: string }>();
  for (const l of links) {
    const had = all.get(l.enterpriseId);
    all.set(l.enterpriseId, { tags: l.tags, asOf: had && had.asOf > l.asOf ? had.asOf : l.asOf });
  }
  return count(all);
}

/** The share (0–1, two decimals) of a chain's leaf segments that a cluster covers. */
export function coverageShare(segments: Pick<SegmentFigure, 'leaf' | 'covered'>[]): number {
  const leaves = segments.filter((s) => s.leaf);
  return leaves.length === 0 ? 0 : Math.round((leaves.filter((s) => s.covered).length / leaves.length) * 100) / 100;
}
