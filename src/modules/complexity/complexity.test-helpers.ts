/**
 * Small, deliberately naive re-derivations of the complexity formulas for tests: dense loops and
 * plain power iteration, written from the definitions rather than from the engine's code.
 */
import { computeComplexity, type ComplexityOptions, type ComplexityPeriodResult } from './complexity.domain.ts';

/** Builds one period from a literal matrix (rows are locations). */
export function periodOf(
  values: number[][],
  extra: { population?: number[]; presence?: number[][] } = {},
  names = { locations: values.map((_, i) => `L${i}`), products: values[0].map((_, j) => `P${j}`) },
) {
  return {
    period: '',
    locations: names.locations,
    products: names.products,
    values: Float64Array.from(values.flat()),
    ...(extra.population ? { population: Float64Array.from(extra.population) } : {}),
    ...(extra.presence ? { presence: Uint8Array.from(extra.presence.flat()) } : {}),
  };
}

/** Runs the engine on one literal period. */
export function computeOne(
  values: number[][],
  options: ComplexityOptions = {},
  extra: { population?: number[]; presence?: number[][] } = {},
): ComplexityPeriodResult {
  return computeComplexity([periodOf(values, extra)], options).periods[0];
}

/** Rows of a flat row-major array. */
export function rowsOf(flat: ArrayLike<number>, width: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += width) out.push(Array.from(flat).slice(i, i + width));
  return out;
}

/** Pearson correlation, written out. */
export function pearson(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((_, i) => {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * ECI and PCI from a 0/1 matrix by the textbook route: build M̃ = (M/k_p)ᵀ(M/k_c) densely,
 * remove its known top eigenpair (right vector 1, left vector k_p) and power-iterate. Also the
 * raw PCI eigenvector (unit length, sign-adjusted) and σ of raw ECI on the same scale, which COI
 * and COG are built on.
 */
export function textbookEciPci(m: number[][]): { eci: number[]; pci: number[]; pciRaw: number[]; sigma: number } {
  const nc = m.length;
  const np = m[0].length;
  const kc = m.map((r) => r.reduce((a, b) => a + b, 0));
  const kp = m[0].map((_, p) => m.reduce((a, r) => a + r[p], 0));
  const total = kp.reduce((a, b) => a + b, 0);
  const b: number[][] = [];
  for (let p = 0; p < np; p++) {
    b.push([]);
    for (let q = 0; q < np; q++) {
      let s = 0;
      for (let c = 0; c < nc; c++) s += (m[c][p] / kp[p]) * (m[c][q] / kc[c]);
      b[p].push(s - kp[q] / total);
    }
  }
  let x = Array.from({ length: np }, (_, i) => 1 + i / np);
  for (let it = 0; it < 20000; it++) {
    const y = b.map((row) => row.reduce((a, v, q) => a + v * x[q], 0));
    const n = Math.hypot(...y);
    x = y.map((v) => v / n);
  }
  let eci = m.map((r, c) => r.reduce((a, v, p) => a + (v * x[p]) / kc[c], 0));
  const sign = Math.sign(pearson(kc, eci));
  eci = eci.map((v) => v * sign);
  const pciRaw = x.map((v) => v * sign);
  const mu = eci.reduce((a, v) => a + v, 0) / nc;
  const sd = Math.sqrt(eci.reduce((a, v) => a + (v - mu) ** 2, 0) / nc);
  return { eci: eci.map((v) => (v - mu) / sd), pci: pciRaw.map((v) => (v - mu) / sd), pciRaw, sigma: sd };
}

/** Asserts two number lists agree within `tol`, with a readable message. */
export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  const a = Array.from(actual);
  const e = Array.from(expected);
  if (a.length !== e.length) throw new Error(`length ${a.length} ≠ ${e.length}`);
  a.forEach((v, i) => {
    if (!(Math.abs(v - e[i]) <= tol * Math.max(1, Math.abs(e[i])))) {
      throw new Error(`element ${i}: ${v} ≠ ${e[i]} (got [${a.join(', ')}], expected [${e.join(', ')}])`);
    }
  });
}
