/**
 * Atlas at scale: `npx tsx bench/atlas.ts [ROWS] [--postgres URL] [--reads-only] [--write]`.
 *
 * Into a fresh database (PGlite in a temporary folder, or a fresh database on the PostgreSQL server at URL): a
 * generated 300-segment chain, then ROWS made-up enterprises imported from one CSV through the whole import path
 * (parse, checks, duplicates, search tokens, pinyin key, staging table, one INSERT … SELECT); the same rows copied
 * by the database's own COPY into a table of the same shape and indexes (the floor; the ratio is reported); the
 * enterprises linked to the chain's segments; then the coverage matrix of the chain over 60 regions, 成龙配套 for
 * one enterprise and two-character name searches (天津, 芯片), each repeated, medians and p95. `--reads-only` leaves
 * out the COPY floor (the data is still imported, the import's time still shown): for comparing the reads of two
 * versions of the code at the same size. `--keep NAME` (with `--postgres`) loads into the database NAME and keeps it;
 * run again with the same `--keep NAME`, it finds the rows there and only measures the reads (for A/B comparisons of
 * two versions of the code on one database; drop it by hand afterwards). `--keep-dir DIR` does the same for PGlite
 * with the data directory DIR.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import type { ServiceContext } from '../src/server/service-context.ts';
import { migrate, openDatabase } from '../src/server/db.ts';
import { ensureRegions } from '../src/modules/org/org.seed.ts';
import { systemActor } from '../src/modules/org/org.policy.ts';
import { importEnterprises } from '../src/modules/atlas/atlas.enterprises.import.service.ts';
import { importChain } from '../src/modules/atlas/atlas.chains.service.ts';
import { chainCoverage, matchEnterprise } from '../src/modules/atlas/atlas.analysis.service.ts';
import { searchEnterprises } from '../src/modules/atlas/atlas.directory.service.ts';
import { linkSeededEnterprises } from '../src/modules/atlas/atlas.scale.ts';
import { withCheckChar } from '../src/modules/atlas/atlas.uscc.domain.ts';
import { keptPostgres, machineLine, maxRss, scratchPostgres, writeSection } from './lib.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const pgUrl = args.includes('--postgres') ? args[args.indexOf('--postgres') + 1] : undefined;
const SIZES = ['大型', '中型', '小型', '微型'];
const PRODUCTS = ['芯片', '传感器', '工业母机', '伺服电机', '锂电池', '氢燃料电池', '医疗器械', '生物试剂', '机器人', '汽车零部件'];
const PLACES = ['天津', '北京', '石家庄', '唐山', '保定', '廊坊', '滨海', '海淀'];

function chainFile() {
  const segments: Record<string, unknown>[] = [];
  const stages = ['upstream', 'midstream', 'downstream'];
  for (let a = 0; a < 3; a++) {
    segments.push({ id: `b.s${a}`, name: `示例阶段${a}`, stage: stages[a] });
    for (let b = 0; b < 11; b++) {
      segments.push({ id: `b.s${a}.g${b}`, name: `示例环节${a}-${b}`, parent: `b.s${a}` });
      for (let c = 0; c < 8; c++) segments.push({ id: `b.s${a}.g${b}.l${c}`, name: `示例细分${a}-${b}-${c}`, parent: `b.s${a}.g${b}` });
    }
  }
  const leaves = segments.filter((s) => String(s.id).split('.').length === 4).map((s) => String(s.id));
  const edges = leaves.filter((l) => l.startsWith('b.s0')).flatMap((l, i) => [{ from: l, to: leaves[88 + (i % 88)]! }, { from: leaves[88 + (i % 88)]!, to: leaves[176 + (i % 88)]! }]);
  const unique = [...new Map(edges.map((e) => [`${e.from}>${e.to}`, e])).values()];
  return { format: 'luoshi-atlas-chain', formatVersion: 1, chain: { id: 'bench-chain', name: '示例基准产业链', version: '1' }, segments: segments.slice(0, 300), edges: unique.filter((e) => segments.slice(0, 300).some((s) => s.id === e.to)) };
}

function generate(file: string, regions: string[]) {
  const out = fs.openSync(file, 'w');
  let buf = '企业名称,统一社会信用代码,行政区划代码,地址,规模,从业人数,标签,主要产品,成立日期,经度,纬度\n';
  for (let i = 0; i < rows; i++) {
    const region = regions[i % regions.length]!;
    const code = withCheckChar(`91${region}${String(i).padStart(9, '0')}`);
    const coords = i % 3 === 0 ? `${(115.5 + (i % 300) / 100).toFixed(4)},${(38.5 + (i % 200) / 100).toFixed(4)}` : ',';
    buf += `${PLACES[i % PLACES.length]}示例${i}号${PRODUCTS[i % 10]}科技有限公司,${code},${region},示例路${i % 1000}号,${SIZES[i % 4]},${i % 900},${i % 11 === 0 ? '专精特新' : i % 97 === 0 ? '链主' : ''},${PRODUCTS[i % 10]};${PRODUCTS[(i * 7) % 10]},20${String(i % 24).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10},${coords}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
}

const ms = (t: number) => performance.now() - t;
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! };
}
async function repeat(n: number, f: (i: number) => Promise<unknown>) {
  await f(0);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i + 1);
    out.push(ms(t));
  }
  return stats(out);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlasscale-bench-'));
  const file = path.join(dir, 'enterprises.csv');
  const keep = args.includes('--keep') ? args[args.indexOf('--keep') + 1] : undefined;
  if (keep && (!pgUrl || !/^[a-z_][a-z0-9_]*$/.test(keep))) throw new Error('--keep NAME needs --postgres URL and a lower-case database name');
  const kept = keep ? await keptPostgres(pgUrl!, keep) : null;
  const scratch = pgUrl && !keep ? await scratchPostgres(pgUrl, `luoshi_bench_atlasscale_${process.pid}`) : null;
  const databaseUrl = kept?.url ?? scratch?.url ?? null;
  // `--keep-dir DIR` (PGlite): the data directory DIR is kept; found there again, only the reads are measured.
  const keptDir = !pgUrl && args.includes('--keep-dir') ? path.resolve(args[args.indexOf('--keep-dir') + 1]!) : undefined;
  const keptDirFound = keptDir ? fs.existsSync(path.join(keptDir, 'pglite', 'PG_VERSION')) : false;
  const handle = await openDatabase({ dataDir: keptDir ?? path.join(dir, 'data'), databaseUrl });
  const ctx = { db: handle.db, actor: systemActor('cli', 'bench') };
  const kind = pgUrl ? 'PostgreSQL' : 'PGlite';
  try {
    await migrate(handle.db);
    await ensureRegions(handle.db);
    const regionRows = await handle.db.selectFrom('regions').select(['code', 'level']).orderBy('code').execute();
    if ((kept && !kept.created) || keptDirFound) {
      await measureReads(ctx, regionRows, kind, `${kind}, kept ${kept ? `database ${keep}` : `data directory ${keptDir}`}`);
      return;
    }
    const districts = regionRows.filter((r) => r.level === 'county' || r.level === 'prefecture').map((r) => r.code);
    generate(file, districts);
    await importChain(ctx, chainFile());

    let t = performance.now();
    const r = await importEnterprises(ctx, file);
    const importS = ms(t) / 1000;

    // The floor: the database's own COPY of the same rows (as imported) into a table of the same shape and indexes.
    const readsOnly = args.includes('--reads-only');
    const cols = 'region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin, lat, lng';
    if (!readsOnly) await sql.raw('create table bench_copy (like atlas_enterprises including all)').execute(handle.db);
    let copyS = NaN;
    if (readsOnly) {
      // No floor.
    } else if (handle.pglite) {
      const out = await handle.pglite.query(`copy (select ${cols} from atlas_enterprises) to '/dev/blob'`);
      t = performance.now();
      await handle.pglite.query(`copy bench_copy (${cols}) from '/dev/blob'`, [], { blob: out.blob });
      copyS = ms(t) / 1000;
    } else {
      const dump = path.join(dir, 'copy.tsv');
      execFileSync('psql', [databaseUrl!, '-qc', `\\copy (select ${cols} from atlas_enterprises) to '${dump}'`]);
      t = performance.now();
      execFileSync('psql', [databaseUrl!, '-qc', `\\copy bench_copy (${cols}) from '${dump}'`]);
      copyS = ms(t) / 1000;
    }
    if (!readsOnly) await sql.raw('drop table bench_copy').execute(handle.db);
    // Statistics first: planned on an unanalysed directory, the links' insert (with its not-exists test against the
    // table it fills) took over 10 minutes at 200,000 enterprises on a loaded machine.
    await sql.raw('analyze atlas_enterprises').execute(handle.db);
    t = performance.now();
    const links = await linkSeededEnterprises(handle.db);
    const linkS = ms(t) / 1000;
    await sql.raw('analyze').execute(handle.db);

    const head = `${kind}, ${r.imported.toLocaleString('en')} enterprises (${(fs.statSync(file).size / 1e6).toFixed(0)} MB CSV, coordinates in one row of three), 300-segment chain, ${links.toLocaleString('en')} links (made in ${linkS.toFixed(1)} s):`;
    const importLine = readsOnly
      ? `- import through validation ${importS.toFixed(1)} s (${Math.round(r.imported / importS).toLocaleString('en')} rows/s)`
      : `- import through validation ${importS.toFixed(1)} s (${Math.round(r.imported / importS).toLocaleString('en')} rows/s); the database's own COPY of the same rows into a table with the same indexes ${copyS.toFixed(1)} s; ratio ${(importS / copyS).toFixed(1)}×`;
    await measureReads(ctx, regionRows, kind, head, [importLine]);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

/** The reads: coverage of the bench chain over 60 regions, 成龙配套 for 40 linked enterprises in turn, two searches. */
async function measureReads(ctx: ServiceContext, regionRows: { code: string; level: string }[], kind: string, head: string, before: string[] = []) {
  const db = ctx.db;
  const chainId = (await db.selectFrom('atlas_chains').select('id').where('name', '=', '示例基准产业链').executeTakeFirstOrThrow()).id;
  const regions = [...regionRows.filter((x) => x.level !== 'zone').map((x) => x.code).slice(0, 57), 'jjj', 'yrd', 'gba'].join(',');
  const coverage = await repeat(5, () => chainCoverage(ctx, chainId, { regions }));
  const usccs = (await db.selectFrom('atlas_enterprise_segments as l').innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id')).select('e.uscc').where('l.decision', '<>', 'rejected').orderBy('l.enterprise_id').limit(40).execute()).map((x) => x.uscc!);
  const match = await repeat(20, (i) => matchEnterprise(ctx, usccs[i % usccs.length]!));
  const queries = ['天津', '芯片'];
  const search = await repeat(20, (i) => searchEnterprises(ctx, { q: queries[i % 2] }));

  const f = (x: number) => x.toFixed(0);
  const lines = [
    head,
    ...before,
    `- coverage matrix, 300 segments × 60 regions: median ${f(coverage.median)} ms, p95 ${f(coverage.p95)} ms (goal < 200 ms)`,
    `- 成龙配套 for one enterprise: median ${f(match.median)} ms, p95 ${f(match.p95)} ms (goal p95 < 50 ms)`,
    `- two-character name search (天津, 芯片): median ${f(search.median)} ms, p95 ${f(search.p95)} ms (goal p95 < 50 ms)`,
    `- peak RSS ${maxRss()} MB; load average ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}`,
  ];
  console.log(lines.join('\n'));
  if (args.includes('--answers')) await writeAnswers(ctx, args[args.indexOf('--answers') + 1]!, chainId, regions, usccs, queries);
  if (args.includes('--write')) {
    writeSection(`atlas-scale-${kind.toLowerCase()}`, `### Atlas at scale — ${kind}\n\n${machineLine()}\n\n${lines.join('\n')}\n`);
  }
}

/**
 * `--answers FILE`: the reads' answers as JSON (the coverage matrix, 成龙配套 for the 40 enterprises and for about 130
 * more linked ones sampled repeatably from the links' table, both searches' first pages), so that two versions of the
 * code can be compared byte for byte on one database (`cmp` the two files).
 */
async function writeAnswers(ctx: ServiceContext, file: string, chainId: string, regions: string, usccs: string[], queries: string[]) {
  const { rows } = await sql<{ uscc: string }>`select distinct e.uscc from atlas_enterprise_segments l tablesample bernoulli (0.01) repeatable (42)
    join atlas_enterprises e on e.region_code = l.region_code and e.id = l.enterprise_id where l.decision <> 'rejected' order by e.uscc`.execute(ctx.db);
  const out: Record<string, unknown> = { coverage: await chainCoverage(ctx, chainId, { regions }), confirmedOnly: await chainCoverage(ctx, chainId, { regions, confirmedOnly: true }) };
  for (const u of [...usccs, ...rows.map((r) => r.uscc)]) out[`match ${u}`] = await matchEnterprise(ctx, u);
  for (const q of queries) out[`search ${q}`] = await searchEnterprises(ctx, { q });
  fs.writeFileSync(file, JSON.stringify(out, null, 1));
  console.log(`answers: ${Object.keys(out).length} written to ${file}`);
}

await main();
