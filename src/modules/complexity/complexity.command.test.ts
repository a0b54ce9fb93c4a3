import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runComplexityCommand } from './complexity.command.ts';
import { ComplexityInputError } from './complexity.errors.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'luoshi-complexity-cmd-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

// The 4 × 4 table of the options test, for two years, plus a location that exports exactly the
// world mix (RCA 1 everywhere) and a name that needs quoting.
const X = [
  [4, 2, 1, 1],
  [2, 2, 0, 0],
  [1, 1, 2, 0],
  [1, 1, 1, 1],
  [8, 6, 4, 2],
];
const names = ['A', 'B', 'C, the third', 'D', 'World'];
const products = ['p', 'q', 'r', 's'];

async function tableFile(): Promise<string> {
  const lines = ['year,region,industry,jobs,people,notes'];
  for (const year of [2021, 2020]) {
    X.forEach((row, c) =>
      row.forEach((v, p) => lines.push(`${year},"${names[c]}",${products[p]},${v},${(c + 1) * 10},ignored`)),
    );
  }
  const file = join(dir, 'table.csv');
  await writeFile(file, lines.join('\n'));
  return file;
}

const read = async (file: string) => parse(await readFile(file), { columns: true }) as Record<string, string>[];

describe('runComplexityCommand', () => {
  it('writes one row per location × product × year, with empty cells where complexity is undefined', async () => {
    const progress: string[] = [];
    const summary = await runComplexityCommand({
      file: await tableFile(),
      loc: 'region',
      prod: 'industry',
      val: 'jobs',
      time: 'year',
      threshold: 1.2,
      out: join(dir, 'out.csv'),
      proximity: join(dir, 'proximity.csv'),
      onProgress: (p) => progress.push(`${p.stage} ${p.done}/${p.total}`),
    });
    expect(summary).toEqual({
      rows: 40,
      locations: 5,
      products: 4,
      periods: 2,
      warnings: [
        '（2020）1 个地区（World）没有具备优势的产品，不计算 ECI（密度、COI 和 COG 照常计算） / 1 location (World) with no product present in period 2020: no ECI (density, COI and COG are still given)',
        '（2021）1 个地区（World）没有具备优势的产品，不计算 ECI（密度、COI 和 COG 照常计算） / 1 location (World) with no product present in period 2021: no ECI (density, COI and COG are still given)',
      ],
    });
    expect(progress[0]).toBe('read 1/12');
    expect(progress.at(-1)).toBe('write 12/12');

    const text = await readFile(join(dir, 'out.csv'), 'utf8');
    expect(text.split('\n', 1)[0]).toBe('region,industry,jobs,year,diversity,ubiquity,mcp,eci,pci,density,coi,cog,rca');
    expect(text).toContain('"C, the third",p,1,2020,');
    const rows = await read(join(dir, 'out.csv'));
    expect(rows.map((r) => r.year)).toEqual([...Array(20).fill('2020'), ...Array(20).fill('2021')]);
    const world = rows.find((r) => r.region === 'World' && r.industry === 'q')!;
    // Nothing present: no ECI, but density (0: its M row is 0), COI and COG, as for every location.
    expect(world).toMatchObject({ diversity: '0', mcp: '0', rca: '1', eci: '', density: '0' });
    for (const row of rows) {
      for (const column of ['eci', 'pci', 'density', 'coi', 'cog', 'rca']) {
        if (row.region === 'World' && column === 'eci') continue;
        expect(Number.isFinite(Number(row[column])) && row[column] !== '', `${row.region} ${column}`).toBe(true);
      }
    }

    const proximity = await read(join(dir, 'proximity.csv'));
    expect(Object.keys(proximity[0])).toEqual(['year', 'industry_1', 'industry_2', 'proximity']);
    expect(proximity).toHaveLength(2 * 4 * 3); // every ordered pair, no self-pairs
    expect(proximity.filter((r) => r.year === '2020' && r.industry_1 === 'q').map((r) => r.proximity)).toEqual([
      '0.5',
      '0',
      '0',
    ]);
  });

  it('adds an rpop column when presence is by population', async () => {
    await runComplexityCommand({
      file: await tableFile(),
      loc: 'region',
      prod: 'industry',
      val: 'jobs',
      time: 'year',
      pop: 'people',
      out: join(dir, 'out.csv'),
    });
    const rows = await read(join(dir, 'out.csv'));
    expect(Object.keys(rows[0]).slice(-2)).toEqual(['rca', 'rpop']);
    // A: jobs 4 of p for 10 people; p: 16 jobs for 150 people in all.
    const a = rows.find((r) => r.year === '2020' && r.region === 'A' && r.industry === 'p')!;
    expect(Number(a.rpop)).toBeCloseTo(4 / 10 / (16 / 150), 12);
  });

  it('refuses a bad table before writing anything', async () => {
    const file = join(dir, 'bad.csv');
    await writeFile(file, 'region,industry,jobs\nA,p,1\nA,q,x\nB,p,1\n');
    const out = join(dir, 'out.csv');
    await expect(runComplexityCommand({ file, loc: 'region', prod: 'industry', val: 'jobs', out })).rejects.toThrow(
      ComplexityInputError,
    );
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});
