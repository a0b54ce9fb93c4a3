/**
 * Benchmark of the task-division table engine: `npx tsx bench/plans.bench.ts`.
 *
 * Import: a generated 5,000-task table in the official layout (two group levels, merged
 * leaders) read by `readTaskTable`, against ExcelJS loading the same file and turning every
 * cell into text with no table logic. Export: 100,000 tasks streamed from a generator (as from
 * a database cursor) by `writeTaskTable`, against ExcelJS's streaming writer putting the same
 * values in plain rows (no styles, merges or group rows). Every measurement runs in its own
 * child process, so its peak RSS (`resourceUsage().maxRSS`) is its own. Prints the figures and
 * rewrites the "Task tables" section of BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { writeTaskTable } from '../src/modules/ledger/ledger.xlsx.export.ts';
import { cellText, readTaskTable } from '../src/modules/ledger/ledger.xlsx.import.ts';
import { planTasks } from '../test/fixtures/plans/generate.ts';
import { maxRss, median, writeSection } from './lib.ts';

const IMPORT_TASKS = 5_000;
const EXPORT_TASKS = 100_000;
const IMPORT_RUNS = 5;
const EXPORT_RUNS = 3;
const GOALS = { importSeconds: 5, exportSeconds: 15, exportMegabytes: 500 };

type Part = 'idle' | 'import-baseline' | 'import' | 'export-baseline' | 'export';

interface Measurement {
  part: Part;
  seconds: number[];
  maxRssMegabytes: number;
  detail?: Record<string, number | string>;
}

async function measure(part: Part): Promise<Measurement> {
  if (part === 'idle') return { part, seconds: [], maxRssMegabytes: maxRss() };
  if (part === 'import' || part === 'import-baseline') {
    const bytes = await tableBytes(IMPORT_TASKS);
    const seconds: number[] = [];
    let detail: Record<string, number | string> = { fileKilobytes: Math.round(bytes.length / 1024) };
    for (let i = 0; i < IMPORT_RUNS; i++) {
      const started = performance.now();
      if (part === 'import') {
        const result = await readTaskTable(bytes, 'bench.xlsx');
        detail = { ...detail, tasks: result.tasks.length, groups: result.groups.length, problems: result.problems.length };
      } else {
        detail = { ...detail, cells: await readCellsOnly(bytes) };
      }
      seconds.push((performance.now() - started) / 1000);
    }
    return { part, seconds, maxRssMegabytes: maxRss(), detail };
  }
  const dir = mkdtempSync(join(tmpdir(), 'plans-bench-'));
  const file = join(dir, 'out.xlsx');
  try {
    const started = performance.now();
    const detail: Record<string, number | string> = {};
    if (part === 'export') {
      const summary = await writeTaskTable({ title: '基准测试分工方案', tasks: planTasks(EXPORT_TASKS, 1) }, file);
      Object.assign(detail, { rows: summary.rows, groups: summary.groups });
    } else {
      await writePlainRows(file, EXPORT_TASKS);
    }
    const seconds = [(performance.now() - started) / 1000];
    detail.fileMegabytes = (statSync(file).size / 1024 / 1024).toFixed(1);
    return { part, seconds, maxRssMegabytes: maxRss(), detail };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The import input: the official layout as `writeTaskTable` writes it, held in memory. */
async function tableBytes(count: number): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  await writeTaskTable({ title: '基准测试分工方案', tasks: planTasks(count, 1) }, sink);
  return Buffer.concat(chunks);
}

/** Baseline for import: ExcelJS loads the workbook and every cell becomes text, nothing more. */
async function readCellsOnly(bytes: Buffer): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  let cells = 0;
  workbook.worksheets[0].eachRow((row) =>
    row.eachCell((cell) => {
      if (cellText(cell.value) !== '') cells++;
    }),
  );
  return cells;
}

/** Baseline for export: ExcelJS's streaming writer with the same values in plain rows. */
async function writePlainRows(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false } as Partial<ExcelJS.stream.xlsx.WorkbookWriterOptions>);
  const sheet = workbook.addWorksheet('任务分工');
  let n = 0;
  for (const t of planTasks(count, 1)) {
    sheet
      .addRow([t.seq, t.text, (t.leaders ?? []).join('、'), (t.leadUnits ?? []).join('、'), (t.coUnits ?? []).join('、'), t.deadlineText, t.note])
      .commit();
    if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}



/** Runs one part in a fresh process and returns what it measured. */
function inChild(part: Part): Measurement {
  const self = fileURLToPath(import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawnSync(process.execPath, ['--import', tsx, self, '--child', part], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${part} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measurement;
}

/** Export runs are one per child, so each run's peak RSS is measured on its own; merged here. */
function repeated(part: Part, runs: number): Measurement {
  const all = Array.from({ length: runs }, () => inChild(part));
  return {
    part,
    seconds: all.flatMap((m) => m.seconds),
    maxRssMegabytes: Math.max(...all.map((m) => m.maxRssMegabytes)),
    detail: all[0].detail,
  };
}

function report(results: Measurement[], loadBefore: number): string {
  const find = (part: Part) => results.find((r) => r.part === part)!;
  const s = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} s`;
  const row = (label: string, part: Part, base: Part, goal: string) => {
    const r = find(part);
    const m = median(r.seconds);
    return (
      `| ${label} | ${part.endsWith('baseline') ? 'baseline' : 'engine'} | ${r.seconds.length} | ${s(m)} | ` +
      `${s(Math.min(...r.seconds))} – ${s(Math.max(...r.seconds))} | ${(m / median(find(base).seconds)).toFixed(2)} | ` +
      `${r.maxRssMegabytes} MB | ${goal} |`
    );
  };
  const imp = find('import');
  const exp = find('export');
  const importMet = median(imp.seconds) < GOALS.importSeconds;
  const exportMet = median(exp.seconds) < GOALS.exportSeconds && exp.maxRssMegabytes < GOALS.exportMegabytes;
  return [
    `Run ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), Node ${process.version}; ` +
      `load average ${loadBefore.toFixed(1)} before and ${loadavg()[0].toFixed(1)} after (other work on the machine slows every row alike).`,
    `Import: \`readTaskTable\` on a generated ${IMPORT_TASKS.toLocaleString('en')}-task table in the official layout ` +
      `(${imp.detail?.fileKilobytes} KB; ${imp.detail?.groups} group rows, merged leaders), ${IMPORT_RUNS} runs in one process; ` +
      'baseline: ExcelJS loads the same file and turns every cell into text (it applies the merges itself, ' +
      'checking each against every other; the engine reads them from the sheet XML instead, hence below 1×).',
    `Export: \`writeTaskTable\` streams ${EXPORT_TASKS.toLocaleString('en')} tasks from a generator to a file ` +
      `(${exp.detail?.rows} rows, ${exp.detail?.groups} group rows, ${exp.detail?.fileMegabytes} MB), one child process per run; ` +
      'baseline: ExcelJS\'s streaming writer with the same values in plain rows, no styles or merges.',
    `Peak RSS is the whole child process (Node + tsx alone: ${find('idle').maxRssMegabytes} MB).`,
    '',
    '| table | part | runs | median | min – max | × baseline | peak RSS | goal |',
    '|---|---|---|---|---|---|---|---|',
    row(`import ${IMPORT_TASKS.toLocaleString('en')}`, 'import-baseline', 'import-baseline', ''),
    row(`import ${IMPORT_TASKS.toLocaleString('en')}`, 'import', 'import-baseline', `< ${GOALS.importSeconds} s: ${importMet ? 'met' : 'NOT met'}`),
    row(`export ${EXPORT_TASKS.toLocaleString('en')}`, 'export-baseline', 'export-baseline', ''),
    row(
      `export ${EXPORT_TASKS.toLocaleString('en')}`,
      'export',
      'export-baseline',
      `< ${GOALS.exportSeconds} s, < ${GOALS.exportMegabytes} MB: ${exportMet ? 'met' : 'NOT met'}`,
    ),
  ].join('\n');
}


const args = process.argv.slice(2);
if (args[0] === '--child') {
  console.log(JSON.stringify(await measure(args[1] as Part)));
} else {
  const loadBefore = loadavg()[0];
  const results: Measurement[] = [inChild('idle')];
  for (const part of ['import-baseline', 'import'] as const) results.push(inChild(part));
  for (const part of ['export-baseline', 'export'] as const) results.push(repeated(part, EXPORT_RUNS));
  for (const r of results.slice(1)) {
    console.log(`${r.part}: median ${median(r.seconds).toFixed(3)} s (${r.seconds.map((x) => x.toFixed(3)).join(', ')}), peak RSS ${r.maxRssMegabytes} MB`);
  }
  const body = report(results, loadBefore);
  console.log(`\n${body}`);
  writeSection('plans', `## Task tables\n\n${body}`);
}
