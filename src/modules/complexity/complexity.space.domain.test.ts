import { describe, expect, it } from 'vitest';
import { mulberry32 } from './complexity.eigen.domain.ts';
import { productSpaceEdges } from './complexity.space.domain.ts';

/** A random symmetric proximity matrix with diagonal 1 and some exact ties and zeros. */
function randomProximity(n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  const phi = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    phi[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) phi[i * n + j] = phi[j * n + i] = random() < 0.1 ? 0 : Math.round(random() * 20) / 20;
  }
  return phi;
}

/** The maximum spanning forest's total weight by Kruskal over a sorted edge list: the definition, written plainly. */
function kruskalWeight(phi: Float64Array, n: number): number {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (phi[i * n + j] > 0) edges.push([phi[i * n + j], i, j]);
  edges.sort((a, b) => b[0] - a[0]);
  const root = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (root[x] === x ? x : (root[x] = find(root[x])));
  let total = 0;
  for (const [w, i, j] of edges) {
    if (find(i) === find(j)) continue;
    root[find(i)] = find(j);
    total += w;
  }
  return total;
}

describe('productSpaceEdges', () => {
  it('keeps a maximum spanning tree, then the strongest other links up to the average degree', () => {
    for (const [n, seed] of [[30, 1], [80, 2], [7, 3]]) {
      const phi = randomProximity(n, seed);
      const space = productSpaceEdges(phi, n);
      const tree = Array.from(space.proximity.subarray(0, space.treeEdges));
      expect(tree.reduce((s, w) => s + w, 0)).toBeCloseTo(kruskalWeight(phi, n), 10);
      expect(space.source.length).toBe(Math.min(Math.round((4.5 * n) / 2), (n * (n - 1)) / 2));
      const pairs = new Set(Array.from(space.source, (s, k) => `${s}-${space.target[k]}`));
      expect(pairs.size).toBe(space.source.length);
      // Every extra link is at least as strong as every non-tree link left out.
      const extra = Array.from(space.proximity.subarray(space.treeEdges));
      let strongestLeftOut = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (!pairs.has(`${i}-${j}`)) strongestLeftOut = Math.max(strongestLeftOut, phi[i * n + j]);
      if (extra.length > 0) {
        expect(Math.min(...extra)).toBe(space.threshold);
        expect(space.threshold!).toBeGreaterThanOrEqual(strongestLeftOut);
      }
    }
  });

  it('leaves products sharing nothing apart instead of linking them at proximity 0', () => {
    const n = 4;
    const phi = new Float64Array(n * n);
    for (let i = 0; i < n; i++) phi[i * n + i] = 1;
    phi[0 * n + 1] = phi[1 * n + 0] = 0.5;
    phi[2 * n + 3] = phi[3 * n + 2] = 0.25;
    const space = productSpaceEdges(phi, n);
    expect(Array.from(space.proximity)).toEqual([0.5, 0.25]);
    expect(space.threshold).toBeNull();
  });

  it('reads an asymmetric proximity by its stronger direction', () => {
    const phi = Float64Array.of(1, 0.9, 0.1, 0.2, 1, 0.3, 0.1, 0.6, 1);
    const space = productSpaceEdges(phi, 3, 4 / 3);
    expect(Array.from(space.source, (s, k) => [s, space.target[k], space.proximity[k]])).toEqual([
      [0, 1, 0.9],
      [1, 2, 0.6],
    ]);
  });
});
