import type { ComplexityPeriodInput } from '../src/modules/complexity/complexity.domain.ts';
import { mulberry32 } from '../src/modules/complexity/complexity.eigen.domain.ts';

/**
 * A table with structure, like real trade: each location has a capability and each product a
 * difficulty; a location exports a product with a probability that falls as difficulty exceeds
 * capability, and the amount is lognormal around location size × product size.
 */
export function generateTable(nLoc: number, nProd: number, seed: number): ComplexityPeriodInput {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const capability = Array.from({ length: nLoc }, () => random());
  const locationSize = Array.from({ length: nLoc }, () => Math.exp(1.5 * normal()));
  const difficulty = Array.from({ length: nProd }, () => random());
  const productSize = Array.from({ length: nProd }, () => Math.exp(normal()));
  const values = new Float64Array(nLoc * nProd);
  for (let c = 0; c < nLoc; c++) {
    for (let p = 0; p < nProd; p++) {
      const chance = 1 / (1 + Math.exp(-8 * (capability[c] - difficulty[p])));
      if (random() < chance) values[c * nProd + p] = Math.round(1e3 * locationSize[c] * productSize[p] * Math.exp(1.5 * normal()));
    }
  }
  const pad = (prefix: string, i: number, n: number) => `${prefix}${String(i).padStart(String(n).length, '0')}`;
  return {
    period: '',
    locations: Array.from({ length: nLoc }, (_, i) => pad('L', i, nLoc)),
    products: Array.from({ length: nProd }, (_, i) => pad('P', i, nProd)),
    values,
  };
}

/** The same table as a long CSV, zero pairs left out as real files do. */
export function tableCsv(table: ComplexityPeriodInput): string {
  const lines = ['loc,prod,val'];
  const n = table.products.length;
  table.locations.forEach((loc, c) => {
    table.products.forEach((prod, p) => {
      const v = table.values[c * n + p];
      if (v !== 0) lines.push(`${loc},${prod},${v}`);
    });
  });
  return lines.join('\n') + '\n';
}
