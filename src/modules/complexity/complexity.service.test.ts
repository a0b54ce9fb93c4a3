import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { backupDatabase, restoreDatabase } from '../../server/backup.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { PUBLIC_ACTOR } from '../org/org.policy.ts';
import { runComplexityCommand } from './complexity.command.ts';
import * as results from './complexity.results.service.ts';
import * as analyses from './complexity.service.ts';

const data = new URL('../../../test/fixtures/real/complexity/', import.meta.url);
const exportsCsv = readFileSync(new URL('global_exports.csv', data));
const columns = { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' };
type Row = Record<string, string>;
const reference = parse(readFileSync(new URL('oec_global_sections.ecomplexity.csv', data)), { columns: true }) as Row[];

let h: DatabaseHandle;
let duban: ServiceContext;
let fgw: ServiceContext;
let admin: ServiceContext;
let analysisId: string;

const count = async (table: 'complexity_analyses' | 'complexity_results' | 'audit_log') =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows[0].n;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [duban, fgw, admin] = await Promise.all([contextAs(h, 'duban'), contextAs(h, 'fgw'), contextAs(h, 'admin')]);
  const analysis = await analyses.createAnalysis(duban, { bytes: exportsCsv, fileName: 'global_exports.csv', options: { columns } }, { waitMs: Infinity });
  analysisId = analysis.id;
});
afterAll(async () => h?.close());

describe('an analysis of the OEC global sections table, stored and read back', () => {
  it('finishes with a summary of what it read and computed', async () => {
    const analysis = await analyses.getAnalysis(duban, analysisId);
    expect(analysis).toMatchObject({ status: 'done', progress: 1, error: null, name: 'global_exports', source_name: 'global_exports.csv', periods: [''] });
    expect(analysis.summary).toMatchObject({ rows: 4695, warnings: [], periods: [{ period: '', locations: 226, products: 21, complexLocations: 226, complexProducts: 21 }] });
    expect(analysis.options).toEqual({ columns, threshold: 1, asymmetric: false, continuous: false });
    expect(analysis.abilities).toEqual(['read', 'create', 'export', 'delete']);
    const audit = await h.db.selectFrom('audit_log').select(['action', 'summary']).where('entity_id', '=', analysisId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'complete']);
  });

  it('is stored, with its audit entries, under the region of the account that ran it, not 000000', async () => {
    const region = (await sql<{ r: string }>`select region_code as r from units where id = ${duban.actor.unitId}`.execute(h.db)).rows[0].r;
    expect(region).not.toBe('000000');
    const row = await h.db.selectFrom('complexity_analyses').select('region_code').where('id', '=', analysisId).executeTakeFirstOrThrow();
    expect(row.region_code).toBe(region);
    const audit = await h.db.selectFrom('audit_log').select('region_code').where('entity_id', '=', analysisId).execute();
    expect(new Set(audit.map((a) => a.region_code))).toEqual(new Set([region]));
  });

  it('gives back ECI and PCI equal to py-ecomplexity’s within 1e-9 after the round trip', async () => {
    const eci = new Map(reference.map((r) => [r['Country ID'], Number(r.eci)]));
    const pci = new Map(reference.map((r) => [r['Section ID'], Number(r.pci)]));
    const ranking = await results.eciRanking(duban, analysisId);
    expect(ranking.locations).toHaveLength(eci.size);
    for (const l of ranking.locations) expect(Math.abs(l.eci! - eci.get(l.location)!), l.location).toBeLessThanOrEqual(1e-9);
    expect(ranking.locations[0]).toMatchObject({ rank: 1, location: 'asxxb' });
    const space = await results.productSpace(duban, analysisId, {});
    expect(space.nodes).toHaveLength(pci.size);
    for (const n of space.nodes) expect(Math.abs(n.pci - pci.get(n.product)!), n.product).toBeLessThanOrEqual(1e-9);
  });

  it('reads one location’s RCA, presence, density and COG back from the stored matrices', async () => {
    const profile = await results.locationProfile(duban, analysisId, { location: 'eudeu' });
    expect(profile.location).toMatchObject({ location: 'eudeu', rank: 5, of: 226 });
    const theirs = reference.filter((r) => r['Country ID'] === 'eudeu');
    expect(profile.products).toHaveLength(theirs.length);
    for (const ref of theirs) {
      const p = profile.products.find((x) => x.product === ref['Section ID'])!;
      expect(p.mcp).toBe(Number(ref.mcp));
      // The reference keeps 12 significant digits.
      expect(Math.abs(p.value - Number(ref['Trade Value']))).toBeLessThanOrEqual(1e-11 * p.value);
      for (const key of ['density', 'cog', 'pci'] as const) expect(Math.abs(p[key]! - Number(ref[key])), key).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(p.rca - Number(ref.rca))).toBeLessThanOrEqual(1e-8 * Math.max(1, Number(ref.rca)));
    }
    expect(profile.products.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
  });

  it('ranks a location’s opportunities among the products it lacks, by balanced score or by one measure', async () => {
    const balanced = await results.topOpportunities(duban, analysisId, { location: 'afago', limit: 100 });
    expect(balanced.items.length).toBeGreaterThan(5);
    expect(balanced.items.every((p) => p.mcp === 0)).toBe(true);
    expect(balanced.items.map((p) => p.rank)).toEqual(balanced.items.map((_, i) => i + 1));
    for (const sort of ['cog', 'density', 'pci'] as const) {
      const { items } = await results.topOpportunities(duban, analysisId, { location: 'afago', sort, limit: 100 });
      const keys = items.map((p) => p[sort]!);
      expect(keys, sort).toEqual([...keys].sort((a, b) => b - a));
      expect(items).toHaveLength(balanced.items.length);
    }
    const chosen = await results.topOpportunities(duban, analysisId, { location: 'afago', products: [balanced.items[2].product, balanced.items[0].product] });
    expect(chosen.items.map((p) => p.product)).toEqual([balanced.items[0].product, balanced.items[2].product]);
  });

  it('draws the product space as a spanning tree plus the strongest links, average degree about 4.5', async () => {
    const space = await results.productSpace(duban, analysisId, { location: 'eudeu' });
    expect(space.edges.length).toBe(Math.round((4.5 * 21) / 2));
    expect(space.averageDegree).toBeGreaterThanOrEqual(4);
    expect(space.averageDegree).toBeLessThanOrEqual(5);
    // Connected: every node is reached from the first through the links.
    const reached = new Set([0]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const e of space.edges) {
        if (reached.has(e.source) !== reached.has(e.target)) {
          reached.add(e.source).add(e.target);
          grew = true;
        }
      }
    }
    expect(reached.size).toBe(21);
    const profile = await results.locationProfile(duban, analysisId, { location: 'eudeu' });
    expect(space.nodes.filter((n) => n.mcp === 1).map((n) => n.product).sort()).toEqual(profile.products.filter((p) => p.mcp === 1).map((p) => p.product).sort());
  });

  it('exports every result exactly as the CLI writes it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luoshi-complexity-'));
    try {
      await runComplexityCommand({ file: new URL('global_exports.csv', data).pathname, ...columns, out: join(dir, 'cli.csv') });
      const file = await results.exportResultsCsv(duban, analysisId);
      expect(file.fileName).toBe('global_exports-complexity.csv');
      expect(await text(file.stream)).toBe(await readFile(join(dir, 'cli.csv'), 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exports a location’s opportunities as xlsx with the note on atlas targets', async () => {
    const file = await results.exportOpportunities(fgw, analysisId, { location: 'afago', limit: 10, format: 'xlsx' });
    expect(file.fileName).toBe('global_exports-afago-机会产业.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('机会产业')!;
    expect(sheet.rowCount).toBe(12);
    const top = await results.topOpportunities(fgw, analysisId, { location: 'afago', limit: 1 });
    expect(sheet.getRow(3).getCell(2).value).toBe(top.items[0].product);
    expect(JSON.stringify(wb.getWorksheet('说明')!.getSheetValues())).toContain('atlas');
    const csv = await results.exportOpportunities(fgw, analysisId, { location: 'afago', limit: 3, format: 'csv' });
    expect(csv.buffer.toString('utf8').split('\n').filter(Boolean)).toHaveLength(4);
  });
  it('comes back whole from `luoshi backup` and `luoshi restore`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'luoshi-complexity-backup-'));
    const target = await openTestDatabase('empty');
    try {
      await backupDatabase(h.db, join(dir, 'all.gz'));
      await restoreDatabase(target.db, join(dir, 'all.gz'));
      const restored = { db: target.db, actor: duban.actor };
      const before = await results.exportResultsCsv(duban, analysisId);
      const after = await results.exportResultsCsv(restored, analysisId);
      expect(await text(after.stream)).toBe(await text(before.stream));
      const proximity = async (db: typeof h.db) => (await db.selectFrom('complexity_results').select('proximity').where('analysis_id', '=', analysisId).executeTakeFirstOrThrow()).proximity;
      expect(Buffer.compare(await proximity(target.db), await proximity(h.db))).toBe(0);
    } finally {
      await target.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a location with no product present', () => {
  // The options test's table plus World, which exports exactly the world mix (RCA 1 everywhere): nothing present at 1.2.
  const names = ['A', 'B', 'C', 'D', 'World'];
  const values = [[4, 2, 1, 1], [2, 2, 0, 0], [1, 1, 2, 0], [1, 1, 1, 1], [8, 6, 4, 2]];
  const table = ['loc,prod,val', ...values.flatMap((row, c) => row.map((v, p) => `${names[c]},${'pqrs'[p]},${v}`))].join('\n');
  const options = { columns: { loc: 'loc', prod: 'prod', val: 'val' }, threshold: 1.2 };
  const analyse = async () => (await analyses.createAnalysis(duban, { bytes: Buffer.from(table), fileName: 'bare.csv', options }, { waitMs: Infinity })).id;

  it('has no ECI or rank, but its COI, density and COG, and opportunities among every product', async () => {
    const id = await analyse();
    const profile = await results.locationProfile(duban, id, { location: 'World' });
    expect(profile.location).toMatchObject({ location: 'World', eci: null, rank: null, of: 4, diversity: 0 });
    expect(profile.location.coi).toEqual(expect.any(Number));
    // Discrete density is Σ M·φ / Σ φ over its products, and World has none.
    expect(profile.products.map((p) => p.density)).toEqual([0, 0, 0, 0]);
    expect(profile.products.map((p) => p.rank).sort()).toEqual([1, 2, 3, 4]);
    expect(profile.products.every((p) => Number.isFinite(p.cog))).toBe(true);
    const byCog = await results.topOpportunities(duban, id, { location: 'World', sort: 'cog' });
    expect(byCog.candidates).toBe(4);
    const cogs = byCog.items.map((p) => p.cog!);
    expect(cogs).toEqual([...cogs].sort((a, b) => b - a));
    const ranking = await results.eciRanking(duban, id);
    expect(ranking.locations.at(-1)).toMatchObject({ location: 'World', rank: null, eci: null, coi: profile.location.coi });

    const dir = await mkdtemp(join(tmpdir(), 'luoshi-complexity-bare-'));
    try {
      const file = join(dir, 'bare.csv');
      await writeFile(file, table);
      await runComplexityCommand({ file, ...options.columns, threshold: 1.2, out: join(dir, 'cli.csv') });
      expect(await text((await results.exportResultsCsv(duban, id)).stream)).toBe(await readFile(join(dir, 'cli.csv'), 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    await analyses.deleteAnalysis(duban, id);
  });

  it('still reads an analysis stored when only locations with a presence had density, COI and COG', async () => {
    const id = await analyse();
    const before = {
      d: await results.locationProfile(duban, id, { location: 'D' }),
      ranking: await results.eciRanking(duban, id),
      csv: await text((await results.exportResultsCsv(duban, id)).stream),
    };
    // The earlier layout: COI per complex location, density and COG a row per complex location.
    const stored = await h.db.selectFrom('complexity_results').select(['complex_locations', 'complex_products', 'coi', 'density', 'cog']).where('analysis_id', '=', id).executeTakeFirstOrThrow();
    const row = stored.complex_products.length * 8;
    const complexRows = (bytes: Buffer) => Buffer.concat(stored.complex_locations.map((c) => bytes.subarray(c * row, (c + 1) * row)));
    await h.db
      .updateTable('complexity_results')
      .set({ coi: stored.complex_locations.map((c) => stored.coi[c]), density: complexRows(stored.density), cog: complexRows(stored.cog) })
      .where('analysis_id', '=', id)
      .execute();

    expect(await results.locationProfile(duban, id, { location: 'D' })).toEqual(before.d);
    const world = await results.locationProfile(duban, id, { location: 'World' });
    expect(world.location).toMatchObject({ eci: null, coi: null });
    expect(world.products.map((p) => [p.density, p.cog, p.rank])).toEqual(Array(4).fill([null, null, null]));
    expect((await results.topOpportunities(duban, id, { location: 'World' })).candidates).toBe(0);
    expect((await results.eciRanking(duban, id)).locations).toEqual(before.ranking.locations.map((l) => (l.location === 'World' ? { ...l, coi: null } : l)));
    // density, coi and cog are columns 10–12: empty for World, as the CLI wrote them then.
    const emptied = before.csv.split('\n').map((line) => (line.startsWith('World,') ? line.split(',').map((cell, i) => (i >= 9 && i <= 11 ? '' : cell)).join(',') : line));
    expect(await text((await results.exportResultsCsv(duban, id)).stream)).toBe(emptied.join('\n'));
    await analyses.deleteAnalysis(duban, id);
  });
});

describe('a table with periods', () => {
  it('computes each period on its own and reads any of them', async () => {
    const rows = exportsCsv.toString('utf8').trim().split('\n');
    const table = [`year,${rows[0]}`, ...['2019', '2020', '2021'].flatMap((y) => rows.slice(1).map((r) => `${y},${r}`))].join('\n');
    const analysis = await analyses.createAnalysis(duban, { bytes: Buffer.from(table), fileName: 'years.csv', options: { columns: { ...columns, time: 'year' } } }, { waitMs: Infinity });
    expect(analysis.periods).toEqual(['2019', '2020', '2021']);
    const last = await results.eciRanking(duban, analysis.id);
    const first = await results.eciRanking(duban, analysis.id, { period: '2019' });
    expect(last.period).toBe('2021');
    expect(first.locations).toEqual(last.locations);
    const file = await text((await results.exportResultsCsv(duban, analysis.id)).stream);
    expect(file.split('\n', 1)[0]).toBe('Country ID,Section ID,Trade Value,year,diversity,ubiquity,mcp,eci,pci,density,coi,cog,rca');
    expect(file.trimEnd().split('\n')).toHaveLength(3 * 226 * 21 + 1);
    await expect(results.eciRanking(duban, analysis.id, { period: '1999' })).rejects.toThrow(/Period "1999"/);
    await analyses.deleteAnalysis(duban, analysis.id);
  });
});

describe('refusals', () => {
  it('refuses a bad table with its line and column, storing nothing', async () => {
    const before = await Promise.all([count('complexity_analyses'), count('audit_log')]);
    const lines = exportsCsv.toString('utf8').split('\n');
    lines[41] = lines[41].replace(/,\d+$/, ',12x');
    const error = await analyses
      .createAnalysis(duban, { bytes: Buffer.from(lines.join('\n')), fileName: 'bad.csv', options: { columns } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe('bad.csv：第 42 行“Trade Value”列：“12x”不是数字 / bad.csv: Column "Trade Value", line 42: "12x" is not a number');
    expect((error as ValidationError).details).toEqual([{ field: 'Trade Value', line: 42, message: expect.stringContaining('"12x" is not a number') }]);
    const missing = await analyses.createAnalysis(duban, { bytes: exportsCsv, fileName: 'x.csv', options: { columns: { ...columns, val: 'Exports' } } }).catch((e: unknown) => e);
    expect((missing as ValidationError).details[0]).toMatchObject({ field: 'Exports', line: 1 });
    expect(await Promise.all([count('complexity_analyses'), count('audit_log')])).toEqual(before);
  });

  it('refuses a table with more products than it would store, before running it', async () => {
    const before = await count('complexity_analyses');
    const wide = ['loc,prod,val', ...Array.from({ length: 2501 }, (_, p) => `a,p${p},1\nb,p${p},${p % 3}`)].join('\n');
    const error = await analyses.createAnalysis(duban, { bytes: Buffer.from(wide), fileName: 'wide.csv', options: { columns: { loc: 'loc', prod: 'prod', val: 'val' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('2501');
    expect(await count('complexity_analyses')).toBe(before);
  });

  it('records a run the engine cannot compute as failed, with the reason', async () => {
    const flat = 'loc,prod,val\na,x,1\na,y,2\nb,x,2\nb,y,4\n';
    const analysis = await analyses.createAnalysis(duban, { bytes: Buffer.from(flat), fileName: 'flat.csv', options: { columns: { loc: 'loc', prod: 'prod', val: 'val' } } }, { waitMs: Infinity });
    expect(analysis.status).toBe('failed');
    expect(analysis.error).toMatch(/every location has the same set of products/);
    await expect(results.eciRanking(duban, analysis.id)).rejects.toBeInstanceOf(ConflictError);
    await analyses.deleteAnalysis(duban, analysis.id);
  });

  it('lets editors run, anyone signed in read, and whoever may run analyses (not a viewer) delete them', async () => {
    const pub = { db: h.db, actor: PUBLIC_ACTOR };
    await expect(analyses.listAnalyses(pub)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(analyses.createAnalysis(pub, { bytes: exportsCsv, fileName: 'x.csv', options: { columns } })).rejects.toBeInstanceOf(ForbiddenError);
    // A unit viewer reads, and may neither start nor delete an analysis.
    const swj = await contextAs(h, 'swj');
    const seen = (await analyses.listAnalyses(swj)).find((a) => a.id === analysisId)!;
    expect(seen.abilities).toEqual(['read', 'export']);
    await expect(analyses.createAnalysis(swj, { bytes: exportsCsv, fileName: 'x.csv', options: { columns } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(analyses.deleteAnalysis(swj, analysisId)).rejects.toBeInstanceOf(ForbiddenError);
    // An editor may delete an analysis another person ran: analyses belong to those who may run them.
    expect((await analyses.listAnalyses(fgw)).find((a) => a.id === analysisId)!.abilities).toContain('delete');

    const own = await analyses.createAnalysis(fgw, { bytes: exportsCsv, fileName: 'mine.csv', options: { columns, continuous: true } }, { waitMs: Infinity });
    expect(own.abilities).toContain('delete');
    await analyses.deleteAnalysis(fgw, own.id);
    const other = await analyses.createAnalysis(fgw, { bytes: exportsCsv, fileName: 'theirs.csv', options: { columns } }, { waitMs: Infinity });
    await analyses.deleteAnalysis(admin, other.id);
    expect((await analyses.listAnalyses(duban)).map((a) => a.id)).not.toContain(other.id);
    expect(await h.db.selectFrom('complexity_results').select('analysis_id').where('analysis_id', '=', other.id).execute()).toEqual([]);
  });
});
