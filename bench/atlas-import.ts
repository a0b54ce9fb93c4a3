/**
 * Benchmark of the enterprise import: `npx tsx bench/atlas-import.ts [ROWS] [--postgres URL] [--file CSV] [--floor] [--trace] [--write]`.
 *
 * Generates ROWS (default 1,000,000) made-up enterprises as one UTF-8 CSV, the same rows as bench/atlas.ts makes
 * (示例 names, codes that pass the GB 32100 check but are nobody's, spread over the districts, coordinates in one row
 * of three), then imports it through the whole path (`importEnterprises`: streaming parse, header detection, row
 * checks, duplicate checks, search terms, pinyin key, staging, the move into the directory, VACUUM) into a fresh
 * embedded database (PGlite in a temporary folder), or into a fresh database on the PostgreSQL server at URL.
 * `--file CSV` keeps the file there (made when missing, reused when present): for A/B runs of two versions of the
 * code on the same rows. `--floor` also times the database's own COPY of the same rows into a table of the
 * directory's shape and indexes, and prints the ratio. `--trace` prints the time of each phase. Prints seconds, rows
 * per second, peak memory and the load average; `--write` also rewrites the "Atlas import" section of BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { migrate, openDatabase } from '../src/server/db.ts';
import { ensureRegions } from '../src/modules/org/org.seed.ts';
import { systemActor } from '../src/modules/org/org.policy.ts';
import { importEnterprises } from '../src/modules/atlas/atlas.enterprises.import.service.ts';
import { withCheckChar } from '../src/modules/atlas/atlas.uscc.domain.ts';
import { machineLine, maxRss, scratchPostgres, writeSection } from './lib.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const pgUrl = option('--postgres');
const keptFile = option('--file');
const SIZES = ['大型', '中型', '小型', '微型'];
const PRODUCTS = ['芯片', '传感器', '工业母机', '伺服电机', '锂电池', '氢燃料电池', '医疗器械', '生物试剂', '机器人', '汽车零部件'];
const PLACES = ['天津', '北京', '石家庄', '唐山', '保定', '廊坊', '滨海', '海淀'];
const load = () => os.loadavg().map((x) => x.toFixed(1)).join(', ');

/** The rows of bench/atlas.ts. */
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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-bench-'));
  const file = keptFile ?? path.join(dir, 'enterprises.csv');
  const scratch = pgUrl ? await scratchPostgres(pgUrl, `luoshi_bench_atlas_${process.pid}`) : null;
  const databaseUrl = scratch?.url ?? null;
  const handle = await openDatabase({ dataDir: path.join(dir, 'data'), databaseUrl });
  try {
    await migrate(handle.db);
    await ensureRegions(handle.db);
    let t = performance.now();
    if (!fs.existsSync(file)) {
      const regions = await handle.db.selectFrom('regions').select(['code', 'level']).orderBy('code').execute();
      generate(file, regions.filter((r) => r.level === 'county' || r.level === 'prefecture').map((r) => r.code));
      console.log(`generated ${file} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const loadBefore = load();
    let lastPct = -1;
    const phases: string[] = [];
    t = performance.now();
    const r = await importEnterprises({ db: handle.db, actor: systemActor('cli', 'bench') }, file, {
      onProgress: (p) => {
        const pct = Math.floor((p.bytes / p.totalBytes) * 10);
        if (pct !== lastPct && args.includes('--trace')) {
          lastPct = pct;
          process.stderr.write(`${pct * 10}% ${p.rows} rows ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
        }
      },
      onPhase: (name, ms) => phases.push(`  ${name}: ${(ms / 1000).toFixed(1)} s`),
    });
    const seconds = (performance.now() - t) / 1000;
    const loadAfter = load();
    let floor = '';
    if (args.includes('--floor')) {
      // The database's own COPY of the same rows (as imported) into a table of the same shape and indexes.
      const cols = 'region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, name_pinyin, lat, lng';
      await sql.raw('create table bench_copy (like atlas_enterprises including all)').execute(handle.db);
      let copyS: number;
      if (handle.pglite) {
        const out = await handle.pglite.query(`copy (select ${cols} from atlas_enterprises) to '/dev/blob'`);
        t = performance.now();
        await handle.pglite.query(`copy bench_copy (${cols}) from '/dev/blob'`, [], { blob: out.blob });
        copyS = (performance.now() - t) / 1000;
      } else {
        const dump = path.join(dir, 'copy.tsv');
        execFileSync('psql', [databaseUrl!, '-qc', `\\copy (select ${cols} from atlas_enterprises) to '${dump}'`]);
        t = performance.now();
        execFileSync('psql', [databaseUrl!, '-qc', `\\copy bench_copy (${cols}) from '${dump}'`]);
        copyS = (performance.now() - t) / 1000;
      }
      await sql.raw('drop table bench_copy').execute(handle.db);
      floor = `; the database's own COPY of the same rows into a table with the directory's indexes ${copyS.toFixed(1)} s (load ${load()}), ratio ${(seconds / copyS).toFixed(1)}×`;
    }
    const line = `${pgUrl ? 'PostgreSQL' : 'PGlite'}: ${r.imported.toLocaleString('en')} rows (${(fs.statSync(file).size / 1e6).toFixed(0)} MB CSV) imported in ${seconds.toFixed(1)} s (${Math.round(r.imported / seconds).toLocaleString('en')} rows/s), peak RSS ${maxRss()} MB, load average ${loadBefore} before and ${loadAfter} after${floor}.`;
    console.log(line);
    if (args.includes('--trace')) console.log(phases.join('\n'));
    if (args.includes('--write')) writeSection('atlas-import', `## Atlas import\n\n${machineLine()}\n\n${line}\n`);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

await main();
