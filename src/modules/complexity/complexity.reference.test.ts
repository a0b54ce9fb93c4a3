import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runComplexityCommand } from './complexity.command.ts';

// py-ecomplexity 0.5.2's output for a real table (see test/fixtures/real/README.md).
const data = new URL('../../../test/fixtures/real/complexity/', import.meta.url);
const columns = { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' };
const tolerance: Record<string, number> = { rca: 1e-8 };

type Row = Record<string, string>;
const readCsv = async (path: string | URL): Promise<Row[]> => parse(await readFile(path), { columns: true }) as Row[];

describe('complexity on the OEC global sections table, against py-ecomplexity 0.5.2', () => {
  let dir: string;
  let summary: Awaited<ReturnType<typeof runComplexityCommand>>;
  let ours: Row[];
  let theirs: Row[];
  let ourProximity: Row[];
  let theirProximity: Row[];
  let meta: { rows_in: number; rows_out: number; locations: number; products: number };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'luoshi-complexity-'));
    summary = await runComplexityCommand({
      file: new URL('global_exports.csv', data).pathname,
      ...columns,
      out: join(dir, 'out.csv'),
      proximity: join(dir, 'proximity.csv'),
    });
    ours = await readCsv(join(dir, 'out.csv'));
    ourProximity = await readCsv(join(dir, 'proximity.csv'));
    theirs = await readCsv(new URL('oec_global_sections.ecomplexity.csv', data));
    theirProximity = await readCsv(new URL('oec_global_sections.proximity.csv', data));
    meta = JSON.parse(await readFile(new URL('oec_global_sections.meta.json', data), 'utf8'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports the shape the reference run recorded', () => {
    expect(summary).toMatchObject({
      rows: meta.rows_out,
      locations: meta.locations,
      products: meta.products,
      periods: 1,
      warnings: [],
    });
  });

  it('writes the same header, in the same order', async () => {
    const header = (await readFile(join(dir, 'out.csv'), 'utf8')).split('\n', 1)[0];
    const reference = (await readFile(new URL('oec_global_sections.ecomplexity.csv', data), 'utf8')).split('\n', 1)[0];
    expect(header).toBe(reference);
    const proximityHeader = (await readFile(join(dir, 'proximity.csv'), 'utf8')).split('\n', 1)[0];
    expect(proximityHeader).toBe('year,Section ID_1,Section ID_2,proximity');
  });

  it('matches every column of every row', () => {
    expect(ours).toHaveLength(theirs.length);
    const byKey = new Map(ours.map((r) => [`${r['Country ID']}|${r['Section ID']}`, r]));
    const worst: Record<string, number> = {};
    for (const ref of theirs) {
      const row = byKey.get(`${ref['Country ID']}|${ref['Section ID']}`);
      expect(row, `${ref['Country ID']} × ${ref['Section ID']}`).toBeDefined();
      for (const [column, expected] of Object.entries(ref)) {
        if (column === 'Country ID' || column === 'Section ID') continue;
        const got = Number(row![column]);
        expect(row![column], column).not.toBe('');
        expect(Number.isFinite(got), `${column} is a number`).toBe(true);
        // The reference keeps 12 significant digits, so large values (trade in USD) compare relatively.
        const error = Math.abs(got - Number(expected)) / Math.max(1, Math.abs(Number(expected)));
        worst[column] = Math.max(worst[column] ?? 0, error);
      }
    }
    for (const [column, error] of Object.entries(worst)) {
      expect(error, `largest error in ${column}`).toBeLessThanOrEqual(tolerance[column] ?? 1e-9);
    }
    expect(Object.keys(worst).sort()).toEqual(
      ['Trade Value', 'year', 'diversity', 'ubiquity', 'mcp', 'eci', 'pci', 'density', 'coi', 'cog', 'rca'].sort(),
    );
  });

  it('matches the proximity of every pair of products', () => {
    expect(ourProximity).toHaveLength(theirProximity.length);
    const byPair = new Map(ourProximity.map((r) => [`${r['Section ID_1']}|${r['Section ID_2']}`, r]));
    for (const ref of theirProximity) {
      const row = byPair.get(`${ref['Section ID_1']}|${ref['Section ID_2']}`)!;
      expect(row.year).toBe(ref.year);
      expect(Math.abs(Number(row.proximity) - Number(ref.proximity))).toBeLessThanOrEqual(1e-9);
    }
  });
});
