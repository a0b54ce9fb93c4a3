import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generatePlanTasks } from '../../../test/fixtures/plans/generate.ts';
import { measuresLayout, responsibleOnlyLayout, twoRowHeaderLayout, variantLayout } from '../../../test/fixtures/plans/tables.ts';
import { writeTaskTable, type TaskTableExportTask, type WriteTaskTableOptions } from './ledger.xlsx.export.ts';
import { readTaskTable } from './ledger.xlsx.import.ts';
import type { TaskTableRow } from './ledger.xlsx.types.ts';

const PLANS = new URL('../../../test/fixtures/real/plans/', import.meta.url);

/** Writes a plan to memory through a stream, as an HTTP response would receive it. */
async function exportToBuffer(title: string, tasks: TaskTableExportTask[] | AsyncIterable<TaskTableExportTask>, opts?: WriteTaskTableOptions) {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const summary = await writeTaskTable({ title, tasks }, sink, opts);
  return { bytes: Buffer.concat(chunks), summary };
}

const comparable = (t: TaskTableRow) => ({
  seq: t.seq,
  groupPath: t.groupPath,
  text: t.text,
  leaders: t.leaders,
  leadUnits: t.leadUnits,
  coUnits: t.coUnits,
  deadlineText: t.deadlineText,
  note: t.note,
  extra: t.extra,
});

async function roundTrip(bytes: Uint8Array, opts?: WriteTaskTableOptions) {
  const first = await readTaskTable(bytes, 'in.xlsx');
  const { bytes: exported } = await exportToBuffer(first.title, first.tasks, opts);
  const second = await readTaskTable(exported, 'out.xlsx');
  return { first, second };
}

describe('writeTaskTable round trip', () => {
  it('gives back the same tasks for the example table', async () => {
    const { first, second } = await roundTrip(fs.readFileSync(new URL('task-division-example.xlsx', PLANS)));
    expect(first.tasks).toHaveLength(10);
    expect(second.title).toBe(first.title);
    expect(second.tasks.map(comparable)).toEqual(first.tasks.map(comparable));
    expect(second.groups.map((g) => g.path)).toEqual(first.groups.map((g) => g.path));
  });

  it('gives back the same tasks for other layouts: two group levels, two-row header, measures under a merged task, 责任单位 only with extras', async () => {
    for (const [layout, opts] of [
      [variantLayout, undefined],
      [twoRowHeaderLayout, undefined],
      // Two unnumbered group levels in a row would come back as siblings: the table cannot tell them apart.
      [() => measuresLayout(false), undefined],
      [responsibleOnlyLayout, { extraColumns: ['任务分解', '成果形式'] }],
    ] as const) {
      const { first, second } = await roundTrip(await layout(), opts);
      expect(first.tasks.length).toBeGreaterThan(2);
      expect(second.tasks.map(comparable), first.title || JSON.stringify(first.columns)).toEqual(first.tasks.map(comparable));
      expect(second.problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });

  it('repeats a parent group row when a task returns to it after a sub-group, so the path reads back', async () => {
    const tasks: TaskTableExportTask[] = [
      { seq: '1', groupPath: ['一、产业'], text: '任务甲', leadUnits: ['市商务局'] },
      { seq: '2', groupPath: ['一、产业', '（一）集群'], text: '任务乙', leadUnits: ['市科技局'] },
      { seq: '3', groupPath: ['一、产业'], text: '任务丙', leadUnits: ['市发展改革委'] },
      { seq: '4', groupPath: [], text: '任务丁', leadUnits: ['市国资委'] },
    ];
    const { bytes } = await exportToBuffer('分工', tasks);
    const back = await readTaskTable(bytes, 'x.xlsx');
    // A task outside every group cannot follow grouped tasks in this layout: it reads back under the last group.
    expect(back.tasks.map((t) => t.groupPath)).toEqual([['一、产业'], ['一、产业', '（一）集群'], ['一、产业'], ['一、产业']]);
    expect(back.groups.map((g) => g.text)).toEqual(['一、产业', '（一）集群']);
  });

  it('gives back the same tasks for a generated plan streamed from an async iterable', async () => {
    const tasks = generatePlanTasks(400, 3);
    async function* fromDatabase() {
      for (const t of tasks) yield t;
    }
    const { bytes, summary } = await exportToBuffer('生成的分工方案', fromDatabase());
    expect(summary.tasks).toBe(400);
    const back = await readTaskTable(bytes, 'generated.xlsx');
    expect(back.tasks.map((t) => [t.seq, t.groupPath, t.text, t.leaders, t.leadUnits, t.coUnits, t.deadlineText])).toEqual(
      tasks.map((t) => [t.seq, t.groupPath, t.text, t.leaders, t.leadUnits, t.coUnits, t.deadlineText]),
    );
  });
});

describe('writeTaskTable layout', () => {
  const sample: TaskTableExportTask[] = [
    { seq: '1', groupPath: ['一、产业'], text: '任务甲', leaders: ['刘建华'], leadUnits: ['市发展改革委'], coUnits: ['市商务局', '市科技局'], deadlineText: '2024年底前' },
    { seq: '2', groupPath: ['一、产业'], text: '任务乙', leaders: ['刘建华'], leadUnits: ['市商务局'], coUnits: [], deadlineText: '持续推进' },
    { seq: '3', groupPath: ['一、产业', '（一）集群'], text: '任务丙', leaders: ['刘建华'], leadUnits: ['市科技局'], deadlineText: '每季度' },
    { seq: '4', groupPath: ['二、改革'], text: '任务丁\u0007', leaders: ['陈志远'], leadUnits: ['市国资委'], note: '重点' },
  ];

  it('writes the official table: merged title, header, merged group rows, leaders merged over consecutive tasks', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-xlsx-'));
    const file = path.join(dir, 'plan.xlsx');
    const summary = await writeTaskTable({ title: '重点任务分工方案', tasks: sample }, file);
    expect(summary).toEqual({ tasks: 4, groups: 3, rows: 9, truncatedCells: 0 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0];
    const merges = (sheet.model as unknown as { merges: string[] }).merges;
    expect(new Set(merges)).toEqual(new Set(['A1:G1', 'A3:G3', 'C4:C5', 'A6:G6', 'A8:G8']));
    expect(sheet.getRow(2).values).toEqual([undefined, '序号', '重点任务', '牵头市领导', '牵头单位', '责任单位', '完成时限', '备注']);
    expect(sheet.getCell('A3').value).toBe('一、产业');
    expect(sheet.getCell('A4').value).toBe(1);
    expect(sheet.getCell('E4').value).toBe('市商务局、市科技局');
    expect(sheet.getCell('B9').value).toBe('任务丁');
    // 任务丙 sits under a new group row, so its leader cell starts a new run.
    expect(sheet.getCell('C7').value).toBe('刘建华');
    expect(sheet.getCell('B4').font.name).toBe('仿宋');
    expect(sheet.getCell('B4').alignment.wrapText).toBe(true);
    expect(sheet.getCell('E5').border.left?.style).toBe('thin');
    expect(sheet.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, printTitlesRow: '2:2' });
    expect(sheet.getColumn(2).width).toBeGreaterThan(sheet.getColumn(1).width! * 4);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes extra columns before 备注 and reports progress', async () => {
    const seen: number[] = [];
    const tasks = generatePlanTasks(2500, 9).map((t) => ({ ...t, extra: { 成果形式: '方案' } }));
    const { bytes } = await exportToBuffer('x', tasks, { extraColumns: ['成果形式'], onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([1000, 2000, 2500]);
    const back = await readTaskTable(bytes, 'x.xlsx');
    expect(back.extraColumns.map((c) => c.header)).toEqual(['成果形式']);
    expect(back.columns.note?.letter).toBe('H');
    expect(back.tasks[0].extra).toEqual({ 成果形式: '方案' });
  });
});
