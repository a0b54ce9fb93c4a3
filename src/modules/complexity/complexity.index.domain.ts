/**
 * Economic and product complexity (ECI, PCI) from the presence matrix M, as py-ecomplexity
 * defines them: the eigenvector of the second-largest eigenvalue of M̃ = (M/k_p)ᵀ(M/k_c).
 */
import { ComplexityInputError } from './complexity.errors.ts';
import { secondEigenpair, type SymmetricOperator } from './complexity.eigen.domain.ts';
import type { SparsePresence } from './complexity.rca.domain.ts';

/** ECI and PCI of one period, normalised and raw, with what the eigen-solver reports. */
export interface ComplexityIndices {
  /** (raw ECI − μ) / σ per location. */
  eci: Float64Array;
  /** (raw PCI − μ) / σ per product, with ECI's μ and σ. */
  pci: Float64Array;
  /** The PCI eigenvector (sign-adjusted, any scale), which COI and COG are built on. */
  pciRaw: Float64Array;
  /** Raw ECI: the mean of raw PCI over each location's present products. */
  eciRaw: Float64Array;
  /** μ and σ (population standard deviation) of raw ECI across locations. */
  mean: number;
  std: number;
  /** The second-largest eigenvalue of M̃. */
  eigenvalue: number;
  /** Lanczos steps and final residual of the eigen-solve. */
  steps: number;
  residual: number;
  /** Connected groups of the location–product network; more than one makes ECI a split between groups. */
  components: number;
}

/**
 * ECI and PCI for a presence matrix in which every location has at least one product and every
 * product at least one location; signs make ECI correlate positively with diversity.
 */
export function complexityIndices(m: SparsePresence): ComplexityIndices {
  const { nLoc, nProd, diversity, ubiquity } = m;
  if (nLoc < 2 || nProd < 2) {
    throw new ComplexityInputError(
      `经济复杂度至少需要两个地区和两个产品具备优势，实际只有 ${nLoc} 个地区、${nProd} 个产品`,
      `Complexity needs at least two locations and two products with a presence; got ${nLoc} and ${nProd}`,
    );
  }
  const onLocations = nLoc <= nProd; // solve in the smaller of the two similar spaces
  const weights = onLocations ? diversity : ubiquity;
  const size = weights.length;
  const top = new Float64Array(size);
  const start = new Float64Array(size);
  let mean = 0;
  let total = 0;
  for (let i = 0; i < size; i++) {
    mean += weights[i] * weights[i];
    total += weights[i];
  }
  mean /= total;
  let topNorm = 0;
  for (let i = 0; i < size; i++) {
    top[i] = Math.sqrt(weights[i]);
    topNorm += weights[i];
    start[i] = top[i] * (weights[i] - mean);
  }
  topNorm = Math.sqrt(topNorm);
  for (let i = 0; i < size; i++) top[i] /= topNorm;

  const operator = onLocations ? locationOperator(m) : productOperator(m);
  const pair = secondEigenpair(operator, top, 1, start);

  // Back to M̃'s own eigenvector kp and kc = (M/k_c)·kp, exactly as the reference pairs them.
  let kp: Float64Array;
  if (onLocations) {
    const z = new Float64Array(nLoc);
    for (let c = 0; c < nLoc; c++) z[c] = pair.vector[c] / Math.sqrt(diversity[c]);
    kp = transposeTimes(m, z);
    for (let p = 0; p < nProd; p++) kp[p] /= ubiquity[p];
  } else {
    kp = new Float64Array(nProd);
    for (let p = 0; p < nProd; p++) kp[p] = pair.vector[p] / Math.sqrt(ubiquity[p]);
  }
  const kc = times(m, kp);
  for (let c = 0; c < nLoc; c++) kc[c] /= diversity[c];

  const sign = complexitySign(kc, kp, diversity, ubiquity);
  let mu = 0;
  for (let c = 0; c < nLoc; c++) {
    kc[c] *= sign;
    mu += kc[c];
  }
  for (let p = 0; p < nProd; p++) kp[p] *= sign;
  mu /= nLoc;
  let variance = 0;
  for (let c = 0; c < nLoc; c++) variance += (kc[c] - mu) ** 2;
  const sigma = Math.sqrt(variance / nLoc);
  let scaleOfKc = 0;
  for (let c = 0; c < nLoc; c++) scaleOfKc = Math.max(scaleOfKc, Math.abs(kc[c]));
  if (!(pair.value > 1e-12) || !(sigma > 1e-12 * scaleOfKc)) {
    throw new ComplexityInputError(
      '无法计算 ECI：各地区具备优势的产品完全相同（具备矩阵的秩为 1）',
      'ECI is undefined: every location has the same set of products (the presence matrix has rank 1)',
    );
  }
  const eci = new Float64Array(nLoc);
  const pci = new Float64Array(nProd);
  for (let c = 0; c < nLoc; c++) eci[c] = (kc[c] - mu) / sigma;
  for (let p = 0; p < nProd; p++) pci[p] = (kp[p] - mu) / sigma;
  return {
    eci,
    pci,
    pciRaw: kp,
    eciRaw: kc,
    mean: mu,
    std: sigma,
    eigenvalue: pair.value,
    steps: pair.steps,
    residual: pair.residual,
    components: countComponents(m),
  };
}

/**
 * +1 or −1 so that ECI correlates positively with diversity (py-ecomplexity's rule). Where that
 * correlation is zero or undefined (a symmetric network), so that PCI correlates negatively with
 * ubiquity; failing that, so that the first location off the mean has ECI above it.
 */
export function complexitySign(
  kc: Float64Array,
  kp: Float64Array,
  diversity: Float64Array,
  ubiquity: Float64Array,
): 1 | -1 {
  const byDiversity = Math.sign(correlation(diversity, kc));
  if (byDiversity === 1 || byDiversity === -1) return byDiversity;
  const byUbiquity = -Math.sign(correlation(ubiquity, kp));
  if (byUbiquity === 1 || byUbiquity === -1) return byUbiquity;
  let mean = 0;
  let scale = 0;
  for (let c = 0; c < kc.length; c++) {
    mean += kc[c] / kc.length;
    scale = Math.max(scale, Math.abs(kc[c]));
  }
  for (let c = 0; c < kc.length; c++) {
    if (Math.abs(kc[c] - mean) > 1e-9 * scale) return kc[c] > mean ? 1 : -1;
  }
  return 1;
}

/** Pearson correlation of x and y; NaN when either is constant. */
export function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** M·x for a product vector x. */
function times(m: SparsePresence, x: Float64Array): Float64Array {
  const out = new Float64Array(m.nLoc);
  const { rowStart, cols } = m;
  for (let c = 0; c < m.nLoc; c++) {
    let s = 0;
    for (let k = rowStart[c]; k < rowStart[c + 1]; k++) s += x[cols[k]];
    out[c] = s;
  }
  return out;
}

/** Mᵀ·z for a location vector z. */
function transposeTimes(m: SparsePresence, z: Float64Array): Float64Array {
  const out = new Float64Array(m.nProd);
  const { rowStart, cols } = m;
  for (let c = 0; c < m.nLoc; c++) {
    const v = z[c];
    for (let k = rowStart[c]; k < rowStart[c + 1]; k++) out[cols[k]] += v;
  }
  return out;
}

/** K_c^{-1/2} M K_p^{-1} Mᵀ K_c^{-1/2}: similar to M/k_c · (M/k_p)ᵀ, symmetric. */
function locationOperator(m: SparsePresence): SymmetricOperator {
  const { nLoc, nProd, rowStart, cols } = m;
  const rootDiversity = m.diversity.map(Math.sqrt);
  const y = new Float64Array(nProd);
  return {
    size: nLoc,
    apply(x, out) {
      y.fill(0);
      for (let c = 0; c < nLoc; c++) {
        const v = x[c] / rootDiversity[c];
        for (let k = rowStart[c]; k < rowStart[c + 1]; k++) y[cols[k]] += v;
      }
      for (let p = 0; p < nProd; p++) y[p] /= m.ubiquity[p];
      for (let c = 0; c < nLoc; c++) {
        let s = 0;
        for (let k = rowStart[c]; k < rowStart[c + 1]; k++) s += y[cols[k]];
        out[c] = s / rootDiversity[c];
      }
    },
  };
}

/** K_p^{-1/2} Mᵀ K_c^{-1} M K_p^{-1/2}: similar to M̃ = (M/k_p)ᵀ (M/k_c), symmetric. */
function productOperator(m: SparsePresence): SymmetricOperator {
  const { nLoc, nProd, rowStart, cols } = m;
  const rootUbiquity = m.ubiquity.map(Math.sqrt);
  const z = new Float64Array(nProd);
  return {
    size: nProd,
    apply(x, out) {
      for (let p = 0; p < nProd; p++) z[p] = x[p] / rootUbiquity[p];
      out.fill(0);
      for (let c = 0; c < nLoc; c++) {
        let s = 0;
        for (let k = rowStart[c]; k < rowStart[c + 1]; k++) s += z[cols[k]];
        s /= m.diversity[c];
        for (let k = rowStart[c]; k < rowStart[c + 1]; k++) out[cols[k]] += s;
      }
      for (let p = 0; p < nProd; p++) out[p] /= rootUbiquity[p];
    },
  };
}

/** Connected components of the bipartite location–product graph of M (union–find). */
export function countComponents(m: SparsePresence): number {
  const parent = new Int32Array(m.nLoc + m.nProd);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let c = 0; c < m.nLoc; c++) {
    for (let k = m.rowStart[c]; k < m.rowStart[c + 1]; k++) {
      const a = find(c);
      const b = find(m.nLoc + m.cols[k]);
      if (a !== b) parent[a] = b;
    }
  }
  let count = 0;
  for (let i = 0; i < parent.length; i++) if (find(i) === i) count++;
  return count;
}
