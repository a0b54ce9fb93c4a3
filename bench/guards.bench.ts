/**
 * Benchmark of the input guards: `npx tsx bench/guards.bench.ts`.
 *
 * How long the document and task-table readers take to refuse what they must not read: a 100 MB document (from its
 * size alone), a 100 MB "workbook", and a workbook with more cells than any task table (before ExcelJS holds them).
 * These budgets were once asserted in the tests, where a busy machine failed them; here they are figures with goals.
 * Medians of repeated runs after one warm-up, in one process. Prints the figures and rewrites the "Input guards"
 * section of BENCHMARKS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocumentFile } from '../src/modules/documents/documents.file.ts';
import { MAX_TABLE_CELLS } from '../src/modules/ledger/ledger.xlsx.guard.ts';
import { readTaskTable } from '../src/modules/ledger/ledger.xlsx.import.ts';
import { workbookOfCells } from '../test/fixtures/plans/tables.ts';
import { machineLine, median, writeSection } from './lib.ts';

const RUNS = 5;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

interface Case {
  name: string;
  goalMs: number;
  refuse: () => Promise<unknown>;
}

/** Runs `refuse` once to warm up, then RUNS times; each run must end in a refusal. */
async function timeRefusal(c: Case): Promise<number[]> {
  const once = async () => {
    const started = performance.now();
    const refused = await c.refuse().then(
      () => false,
      () => true,
    );
    if (!refused) throw new Error(`${c.name}: was read, not refused`);
    return performance.now() - started;
  };
  await once();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) out.push(await once());
  return out;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-bench-guards-'));
try {
  const hugeDocument = path.join(dir, 'huge.pdf');
  fs.writeFileSync(hugeDocument, '');
  fs.truncateSync(hugeDocument, 100 * 1024 * 1024); // sparse: nothing is written
  const hugeTable = Buffer.alloc(100 * 1024 * 1024, 0x50);
  const manyCells = await workbookOfCells(MAX_TABLE_CELLS + 10);

  const cases: Case[] = [
    { name: 'document of 100 MB (parseDocumentFile)', goalMs: 1000, refuse: () => parseDocumentFile(hugeDocument) },
    { name: 'task table of 100 MB (readTaskTable)', goalMs: 2000, refuse: () => readTaskTable(hugeTable, 'big.xlsx') },
    {
      name: `workbook of ${(MAX_TABLE_CELLS + 10).toLocaleString('en')} cells, ${(manyCells.length / 1024 / 1024).toFixed(1)} MB (readTaskTable)`,
      goalMs: 5000,
      refuse: () => readTaskTable(manyCells, 'cells.xlsx'),
    },
  ];

  const lines: string[] = [];
  for (const c of cases) {
    const ms = await timeRefusal(c);
    const m = median(ms);
    lines.push(
      `| ${c.name} | ${RUNS} | ${fmt(m)} ms | ${fmt(Math.min(...ms))} – ${fmt(Math.max(...ms))} ms | < ${c.goalMs} ms: ${m < c.goalMs ? 'met' : 'NOT met'} |`,
    );
  }
  const body = [
    machineLine(),
    'Time to refuse an input the readers must not read, one warm-up then the median of the runs.',
    '',
    '| input | runs | median | min – max | goal |',
    '|---|---|---|---|---|',
    ...lines,
  ].join('\n');
  console.log(body);
  writeSection('guards', `## Input guards\n\n${body}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
