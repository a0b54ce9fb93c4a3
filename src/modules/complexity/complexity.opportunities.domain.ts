/**
 * Ranking a location's opportunities: products it does not yet have (M = 0), ordered by how near they are (density),
 * how complex (PCI) and how much they would open up (COG). Pure.
 */

/** How to order opportunities: the balanced score (the default), or one measure alone. */
export type OpportunitySort = 'balanced' | 'density' | 'pci' | 'cog';

export const OPPORTUNITY_SORTS: readonly OpportunitySort[] = ['balanced', 'density', 'pci', 'cog'];

/**
 * Weights of the balanced score, on each measure's z-score among the location's candidates. Nearness weighs most:
 * density is what predicts that a location will actually develop a product; complexity and outlook gain share the
 * rest. The same spirit as the Atlas's "balanced portfolio" strategy (its exact weights are not published with it).
 */
export const BALANCED_WEIGHTS = { density: 0.5, pci: 0.25, cog: 0.25 } as const;

/** A product a location could move into. */
export interface OpportunityCandidate {
  density: number;
  pci: number;
  cog: number;
}

/** A candidate's place: its balanced score (always given, whatever the order) and its rank under the chosen order. */
export interface RankedOpportunity {
  /** Index into the candidates given. */
  index: number;
  score: number;
  rank: number;
}

/**
 * Orders candidates, best first. Balanced: score = 0.5·z(density) + 0.25·z(PCI) + 0.25·z(COG), z-scores taken among
 * the candidates (a measure equal for all counts 0). Ties fall to density, then input order.
 * @example rankOpportunities([{ density: 0.4, pci: 1.2, cog: 0.3 }, …], 'balanced')[0] // { index, score, rank: 1 }
 */
export function rankOpportunities(candidates: OpportunityCandidate[], sort: OpportunitySort = 'balanced'): RankedOpportunity[] {
  const z = (key: keyof OpportunityCandidate) => zScores(candidates.map((c) => c[key]));
  const [zd, zp, zc] = [z('density'), z('pci'), z('cog')];
  const scored = candidates.map((c, index) => ({
    index,
    score: BALANCED_WEIGHTS.density * zd[index] + BALANCED_WEIGHTS.pci * zp[index] + BALANCED_WEIGHTS.cog * zc[index],
    key: sort === 'balanced' ? 0 : c[sort],
  }));
  scored.sort((a, b) => {
    const primary = sort === 'balanced' ? b.score - a.score : b.key - a.key;
    return primary || candidates[b.index].density - candidates[a.index].density || a.index - b.index;
  });
  return scored.map((s, i) => ({ index: s.index, score: s.score, rank: i + 1 }));
}

function zScores(x: number[]): number[] {
  if (x.length === 0) return [];
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const sd = Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length);
  return x.map((v) => (sd > 1e-12 * Math.max(1, Math.abs(mean)) ? (v - mean) / sd : 0));
}
