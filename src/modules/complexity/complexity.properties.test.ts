import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './complexity.eigen.domain.ts';
import { computeComplexity, type ComplexityPeriodResult } from './complexity.domain.ts';
import { parseComplexityCsv } from './complexity.table.ts';
import { closeTo } from './complexity.test-helpers.ts';

const data = new URL('../../../test/fixtures/real/complexity/', import.meta.url);
const lines = readFileSync(new URL('global_exports.csv', data), 'utf8').trimEnd().split('\n');
const columns = { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' };
const compute = (csvLines: string[], cols: typeof columns & { time?: string } = columns) =>
  computeComplexity(parseComplexityCsv(csvLines.join('\n'), cols).periods).periods;

const numeric = ['rca', 'eci', 'pci', 'density', 'coi', 'cog', 'proximity'] as const;
const base = compute(lines)[0];

function expectSameResults(a: ComplexityPeriodResult, b: ComplexityPeriodResult, tol: number): void {
  expect(a.locations).toEqual(b.locations);
  expect(a.products).toEqual(b.products);
  expect(Array.from(a.mcp)).toEqual(Array.from(b.mcp));
  for (const key of numeric) closeTo(a[key], b[key], tol);
}

describe('properties of the engine on the real table', () => {
  it('never produces NaN or Infinity', () => {
    for (const key of [...numeric, 'values', 'diversity', 'ubiquity'] as const) {
      expect(base[key].every(Number.isFinite), key).toBe(true);
    }
  });

  it('does not depend on the order of the rows', () => {
    const random = mulberry32(42);
    const rows = lines.slice(1);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    expectSameResults(compute([lines[0], ...rows])[0], base, 0);
  });

  it('does not depend on the unit of the values', () => {
    const scaled = lines.map((line, i) => {
      if (i === 0) return line;
      const cells = line.split(',');
      cells[4] = String(Number(cells[4]) * 1000);
      return cells.join(',');
    });
    expectSameResults(compute(scaled)[0], base, 1e-9);
  });

  it('gives a location with a single product the complexity of that product', () => {
    let checked = 0;
    base.locations.forEach((_, c) => {
      if (base.diversity[c] !== 1) return;
      const p = base.mcp.subarray(c * base.products.length, (c + 1) * base.products.length).indexOf(1);
      expect(base.eci[c]).toBeCloseTo(base.pci[p], 12);
      checked++;
    });
    expect(checked).toBe(10);
  });

  it('computes each period of a multi-period table as if it were alone', () => {
    // A second year: every value of the first, with section 5 tripled and one country missing.
    const later = lines
      .slice(1)
      .filter((line) => !line.startsWith('asjpn,'))
      .map((line) => {
        const cells = line.split(',');
        if (cells[2] === '5') cells[4] = String(Number(cells[4]) * 3);
        return cells.join(',');
      });
    const both = [`year,${lines[0]}`, ...lines.slice(1).map((l) => `2020,${l}`), ...later.map((l) => `2021,${l}`)];
    const periods = compute(both, { ...columns, time: 'year' });
    expect(periods.map((p) => p.period)).toEqual(['2020', '2021']);
    expectSameResults(periods[0], base, 0);
    expectSameResults(periods[1], compute([lines[0], ...later])[0], 0);
    expect(periods[1].locations).not.toContain('asjpn');
  });
});
