/**
 * Writes engine results as CSV, mirroring py-ecomplexity's output: one row per location ×
 * product × period, and one row per ordered pair of distinct products for proximity.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvLine, csvText } from '../../lib/csv.ts';
import type { ComplexityPeriodResult, ComplexityResult } from './complexity.domain.ts';

/** Names for the identifying columns of the output, as in the input table. */
export interface ComplexityOutputColumns {
  loc: string;
  prod: string;
  val: string;
  /** Without a time column the output has py-ecomplexity's "year" column, all 0. */
  time?: string;
}

const ROWS_PER_CHUNK = 4096;

/** The header of the main output: loc, prod, val, time, diversity … cog, rca (and rpop when present). */
export function complexityHeader(result: ComplexityResult, columns: ComplexityOutputColumns): string[] {
  const withRpop = result.periods.some((p) => p.rpop);
  return [
    columns.loc,
    columns.prod,
    columns.val,
    columns.time ?? 'year',
    'diversity',
    'ubiquity',
    'mcp',
    'eci',
    'pci',
    'density',
    'coi',
    'cog',
    'rca',
    ...(withRpop ? ['rpop'] : []),
  ];
}

/**
 * The main output as CSV text in chunks (header first), in period, location, product order.
 * Cells that complexity does not define (ECI of a location with no product present; PCI, density
 * and COG of a product present nowhere) are empty, and so is a NaN, which stands for a number not
 * stored (density, COI and COG of such a location in analyses stored before they were computed).
 * Per-location and per-product cells are formatted once, not on every row: formatting doubles is
 * most of the cost of writing millions of rows. `keep`, when given, says which locations of a period (by index) to
 * write; the others' rows are left out.
 */
export function* complexityCsv(result: ComplexityResult, columns: ComplexityOutputColumns, keep?: (period: number, location: number) => boolean): Generator<string> {
  yield csvLine(complexityHeader(result, columns)) + '\n';
  const withRpop = result.periods.some((p) => p.rpop);
  for (const [t, p] of result.periods.entries()) {
    const period = periodCell(p, columns);
    const nProd = p.products.length;
    const cProd = p.complexProducts.length;
    const locAt = positions(p.complexLocations, p.locations.length);
    const prodAt = positions(p.complexProducts, nProd);
    // product, then value, then period, diversity filled per row; ubiquity … pci per product.
    const productCells = p.products.map((name) => quote(name));
    const productMiddle = p.products.map((_, q) => `${p.ubiquity[q]}`);
    const productPci = p.products.map((_, q) => (prodAt[q] >= 0 ? String(p.pci[prodAt[q]]) : ''));
    let chunk: string[] = [];
    for (let c = 0; c < p.locations.length; c++) {
      if (keep && !keep(t, c)) continue;
      const lc = locAt[c];
      const location = quote(p.locations[c]);
      const diversity = `${period},${p.diversity[c]}`;
      const eci = lc >= 0 ? String(p.eci[lc]) : '';
      const coi = cell(p.coi[c]);
      for (let q = 0; q < nProd; q++) {
        const k = c * nProd + q;
        const pq = prodAt[q];
        const density = pq >= 0 ? cell(p.density[c * cProd + pq]) : '';
        const cog = pq >= 0 ? cell(p.cog[c * cProd + pq]) : '';
        let line =
          `${location},${productCells[q]},${p.values[k]},${diversity},${productMiddle[q]},${p.mcp[k]},` +
          `${eci},${productPci[q]},${density},${coi},${cog},${p.rca[k]}`;
        if (withRpop) line += p.rpop ? `,${p.rpop[k]}` : ',';
        chunk.push(line);
        if (chunk.length === ROWS_PER_CHUNK) {
          yield chunk.join('\n') + '\n';
          chunk = [];
        }
      }
    }
    if (chunk.length > 0) yield chunk.join('\n') + '\n';
  }
}

/** The header of the proximity output: time, prod_1, prod_2, proximity. */
export function proximityHeader(columns: ComplexityOutputColumns): string[] {
  return [columns.time ?? 'year', `${columns.prod}_1`, `${columns.prod}_2`, 'proximity'];
}

/** The proximity output as CSV text in chunks: every ordered pair of distinct products with a presence, per period. */
export function* proximityCsv(result: ComplexityResult, columns: ComplexityOutputColumns): Generator<string> {
  yield csvLine(proximityHeader(columns)) + '\n';
  for (const p of result.periods) {
    const period = periodCell(p, columns);
    const n = p.complexProducts.length;
    const names = Array.from(p.complexProducts, (i) => quote(p.products[i]));
    for (let i = 0; i < n; i++) {
      const lines: string[] = [];
      for (let j = 0; j < n; j++) if (i !== j) lines.push(`${period},${names[i]},${names[j]},${p.proximity[i * n + j]}`);
      if (lines.length > 0) yield lines.join('\n') + '\n';
    }
  }
}

/** Streams CSV text chunks to a file. */
export async function writeCsv(path: string, chunks: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(path));
}

/** Text cells (names of locations, products, periods), neutralised against formulas and quoted where CSV needs it. */
const quote = csvText;

/** A number as a cell; NaN (not stored) as an empty one. */
function cell(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

function periodCell(p: ComplexityPeriodResult, columns: ComplexityOutputColumns): string {
  return columns.time === undefined ? '0' : quote(p.period);
}

function positions(idx: Int32Array, n: number): Int32Array {
  const at = new Int32Array(n).fill(-1);
  for (let i = 0; i < idx.length; i++) at[idx[i]] = i;
  return at;
}
