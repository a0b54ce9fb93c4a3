import { describe, expect, it } from 'vitest';
import { rankOpportunities } from './complexity.opportunities.domain.ts';

const candidates = [
  { density: 0.1, pci: 2.0, cog: 0.5 },
  { density: 0.5, pci: -1.0, cog: 0.1 },
  { density: 0.3, pci: 0.5, cog: 1.5 },
  { density: 0.3, pci: 0.4, cog: 0.2 },
];

describe('rankOpportunities', () => {
  it('scores 0.5·z(density) + 0.25·z(PCI) + 0.25·z(COG) and ranks by it', () => {
    const ranked = rankOpportunities(candidates);
    const z = (xs: number[]) => {
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
      return xs.map((v) => (v - mean) / sd);
    };
    const [zd, zp, zc] = (['density', 'pci', 'cog'] as const).map((k) => z(candidates.map((c) => c[k])));
    const expected = candidates.map((_, i) => 0.5 * zd[i] + 0.25 * zp[i] + 0.25 * zc[i]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    for (const r of ranked) expect(r.score).toBeCloseTo(expected[r.index], 12);
    expect(ranked.map((r) => r.index)).toEqual([...expected.keys()].sort((a, b) => expected[b] - expected[a]));
  });

  it('orders by one measure alone, ties broken by density then input order', () => {
    expect(rankOpportunities(candidates, 'cog').map((r) => r.index)).toEqual([2, 0, 3, 1]);
    expect(rankOpportunities(candidates, 'density').map((r) => r.index)).toEqual([1, 2, 3, 0]);
    expect(rankOpportunities([{ density: 0.2, pci: 1, cog: 0 }, { density: 0.4, pci: 1, cog: 0 }], 'pci').map((r) => r.index)).toEqual([1, 0]);
  });

  it('gives a measure equal for every candidate no weight instead of NaN', () => {
    const same = rankOpportunities([{ density: 0.2, pci: 1, cog: 0 }, { density: 0.4, pci: 1, cog: 0 }]);
    expect(same.map((r) => r.index)).toEqual([1, 0]);
    expect(same.every((r) => Number.isFinite(r.score))).toBe(true);
    expect(rankOpportunities([])).toEqual([]);
  });
});
