import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeComplexity, type ComplexityProgress } from './complexity.domain.ts';
import { ComplexityInputError } from './complexity.errors.ts';
import { parseComplexityCsv } from './complexity.table.ts';
import { computeComplexityInWorker } from './complexity.worker.ts';

const data = new URL('../../../test/fixtures/real/complexity/', import.meta.url);
const table = parseComplexityCsv(readFileSync(new URL('global_exports.csv', data)), {
  loc: 'Country ID',
  prod: 'Section ID',
  val: 'Trade Value',
});

describe('computeComplexityInWorker', () => {
  it('gives exactly what the inline computation gives, and reports progress', async () => {
    const progress: ComplexityProgress[] = [];
    const options = { continuous: true };
    const inWorker = await computeComplexityInWorker({ periods: table.periods, options }, (p) => progress.push(p));
    const inline = computeComplexity(table.periods, options);
    expect(inWorker).toEqual(inline);
    expect(inWorker.periods[0].eci).toBeInstanceOf(Float64Array);
    expect(progress.map((p) => p.stage)).toEqual(['presence', 'eci', 'proximity', 'density', 'outlook']);
    expect(progress.at(-1)).toMatchObject({ done: 5, total: 5 });
  });

  it('rejects bad input with the same ComplexityInputError', async () => {
    const flat = { period: '', locations: ['a', 'b'], products: ['x', 'y'], values: Float64Array.of(1, 2, 2, 4) };
    const error = await computeComplexityInWorker({ periods: [flat] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComplexityInputError);
    expect((error as ComplexityInputError).en).toMatch(/every location has the same set of products/);
    expect((error as ComplexityInputError).zh).toMatch(/各地区具备优势的产品完全相同/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const running = computeComplexityInWorker({ periods: table.periods }, undefined, controller.signal);
    controller.abort(new Error('no longer needed'));
    await expect(running).rejects.toThrow('no longer needed');
  });
});
