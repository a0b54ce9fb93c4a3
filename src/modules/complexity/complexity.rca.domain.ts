/**
 * Presence of products in locations: RCA, RPOP, the 0/1 matrix M and its sparse form.
 * Matrices are row-major Float64Array / Uint8Array of locations × products.
 */

/** A location × product matrix with the indices of the rows and columns it keeps from a larger one. */
export interface KeptRectangle {
  /** Indices into the original locations, in order. */
  locations: Int32Array;
  /** Indices into the original products, in order. */
  products: Int32Array;
}

/** Indices of the locations (rows) and products (columns) whose total is not zero, as py-ecomplexity keeps them. */
export function nonZeroRectangle(values: Float64Array, nLoc: number, nProd: number): KeptRectangle {
  const rowTotal = new Float64Array(nLoc);
  const colTotal = new Float64Array(nProd);
  for (let c = 0; c < nLoc; c++) {
    const base = c * nProd;
    let sum = 0;
    for (let p = 0; p < nProd; p++) {
      const v = values[base + p];
      sum += v;
      colTotal[p] += v;
    }
    rowTotal[c] = sum;
  }
  return {
    locations: indicesWhere(rowTotal, (x) => x !== 0),
    products: indicesWhere(colTotal, (x) => x !== 0),
  };
}

/** Positions in `xs` whose value passes `keep`. */
export function indicesWhere(xs: ArrayLike<number>, keep: (x: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (keep(xs[i])) out.push(i);
  return Int32Array.from(out);
}

/** The sub-matrix of `values` (nProd columns) on the given rows and columns. */
export function subMatrix(values: ArrayLike<number>, nProd: number, keep: KeptRectangle): Float64Array {
  const rows = keep.locations;
  const cols = keep.products;
  const out = new Float64Array(rows.length * cols.length);
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * nProd;
    const to = i * cols.length;
    for (let j = 0; j < cols.length; j++) out[to + j] = values[from + cols[j]];
  }
  return out;
}

/** Row totals of a row-major matrix. */
export function rowTotals(values: Float64Array, nLoc: number, nProd: number): Float64Array {
  const out = new Float64Array(nLoc);
  for (let c = 0; c < nLoc; c++) {
    let sum = 0;
    const base = c * nProd;
    for (let p = 0; p < nProd; p++) sum += values[base + p];
    out[c] = sum;
  }
  return out;
}

/** Column totals of a row-major matrix. */
export function columnTotals(values: Float64Array, nLoc: number, nProd: number): Float64Array {
  const out = new Float64Array(nProd);
  for (let c = 0; c < nLoc; c++) {
    const base = c * nProd;
    for (let p = 0; p < nProd; p++) out[p] += values[base + p];
  }
  return out;
}

/**
 * Balassa's revealed comparative advantage, (X[c,p] / Σp X[c,p]) / (Σc X[c,p] / ΣΣ X), in the
 * order of operations py-ecomplexity uses so that values on the threshold round the same way.
 * Every row and column must have a non-zero total.
 */
export function revealedComparativeAdvantage(values: Float64Array, nLoc: number, nProd: number): Float64Array {
  const rowTotal = rowTotals(values, nLoc, nProd);
  const colTotal = columnTotals(values, nLoc, nProd);
  let world = 0;
  for (let p = 0; p < nProd; p++) world += colTotal[p];
  const share = new Float64Array(nProd);
  for (let p = 0; p < nProd; p++) share[p] = colTotal[p] / world;
  const rca = new Float64Array(values.length);
  for (let c = 0; c < nLoc; c++) {
    const base = c * nProd;
    const total = rowTotal[c];
    for (let p = 0; p < nProd; p++) rca[base + p] = values[base + p] / total / share[p];
  }
  return rca;
}

/**
 * Revealed per-capita advantage, (X[c,p] / pop_c) / (Σc X[c,p] / Σc pop_c), as py-ecomplexity
 * computes it; populations must be positive.
 */
export function revealedPopulationAdvantage(
  values: Float64Array,
  population: Float64Array,
  nLoc: number,
  nProd: number,
): Float64Array {
  const colTotal = columnTotals(values, nLoc, nProd);
  let worldPopulation = 0;
  for (let c = 0; c < nLoc; c++) worldPopulation += population[c];
  const perCapita = new Float64Array(nProd);
  for (let p = 0; p < nProd; p++) perCapita[p] = colTotal[p] / worldPopulation;
  const rpop = new Float64Array(values.length);
  for (let c = 0; c < nLoc; c++) {
    const base = c * nProd;
    const pop = population[c];
    for (let p = 0; p < nProd; p++) rpop[base + p] = values[base + p] / pop / perCapita[p];
  }
  return rpop;
}

/** M[c,p] = 1 where the measure reaches the threshold (≥, as py-ecomplexity), else 0. */
export function presenceAtThreshold(measure: Float64Array, threshold: number): Uint8Array {
  const m = new Uint8Array(measure.length);
  for (let i = 0; i < measure.length; i++) m[i] = measure[i] >= threshold ? 1 : 0;
  return m;
}

/** The 0/1 matrix M in compressed-row form, with diversity (row counts) and ubiquity (column counts). */
export interface SparsePresence {
  nLoc: number;
  nProd: number;
  /** cols[rowStart[c] .. rowStart[c+1]) are the products present in location c, ascending. */
  rowStart: Int32Array;
  cols: Int32Array;
  /** k_c = Σp M[c,p]. */
  diversity: Float64Array;
  /** k_p = Σc M[c,p]. */
  ubiquity: Float64Array;
}

/** The compressed-row form of a dense 0/1 matrix. */
export function sparsePresence(m: Uint8Array, nLoc: number, nProd: number): SparsePresence {
  let nnz = 0;
  for (let i = 0; i < m.length; i++) nnz += m[i];
  const rowStart = new Int32Array(nLoc + 1);
  const cols = new Int32Array(nnz);
  const diversity = new Float64Array(nLoc);
  const ubiquity = new Float64Array(nProd);
  let k = 0;
  for (let c = 0; c < nLoc; c++) {
    rowStart[c] = k;
    const base = c * nProd;
    for (let p = 0; p < nProd; p++) {
      if (m[base + p] !== 0) {
        cols[k++] = p;
        ubiquity[p] += 1;
      }
    }
    diversity[c] = k - rowStart[c];
  }
  rowStart[nLoc] = k;
  return { nLoc, nProd, rowStart, cols, diversity, ubiquity };
}
