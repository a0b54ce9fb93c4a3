/**
 * Writes engine results as CSV, mirroring py-ecomplexity's output: one row per location ×
 * product × period, and one row per ordered pair of distinct products for proximity.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify/sync';
import type { ComplexityResult } from './complexity.domain.ts';

/** Names for the identifying columns of the output, as in the input table. */
export interface ComplexityOutputColumns {
  loc: string;
  prod: string;
  val: string;
  /** Without a time column the output has py-ecomplexity's "year" column, all 0. */
  time?: string;
}

type Cell = string | number;

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
 * The rows of the main output in period, location, product order; cells that complexity does
 * not define (a location with no product present, a product present nowhere) are empty.
 */
export function* complexityRecords(result: ComplexityResult, columns: ComplexityOutputColumns): Generator<Cell[]> {
  for (const p of result.periods) {
    const period = columns.time === undefined ? 0 : p.period;
    const nProd = p.products.length;
    const cProd = p.complexProducts.length;
    const locAt = positions(p.complexLocations, p.locations.length);
    const prodAt = positions(p.complexProducts, nProd);
    for (let c = 0; c < p.locations.length; c++) {
      const lc = locAt[c];
      for (let q = 0; q < nProd; q++) {
        const k = c * nProd + q;
        const pq = prodAt[q];
        const inside = lc >= 0 && pq >= 0;
        const row: Cell[] = [
          p.locations[c],
          p.products[q],
          p.values[k],
          period,
          p.diversity[c],
          p.ubiquity[q],
          p.mcp[k],
          lc >= 0 ? p.eci[lc] : '',
          pq >= 0 ? p.pci[pq] : '',
          inside ? p.density[lc * cProd + pq] : '',
          lc >= 0 ? p.coi[lc] : '',
          inside ? p.cog[lc * cProd + pq] : '',
          p.rca[k],
        ];
        if (p.rpop) row.push(p.rpop[k]);
        yield row;
      }
    }
  }
}

/** The header of the proximity output: time, prod_1, prod_2, proximity. */
export function proximityHeader(columns: ComplexityOutputColumns): string[] {
  return [columns.time ?? 'year', `${columns.prod}_1`, `${columns.prod}_2`, 'proximity'];
}

/** Every ordered pair of distinct products with a presence, per period. */
export function* proximityRecords(result: ComplexityResult, columns: ComplexityOutputColumns): Generator<Cell[]> {
  for (const p of result.periods) {
    const period = columns.time === undefined ? 0 : p.period;
    const n = p.complexProducts.length;
    for (let i = 0; i < n; i++) {
      const a = p.products[p.complexProducts[i]];
      for (let j = 0; j < n; j++) {
        if (i !== j) yield [period, a, p.products[p.complexProducts[j]], p.proximity[i * n + j]];
      }
    }
  }
}

/**
 * Writes a header and rows to a CSV file, streaming; resolves with the number of rows written.
 * Text cells are quoted by csv-stringify (once per distinct text: names repeat on many rows);
 * numbers never need quoting, so rows are joined directly, which is ~8× faster than stringifying
 * every row for the millions of rows of a large table.
 */
export async function writeCsv(path: string, header: string[], records: Iterable<Cell[]>): Promise<number> {
  const quoted = new Map<string, string>();
  const text = (s: string): string => {
    let q = quoted.get(s);
    if (q === undefined) {
      q = stringify([[s]]).replace(/\r?\n$/, '');
      if (quoted.size < 1_000_000) quoted.set(s, q);
    }
    return q;
  };
  const line = (row: Cell[]): string => row.map((cell) => (typeof cell === 'number' ? String(cell) : text(cell))).join(',');
  let count = 0;
  function* chunks(): Generator<string> {
    yield line(header) + '\n';
    let chunk: string[] = [];
    for (const row of records) {
      chunk.push(line(row));
      count++;
      if (chunk.length === 4096) {
        yield chunk.join('\n') + '\n';
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk.join('\n') + '\n';
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
  return count;
}

function positions(idx: Int32Array, n: number): Int32Array {
  const at = new Int32Array(n).fill(-1);
  for (let i = 0; i < idx.length; i++) at[idx[i]] = i;
  return at;
}
