/**
 * The economic-complexity engine: a table of values per location × product (× period) in,
 * RCA, presence, ECI, PCI, proximity, density, COI and COG out. Pure: data in, data out.
 */
import { ComplexityInputError } from './complexity.errors.ts';
import { complexityIndices } from './complexity.index.domain.ts';
import {
  complexityOutlook,
  continuousProximity,
  density,
  discreteProximity,
} from './complexity.proximity.domain.ts';
import {
  indicesWhere,
  nonZeroRectangle,
  presenceAtThreshold,
  revealedComparativeAdvantage,
  revealedPopulationAdvantage,
  sparsePresence,
  subMatrix,
  type KeptRectangle,
} from './complexity.rca.domain.ts';

/** One period of input: a dense location × product matrix (missing pairs are 0). */
export interface ComplexityPeriodInput {
  /** The period's label ("2019"); "" when the table has no time column. */
  period: string;
  locations: string[];
  products: string[];
  /** Row-major values, locations.length × products.length, all finite and ≥ 0. */
  values: Float64Array;
  /** Population per location: presence is then RPOP ≥ threshold instead of RCA ≥ threshold. */
  population?: Float64Array;
  /**
   * Presence given directly (0/1, same shape as values): used as M instead of a threshold, and, as
   * in py-ecomplexity's "manual" mode, as what continuous proximity correlates and density weighs.
   * RCA is still computed from `values` for the output; only when the values are the presence itself
   * (py-ecomplexity's manual mode, where the value column is M) is M reported as RCA, as it does.
   */
  presence?: Uint8Array;
}

/** How to compute; the defaults are py-ecomplexity's. */
export interface ComplexityOptions {
  /** M = 1 where RCA (or RPOP) ≥ threshold; default 1. */
  threshold?: number;
  /** Proximity φ[p,p'] divided by k_p instead of max(k_p, k_p'). */
  asymmetric?: boolean;
  /** Proximity from the correlation of RCA (or RPOP, or given presence) columns, and density weighted by them. */
  continuous?: boolean;
}

/** Where the engine is, for a progress bar: `done` of `total` steps across all periods. */
export interface ComplexityProgress {
  period: string;
  stage: 'presence' | 'eci' | 'proximity' | 'density' | 'outlook';
  done: number;
  total: number;
}

/** Results of one period. Matrices are row-major; see each field for its shape. */
export interface ComplexityPeriodResult {
  period: string;
  /** Locations and products with a non-zero total (others are dropped, see `dropped`). */
  locations: string[];
  products: string[];
  /** values, rca, rpop and mcp: locations × products. */
  values: Float64Array;
  rca: Float64Array;
  rpop?: Float64Array;
  mcp: Uint8Array;
  /** k_c per location and k_p per product (may be 0 under a strict threshold). */
  diversity: Float64Array;
  ubiquity: Float64Array;
  /**
   * The part complexity is defined on: locations with diversity > 0 and products with
   * ubiquity > 0, as indices into `locations` / `products`. ECI is on the complex locations;
   * PCI, density, COG and proximity are on the complex products.
   */
  complexLocations: Int32Array;
  complexProducts: Int32Array;
  /** Per complex location. */
  eci: Float64Array;
  /**
   * Per location (all of `locations`, a location with nothing present too: py-ecomplexity gives
   * it a COI, standardised with the others).
   */
  coi: Float64Array;
  /** Per complex product. */
  pci: Float64Array;
  /**
   * locations × complex products: every location, so one with nothing present has the density of
   * each product (0 in the discrete case, where its M row is 0) and its COG; see docs/decisions/0004.
   */
  density: Float64Array;
  cog: Float64Array;
  /** complex products × complex products, diagonal 1. */
  proximity: Float64Array;
  /** The second eigenvalue of M̃ and how the solver reached it. */
  eigen: { value: number; steps: number; residual: number };
  /** Locations / products dropped because their total is 0. */
  dropped: { locations: string[]; products: string[] };
  /** Things a person should know about this period's numbers. */
  warnings: string[];
}

/** The results of every period, in input order. */
export interface ComplexityResult {
  periods: ComplexityPeriodResult[];
}

const STAGES_PER_PERIOD = 5;

/**
 * Computes economic complexity for every period independently.
 * @example computeComplexity([{ period: '2021', locations, products, values }], { threshold: 1 })
 */
export function computeComplexity(
  periods: ComplexityPeriodInput[],
  options: ComplexityOptions = {},
  onProgress?: (progress: ComplexityProgress) => void,
): ComplexityResult {
  const total = periods.length * STAGES_PER_PERIOD;
  return {
    periods: periods.map((input, i) =>
      computePeriod(input, options, (stage, step) =>
        onProgress?.({ period: input.period, stage, done: i * STAGES_PER_PERIOD + step, total }),
      ),
    ),
  };
}

/** Computes one period; `report` is told when each stage has finished (step 1…5). */
export function computePeriod(
  input: ComplexityPeriodInput,
  options: ComplexityOptions = {},
  report: (stage: ComplexityProgress['stage'], step: number) => void = () => {},
): ComplexityPeriodResult {
  const threshold = options.threshold ?? 1;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new ComplexityInputError(
      `RCA 阈值须为不小于 0 的数，而不是 ${threshold}`,
      `The presence threshold must be a number ≥ 0; got ${threshold}`,
    );
  }
  const label = input.period === '' ? '' : ` in period ${input.period}`;
  const labelZh = input.period === '' ? '' : `（${input.period}）`;
  const periodLabel = { en: label, zh: input.period === '' ? '' : `（时期 ${input.period}）` };
  checkShape(input, periodLabel);
  const nIn = input.products.length;
  const keep = nonZeroRectangle(input.values, input.locations.length, nIn);
  const locations = pick(input.locations, keep.locations);
  const products = pick(input.products, keep.products);
  if (locations.length < 2 || products.length < 2) {
    throw new ComplexityInputError(
      `剔除取值全为 0 的地区和产品后${periodLabel.zh}只剩 ${locations.length} 个地区、${products.length} 个产品；经济复杂度至少需要两个地区和两个产品`,
      `Complexity needs at least two locations and two products with non-zero values${label}; ` +
        `got ${locations.length} location(s) and ${products.length} product(s)`,
    );
  }
  const warnings: string[] = [];
  const dropped = {
    locations: input.locations.filter((_, i) => !includes(keep.locations, i)),
    products: input.products.filter((_, i) => !includes(keep.products, i)),
  };
  if (dropped.locations.length > 0) {
    warnings.push(`${labelZh}剔除取值全为 0 的${describeZh(dropped.locations, '地区')} / Dropped ${describe(dropped.locations, 'location')} whose values are all 0${label}`);
  }
  if (dropped.products.length > 0) {
    warnings.push(`${labelZh}剔除取值全为 0 的${describeZh(dropped.products, '产品')} / Dropped ${describe(dropped.products, 'product')} whose values are all 0${label}`);
  }

  const nLoc = locations.length;
  const nProd = products.length;
  const values = subMatrix(input.values, nIn, keep);
  // py-ecomplexity's manual mode takes the value column as M and reports it as its RCA: so when the
  // values are the presence (the CLI's --presence naming the --val column), RCA is M.
  const valuesArePresence = input.presence !== undefined && input.values.every((v, i) => v === input.presence![i]);
  const rca = valuesArePresence ? Float64Array.from(values) : revealedComparativeAdvantage(values, nLoc, nProd);
  const rpop = input.population ? populationAdvantage(values, input.population, keep, periodLabel) : undefined;
  const mcp = input.presence
    ? Uint8Array.from(subMatrix(input.presence, nIn, keep))
    : presenceAtThreshold(rpop ?? rca, threshold);
  const full = sparsePresence(mcp, nLoc, nProd);
  report('presence', 1);

  // Complexity is defined only where M has something in the row and the column.
  const complex: KeptRectangle = {
    locations: indicesWhere(full.diversity, (k) => k > 0),
    products: indicesWhere(full.ubiquity, (k) => k > 0),
  };
  const noPresence = (names: string[], idx: Int32Array): string[] => names.filter((_, i) => !includes(idx, i));
  const bareLocations = noPresence(locations, complex.locations);
  const bareProducts = noPresence(products, complex.products);
  if (bareLocations.length > 0) {
    warnings.push(
      `${labelZh}${describeZh(bareLocations, '地区')}没有具备优势的产品，不计算 ECI（密度、COI 和 COG 照常计算） / ` +
        `${describe(bareLocations, 'location')} with no product present${label}: no ECI (density, COI and COG are still given)`,
    );
  }
  if (bareProducts.length > 0) {
    warnings.push(
      `${labelZh}${describeZh(bareProducts, '产品')}在任何地区都不具备优势，不计算 PCI、密度和 COG / ` +
        `${describe(bareProducts, 'product')} present nowhere${label}: no PCI, density or COG`,
    );
  }
  const cLoc = complex.locations.length;
  const cProd = complex.products.length;
  const m = Uint8Array.from(subMatrix(mcp, nProd, complex));
  const sparse = sparsePresence(m, cLoc, cProd);
  const indices = complexityIndices(sparse);
  if (indices.components > 1) {
    warnings.push(
      `${labelZh}地区—产品网络分成 ${indices.components} 个互不相连的部分，ECI 区分的是部分之间，而不是部分之内的高低 / ` +
        `The location–product network${label} falls apart into ${indices.components} unconnected groups; ` +
        'ECI then separates the groups instead of ranking within them',
    );
  }
  report('eci', 2);

  // Like py-ecomplexity, the product space is built on every location with a non-zero total, not
  // only on those with a product present: continuous proximity correlates across all of them, and
  // density, COI and COG are given for all of them, COI standardised over all of them. A location
  // with nothing present thus gets what it could move into, though no ECI.
  const everyLocation: KeptRectangle = { locations: Int32Array.from(locations.keys()), products: complex.products };
  const mEvery = Uint8Array.from(subMatrix(mcp, nProd, everyLocation));
  let proximity: Float64Array;
  let dens: Float64Array;
  if (options.continuous) {
    // With presence given directly, py-ecomplexity's "manual" mode has only M to correlate and to
    // weight density by; otherwise RPOP (with population) or RCA. Density sums over every product.
    const measure = input.presence ? mcp : (rpop ?? rca);
    const phi = continuousProximity(measure, nLoc, nProd);
    // A copy only when some product is present nowhere: φ is products² and may be large.
    proximity = cProd === nProd ? phi : subMatrix(phi, nProd, { locations: complex.products, products: complex.products });
    report('proximity', 3);
    dens = subMatrix(density(measure, phi, nLoc, nProd), nProd, everyLocation);
  } else {
    proximity = discreteProximity(sparse, options.asymmetric ?? false);
    report('proximity', 3);
    dens = density(mEvery, proximity, nLoc, cProd);
  }
  report('density', 4);

  const outlook = complexityOutlook(mEvery, dens, proximity, indices.pciRaw, nLoc, cProd);
  const coi = zScores(outlook.coi);
  if (coi.constant) warnings.push(`${labelZh}各地区的 COI 相同，记为 0 / COI is the same for every location${label}; reported as 0`);
  // For a location with nothing present py-ecomplexity prints NaN COG, but only because its σ of
  // raw ECI is NaN for the whole period then; the formula itself is well defined there.
  const cog = outlook.cog;
  for (let i = 0; i < cog.length; i++) cog[i] /= indices.std;
  report('outlook', 5);

  return {
    period: input.period,
    locations,
    products,
    values,
    rca,
    ...(rpop ? { rpop } : {}),
    mcp,
    diversity: full.diversity,
    ubiquity: full.ubiquity,
    complexLocations: complex.locations,
    complexProducts: complex.products,
    eci: indices.eci,
    pci: indices.pci,
    coi: coi.values,
    density: dens,
    cog,
    proximity,
    eigen: { value: indices.eigenvalue, steps: indices.steps, residual: indices.residual },
    dropped,
    warnings,
  };
}

/** " in period 2019" and "（时期 2019）", or both empty when the table has no time column. */
interface PeriodLabel {
  en: string;
  zh: string;
}

/** Refuses input that would turn into NaN: wrong sizes, negative or non-finite values, presence not 0/1. */
function checkShape(input: ComplexityPeriodInput, label: PeriodLabel): void {
  const nLoc = input.locations.length;
  const nProd = input.products.length;
  const size = nLoc * nProd;
  const wrong = (what: string, whatZh: string, length: number | undefined, expected: number) => {
    if (length !== undefined && length !== expected) {
      throw new ComplexityInputError(
        `${whatZh}${label.zh}有 ${length} 项，应为 ${expected} 项`,
        `${what}${label.en} has ${length} entries; expected ${expected}`,
      );
    }
  };
  wrong('values', '数值', input.values.length, size);
  wrong('presence', '是否具备', input.presence?.length, size);
  wrong('population', '人口', input.population?.length, nLoc);
  for (let k = 0; k < size; k++) {
    const v = input.values[k];
    const m = input.presence?.[k];
    if (!(v >= 0 && v < Infinity) || (m !== undefined && m !== 0 && m !== 1)) {
      const loc = input.locations[Math.floor(k / nProd)];
      const prod = input.products[k % nProd];
      const where = `location "${loc}", product "${prod}"${label.en}`;
      const whereZh = `地区“${loc}”、产品“${prod}”${label.zh}`;
      throw m !== undefined && m !== 0 && m !== 1
        ? new ComplexityInputError(`${whereZh}：是否具备须为 0 或 1，而不是 ${m}`, `Presence must be 0 or 1; got ${m} for ${where}`)
        : new ComplexityInputError(`${whereZh}：数值须为不小于 0 的有限数，而不是 ${v}`, `Values must be finite and ≥ 0; got ${v} for ${where}`);
    }
  }
}

/** RPOP on the kept rectangle, refusing populations that would divide by zero. */
function populationAdvantage(
  values: Float64Array,
  population: Float64Array,
  keep: KeptRectangle,
  label: PeriodLabel,
): Float64Array {
  const pop = Float64Array.from(keep.locations, (i) => population[i]);
  for (let c = 0; c < pop.length; c++) {
    if (!(pop[c] > 0) || !Number.isFinite(pop[c])) {
      throw new ComplexityInputError(
        `人口须为正数${label.zh}，而不是 ${pop[c]}`,
        `Population must be a positive number${label.en}; got ${pop[c]}`,
        { column: 'pop' },
      );
    }
  }
  return revealedPopulationAdvantage(values, pop, keep.locations.length, values.length / keep.locations.length);
}

/** (x − mean) / population standard deviation; all zeros (flagged) when x is constant. */
function zScores(x: Float64Array): { values: Float64Array; constant: boolean } {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let variance = 0;
  for (let i = 0; i < x.length; i++) variance += (x[i] - mean) ** 2;
  const sd = Math.sqrt(variance / x.length);
  let scale = 0;
  for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]));
  const values = new Float64Array(x.length);
  if (!(sd > 1e-14 * scale)) return { values, constant: true };
  for (let i = 0; i < x.length; i++) values[i] = (x[i] - mean) / sd;
  return { values, constant: false };
}

function pick(names: string[], idx: Int32Array): string[] {
  return Array.from(idx, (i) => names[i]);
}

function includes(sorted: Int32Array, i: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === i) return true;
    if (sorted[mid] < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The same in Chinese: `3 个地区（甲、乙、丙）`. */
function describeZh(names: string[], noun: string): string {
  const shown = names.slice(0, 5).join('、');
  const more = names.length > 5 ? ` 等 ${names.length} 个` : '';
  return `${names.length} 个${noun}（${shown}${more}）`;
}

function describe(names: string[], noun: string): string {
  const shown = names.slice(0, 5).join(', ');
  const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
  return `${names.length} ${noun}${names.length === 1 ? '' : 's'} (${shown}${more})`;
}
