/**
 * Benchmark of the enterprise import: `npx tsx bench/atlas-import.ts [ROWS] [--postgres URL] [--write]`.
 *
 * Generates ROWS (default 1,000,000) made-up enterprises (示例 names, codes that pass the GB 32100 check but are
 * nobody's, spread over the Beijing–Tianjin–Hebei regions) as one UTF-8 CSV, then imports it through the whole
 * path (`importEnterprises`: streaming parse, header detection, row checks, duplicate checks, search tokens,
 * batched inserts) into a fresh embedded database (PGlite in a temporary folder), or into a fresh database on
 * the PostgreSQL server at URL. Prints seconds, rows per second and peak memory; `--write` also rewrites the
 * "Atlas import" section of BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate, openDatabase } from '../src/server/db.ts';
import { ensureRegions } from '../src/modules/org/org.seed.ts';
import { systemActor } from '../src/modules/org/org.policy.ts';
import { importEnterprises } from '../src/modules/atlas/atlas.enterprises.import.service.ts';
import { withCheckChar } from '../src/modules/atlas/atlas.uscc.domain.ts';
import { machineLine, maxRss, scratchPostgres, writeSection } from './lib.ts';

const args = process.argv.slice(2);
const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const pgUrl = args.includes('--postgres') ? args[args.indexOf('--postgres') + 1] : undefined;
const REGIONS = ['110101', '110105', '110108', '120101', '120104', '120116', '130100', '130200', '130600', '131000'];
const SIZES = ['大型', '中型', '小型', '微型'];
const PRODUCTS = ['芯片', '传感器', '工业母机', '伺服电机', '锂电池', '氢燃料电池', '医疗器械', '生物试剂', '机器人', '汽车零部件'];

function generate(file: string) {
  const out = fs.openSync(file, 'w');
  let buf = '企业名称,统一社会信用代码,行政区划代码,地址,规模,从业人数,标签,主要产品,成立日期\n';
  for (let i = 0; i < rows; i++) {
    const region = REGIONS[i % REGIONS.length]!;
    const code = withCheckChar(`91${region}${String(i).padStart(9, '0')}`);
    buf += `示例企业${i}号科技有限公司,${code},${region},示例路${i % 1000}号,${SIZES[i % 4]},${i % 900},${i % 11 === 0 ? '专精特新' : ''},${PRODUCTS[i % 10]};${PRODUCTS[(i * 7) % 10]},20${String(i % 24).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}\n`;
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
  const file = path.join(dir, 'enterprises.csv');
  let t = performance.now();
  generate(file);
  const genSeconds = (performance.now() - t) / 1000;
  const scratch = pgUrl ? await scratchPostgres(pgUrl, `luoshi_bench_atlas_${process.pid}`) : null;
  const databaseUrl = scratch?.url ?? null;
  const handle = await openDatabase({ dataDir: path.join(dir, 'data'), databaseUrl });
  try {
    await migrate(handle.db);
    await ensureRegions(handle.db);
    let lastPct = -1;
    t = performance.now();
    const r = await importEnterprises({ db: handle.db, actor: systemActor('cli', 'bench') }, file, {
      onProgress: (p) => {
        const pct = Math.floor((p.bytes / p.totalBytes) * 10);
        if (pct !== lastPct) {
          lastPct = pct;
          process.stderr.write(`${pct * 10}% ${p.rows} rows ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
        }
      },
    });
    const seconds = (performance.now() - t) / 1000;
    const line = `${pgUrl ? 'PostgreSQL' : 'PGlite'}: ${r.imported.toLocaleString('en')} rows (${(fs.statSync(file).size / 1e6).toFixed(0)} MB CSV) imported in ${seconds.toFixed(1)} s (${Math.round(r.imported / seconds).toLocaleString('en')} rows/s), peak RSS ${maxRss()} MB; generating the file took ${genSeconds.toFixed(1)} s.`;
    console.log(line);
    if (args.includes('--write')) writeSection('atlas-import', `## Atlas import\n\n${machineLine()}\n\n${line}\n`);
  } finally {
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await scratch?.drop();
  }
}

await main();
