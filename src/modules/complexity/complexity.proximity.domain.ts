/**
 * The product space and what a location can reach in it: proximity, density, complexity outlook
 * (COI) and outlook gain (COG), as py-ecomplexity 0.5.2 computes them.
 */
import type { SparsePresence } from './complexity.rca.domain.ts';

/**
 * Discrete proximity φ[p,p'] = Σc M[c,p]·M[c,p'] / max(k_p, k_p') (or / k_p when asymmetric),
 * as a dense row-major products × products matrix with diagonal 1 (as py-ecomplexity 0.5.2).
 */
export function discreteProximity(m: SparsePresence, asymmetric = false): Float64Array {
  const { nProd, rowStart, cols, ubiquity } = m;
  const phi = new Float64Array(nProd * nProd);
  // Co-occurrence counts above the diagonal, one location's product pairs at a time.
  for (let c = 0; c < m.nLoc; c++) {
    const end = rowStart[c + 1];
    for (let a = rowStart[c]; a < end; a++) {
      const row = cols[a] * nProd;
      for (let b = a + 1; b < end; b++) phi[row + cols[b]] += 1;
    }
  }
  for (let i = 0; i < nProd; i++) {
    phi[i * nProd + i] = 1; // C[p,p] / k_p: py-ecomplexity 0.5.2 keeps the diagonal, and density sums over it
    for (let j = i + 1; j < nProd; j++) {
      const count = phi[i * nProd + j];
      if (asymmetric) {
        phi[i * nProd + j] = count / ubiquity[i];
        phi[j * nProd + i] = count / ubiquity[j];
      } else {
        const v = count / Math.max(ubiquity[i], ubiquity[j]);
        phi[i * nProd + j] = v;
        phi[j * nProd + i] = v;
      }
    }
  }
  return phi;
}

/**
 * Continuous proximity φ[p,p'] = (1 + ρ(RCA_p, RCA_p')) / 2 with ρ the Pearson correlation of
 * the two products' RCA (or RPOP, or M) across locations; diagonal 1. A product whose measure is
 * the same everywhere correlates with nothing (ρ = 0).
 */
export function continuousProximity(rca: ArrayLike<number>, nLoc: number, nProd: number): Float64Array {
  // Centred, unit-length columns, stored transposed so each product is contiguous.
  const z = new Float64Array(nProd * nLoc);
  for (let p = 0; p < nProd; p++) {
    let mean = 0;
    for (let c = 0; c < nLoc; c++) mean += rca[c * nProd + p];
    mean /= nLoc;
    let ss = 0;
    const base = p * nLoc;
    for (let c = 0; c < nLoc; c++) {
      const d = rca[c * nProd + p] - mean;
      z[base + c] = d;
      ss += d * d;
    }
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let c = 0; c < nLoc; c++) z[base + c] *= inv;
  }
  const phi = new Float64Array(nProd * nProd);
  const block = 8;
  for (let i0 = 0; i0 < nProd; i0 += block) {
    const i1 = Math.min(i0 + block, nProd);
    for (let j = i0; j < nProd; j++) {
      const zj = j * nLoc;
      for (let i = i0; i < Math.min(i1, j + 1); i++) {
        const zi = i * nLoc;
        let s = 0;
        for (let c = 0; c < nLoc; c++) s += z[zi + c] * z[zj + c];
        const rho = Math.max(-1, Math.min(1, s));
        const v = i === j ? 1 : (1 + rho) / 2;
        phi[i * nProd + j] = v;
        phi[j * nProd + i] = v;
      }
    }
  }
  return phi;
}

/** Row sums of a square row-major matrix. */
export function squareRowSums(phi: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += phi[i * n + j];
    out[i] = s;
  }
  return out;
}

/**
 * Density d[c,p] = Σp' W[c,p']·φ[p,p'] / Σp' φ[p,p'] (sums include p itself), with W the
 * presence matrix M (discrete proximity) or RCA (continuous).
 */
export function density(weights: ArrayLike<number>, phi: Float64Array, nLoc: number, nProd: number): Float64Array {
  const rowSum = squareRowSums(phi, nProd);
  // b[p',p] = φ[p,p'] / Σ φ[p,·], so that d = W·b works row by row.
  const b = new Float64Array(nProd * nProd);
  for (let p = 0; p < nProd; p++) {
    const inv = rowSum[p] > 0 ? 1 / rowSum[p] : 0;
    for (let q = 0; q < nProd; q++) b[q * nProd + p] = phi[p * nProd + q] * inv;
  }
  return timesSquare(weights, b, nLoc, nProd);
}

/** W·B for a row-major locations × products W and products × products B, skipping zeros in W. */
export function timesSquare(w: ArrayLike<number>, b: Float64Array, nLoc: number, nProd: number): Float64Array {
  const out = new Float64Array(nLoc * nProd);
  // Rows of W are taken 32 at a time so each row of B is read once per block while the 32 output
  // rows stay in cache; the unrolled inner loop is what V8 runs fastest (about 2× a plain loop).
  const block = 32;
  for (let c0 = 0; c0 < nLoc; c0 += block) {
    const c1 = Math.min(c0 + block, nLoc);
    for (let q = 0; q < nProd; q++) {
      const bRow = b.subarray(q * nProd, (q + 1) * nProd);
      for (let c = c0; c < c1; c++) {
        const v = w[c * nProd + q];
        if (v === 0) continue;
        const o = out.subarray(c * nProd, (c + 1) * nProd);
        let p = 0;
        for (; p + 7 < nProd; p += 8) {
          o[p] += v * bRow[p];
          o[p + 1] += v * bRow[p + 1];
          o[p + 2] += v * bRow[p + 2];
          o[p + 3] += v * bRow[p + 3];
          o[p + 4] += v * bRow[p + 4];
          o[p + 5] += v * bRow[p + 5];
          o[p + 6] += v * bRow[p + 6];
          o[p + 7] += v * bRow[p + 7];
        }
        for (; p < nProd; p++) o[p] += v * bRow[p];
      }
    }
  }
  return out;
}

/** COI (raw, before z-scoring) and COG (raw, before dividing by σ of raw ECI) for one period. */
export interface Outlook {
  coi: Float64Array;
  cog: Float64Array;
}

/**
 * COI_c = Σp d[c,p]·(1 − M[c,p])·PCI_p and
 * COG[c,p] = (1 − M[c,p])·Σp' (1 − M[c,p'])·φ[p',p]·PCI_p' / Σp'' φ[p',p''],
 * both on the raw (sign-adjusted, not normalised) PCI eigenvector.
 */
export function complexityOutlook(
  m: Uint8Array,
  dens: Float64Array,
  phi: Float64Array,
  pciRaw: Float64Array,
  nLoc: number,
  nProd: number,
): Outlook {
  const coi = new Float64Array(nLoc);
  for (let c = 0; c < nLoc; c++) {
    let s = 0;
    const base = c * nProd;
    for (let p = 0; p < nProd; p++) if (m[base + p] === 0) s += dens[base + p] * pciRaw[p];
    coi[c] = s;
  }
  const rowSum = squareRowSums(phi, nProd);
  // g[p',p] = φ[p',p]·PCI_p' / Σ φ[p',·]; Σp' (1 − M[c,p'])·g[p',p] = Σp' g[p',p] − (M·g)[c,p].
  const g = new Float64Array(nProd * nProd);
  const gColumnSum = new Float64Array(nProd);
  for (let q = 0; q < nProd; q++) {
    const f = rowSum[q] > 0 ? pciRaw[q] / rowSum[q] : 0;
    const row = q * nProd;
    for (let p = 0; p < nProd; p++) {
      const v = phi[row + p] * f;
      g[row + p] = v;
      gColumnSum[p] += v;
    }
  }
  const mg = timesSquare(m, g, nLoc, nProd);
  const cog = new Float64Array(nLoc * nProd);
  for (let c = 0; c < nLoc; c++) {
    const base = c * nProd;
    for (let p = 0; p < nProd; p++) {
      if (m[base + p] === 0) cog[base + p] = gColumnSum[p] - mg[base + p];
    }
  }
  return { coi, cog };
}
