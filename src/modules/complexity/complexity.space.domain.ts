/**
 * The product space as a drawable network: which links of the (dense) proximity matrix to keep. Pure.
 */

/** Links of the product space: indices into the matrix's products, and the proximity of each link. */
export interface SpaceEdges {
  source: Int32Array;
  target: Int32Array;
  proximity: Float64Array;
  /** Links in the maximum spanning tree (the first `treeEdges` entries). */
  treeEdges: number;
  /** The weakest proximity among the links added beyond the tree; null when none were added. */
  threshold: number | null;
}

/**
 * Picks the links to draw as the Atlas does (Hidalgo et al. 2007): the maximum spanning tree of proximity, so every
 * product hangs on its strongest chain, plus the strongest other links until the average degree reaches
 * `averageDegree` (4.5 by default; the Atlas's product space has about 4–5). An asymmetric proximity is read as
 * max(φ[p,q], φ[q,p]). Zero proximities are never drawn, so products sharing no location stay apart.
 * @example productSpaceEdges(proximity, products.length) // { source, target, proximity, treeEdges, threshold }
 */
export function productSpaceEdges(proximity: Float64Array, n: number, averageDegree = 4.5): SpaceEdges {
  const weight = (i: number, j: number) => Math.max(proximity[i * n + j], proximity[j * n + i]);
  const source: number[] = [];
  const target: number[] = [];
  const strength: number[] = [];

  // Prim's algorithm on the dense matrix, maximising: O(n²), no edge list needed.
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  const treePair = new Uint8Array(n * n);
  for (let start = 0; start < n; start++) {
    if (inTree[start]) continue;
    best[start] = Infinity;
    parent[start] = -1;
    for (;;) {
      let next = -1;
      for (let j = 0; j < n; j++) if (!inTree[j] && best[j] > 0 && (next < 0 || best[j] > best[next])) next = j;
      if (next < 0) break;
      inTree[next] = 1;
      if (parent[next] >= 0) {
        const [a, b] = parent[next] < next ? [parent[next], next] : [next, parent[next]];
        source.push(a);
        target.push(b);
        strength.push(best[next]);
        treePair[a * n + b] = 1;
      }
      for (let j = 0; j < n; j++) {
        if (inTree[j]) continue;
        const w = weight(next, j);
        if (w > 0 && w > best[j]) {
          best[j] = w;
          parent[j] = next;
        }
      }
    }
  }
  const treeEdges = source.length;

  const wanted = Math.min(Math.round((averageDegree * n) / 2), (n * (n - 1)) / 2) - treeEdges;
  let threshold: number | null = null;
  if (wanted > 0) {
    const others = new Float64Array((n * (n - 1)) / 2);
    let m = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const w = weight(i, j);
        if (!treePair[i * n + j] && w > 0) others[m++] = w;
      }
    }
    if (m > 0) {
      const take = Math.min(wanted, m);
      threshold = kthLargest(others.subarray(0, m), take);
      let above = 0;
      for (let k = 0; k < m; k++) if (others[k] > threshold) above++;
      let ties = take - above;
      // Stronger links first, then links at the threshold in matrix order until the count is reached.
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          if (treePair[i * n + j]) continue;
          const w = weight(i, j);
          if (w > threshold || (w === threshold && ties-- > 0)) {
            source.push(i);
            target.push(j);
            strength.push(w);
          }
        }
      }
    }
  }
  return { source: Int32Array.from(source), target: Int32Array.from(target), proximity: Float64Array.from(strength), treeEdges, threshold };
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}
