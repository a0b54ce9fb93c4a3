import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnLetter } from './ledger.xlsx.types.ts';

/** One task as the exporter takes it; the same shape {@link readTaskTable} returns, with most fields optional. */
export interface TaskTableExportTask {
  seq?: string;
  /** Group rows above the task, outermost first; a group row is written whenever the path changes. */
  groupPath?: string[];
  text: string;
  leaders?: string[];
  leadUnits?: string[];
  coUnits?: string[];
  deadlineText?: string;
  note?: string;
  /** Cells of the extra columns by header; a number is written as a number (Excel sums and sorts it), not as text. */
  extra?: Record<string, string | number>;
}

/** A plan to export as the official task-division table; tasks come in table order and may stream from the database. */
export interface TaskTablePlan {
  title: string;
  tasks: Iterable<TaskTableExportTask> | AsyncIterable<TaskTableExportTask>;
}

/** Options of {@link writeTaskTable}. */
export interface WriteTaskTableOptions {
  /** Worksheet name (default 任务分工). */
  sheetName?: string;
  /** Headers of extra columns (任务分解, 工作目标 …) written between 完成时限 and 备注, filled from `task.extra`. */
  extraColumns?: readonly string[];
  /** Called every 1,000 tasks and at the end with the number of tasks written. */
  onProgress?: (tasksWritten: number) => void;
}

/** What {@link writeTaskTable} wrote. */
export interface WriteTaskTableSummary {
  tasks: number;
  groups: number;
  /** Worksheet rows, title and header included. */
  rows: number;
  /** Cells cut to Excel's limit of 32,767 characters. */
  truncatedCells: number;
}

const FONT_BODY = { name: '仿宋', size: 12, charset: 134 };
const FONT_BLACK = { name: '黑体', size: 12, charset: 134 };
const THIN = { style: 'thin' as const };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const WRAP_CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center', vertical: 'middle', wrapText: true };
const WRAP_LEFT: Partial<ExcelJS.Alignment> = { horizontal: 'left', vertical: 'middle', wrapText: true };

// Shared style objects: ExcelJS's streaming writer caches style ids by object identity.
const STYLES = {
  title: { font: { name: '宋体', size: 18, bold: true, charset: 134 }, alignment: WRAP_CENTER },
  header: { font: { ...FONT_BLACK, bold: true }, alignment: WRAP_CENTER, border: BORDER },
  group: [
    { font: FONT_BLACK, alignment: WRAP_LEFT, border: BORDER },
    { font: { name: '楷体', size: 12, bold: true, charset: 134 }, alignment: WRAP_LEFT, border: BORDER },
    { font: { ...FONT_BODY, bold: true }, alignment: WRAP_LEFT, border: BORDER },
  ],
  center: { font: FONT_BODY, alignment: WRAP_CENTER, border: BORDER },
  left: { font: FONT_BODY, alignment: WRAP_LEFT, border: BORDER },
  // A number cell in Excel's General format: 82, 94.8.
  number: { font: FONT_BODY, alignment: WRAP_CENTER, border: BORDER },
} satisfies Record<string, Partial<ExcelJS.Style> | Partial<ExcelJS.Style>[]>;

interface Column {
  header: string;
  width: number;
  style: Partial<ExcelJS.Style>;
  value: (task: TaskTableExportTask) => string | number;
}

const JOIN = '、';
const EXCEL_CELL_LIMIT = 32_767;
const LINE_HEIGHT_PT = 16;

/**
 * Writes a plan as the official task-division table (.xlsx) with ExcelJS's streaming writer:
 * merged title row, header 序号/重点任务/牵头市领导/牵头单位/责任单位/完成时限/备注 repeated
 * on every printed page, group rows merged across, leaders merged over consecutive tasks,
 * 仿宋/黑体 fonts, borders, landscape A4. Rows are committed as they are written, so memory
 * stays flat however many tasks the iterable yields.
 * @example await writeTaskTable({ title: '重点任务分工方案', tasks: repo.streamTasks(planId) }, 'out.xlsx');
 */
export async function writeTaskTable(
  plan: TaskTablePlan,
  out: string | Writable,
  opts: WriteTaskTableOptions = {},
): Promise<WriteTaskTableSummary> {
  const columns = tableColumns(opts.extraColumns ?? []);
  const last = columnLetter(columns.length);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...(typeof out === 'string' ? { filename: out } : { stream: out }),
    useSharedStrings: false,
    useStyles: true,
  } as Partial<ExcelJS.stream.xlsx.WorkbookWriterOptions>);
  const sheet = workbook.addWorksheet(opts.sheetName ?? '任务分工', {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: '2:2',
    },
    headerFooter: { oddFooter: '&C第 &P 页  共 &N 页' },
    views: [{ state: 'frozen', ySplit: 2 }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const summary: WriteTaskTableSummary = { tasks: 0, groups: 0, rows: 0, truncatedCells: 0 };
  const text = (value: string) => {
    // XML 1.0 cannot carry these characters; a cell holding one would corrupt the sheet.
    // eslint-disable-next-line no-control-regex
    const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
    if (clean.length <= EXCEL_CELL_LIMIT) return clean;
    summary.truncatedCells++;
    return `${clean.slice(0, EXCEL_CELL_LIMIT - 1)}…`;
  };
  const merges = mergeRecorder(sheet);

  const titleRow = sheet.getRow(1);
  titleRow.height = 40;
  titleRow.getCell(1).value = text(plan.title);
  for (let c = 1; c <= columns.length; c++) titleRow.getCell(c).style = STYLES.title;
  merges.add(`A1:${last}1`);
  titleRow.commit();

  const headerRow = sheet.getRow(2);
  headerRow.height = 30;
  columns.forEach((col, i) => {
    const cell = headerRow.getCell(i + 1);
    cell.value = col.header;
    cell.style = STYLES.header;
  });
  headerRow.commit();

  let r = 2;
  let path: string[] = [];
  // Consecutive tasks with the same leaders share one merged leader cell.
  let run: { key: string; start: number; end: number } | null = null;
  const closeRun = () => {
    if (run && run.end > run.start) merges.add(`C${run.start}:C${run.end}`);
    run = null;
  };

  for await (const task of plan.tasks) {
    const groupPath = task.groupPath ?? [];
    let same = 0;
    while (same < path.length && same < groupPath.length && path[same] === groupPath[same]) same++;
    if (same < groupPath.length || groupPath.length < path.length) {
      closeRun();
      // A table can only leave a group by starting another: a task back in the parent group
      // (after its sub-groups) gets the parent's row again, so reading the table back agrees.
      const from = same === groupPath.length && same > 0 ? same - 1 : same;
      for (let level = from; level < groupPath.length; level++) {
        r++;
        const row = sheet.getRow(r);
        const style = STYLES.group[Math.min(level, STYLES.group.length - 1)];
        row.getCell(1).value = text(groupPath[level]);
        for (let c = 1; c <= columns.length; c++) row.getCell(c).style = style;
        row.height = rowHeight([[groupPath[level], totalWidth(columns)]]);
        merges.add(`A${r}:${last}${r}`);
        row.commit();
        summary.groups++;
      }
      path = groupPath;
    }

    r++;
    const row = sheet.getRow(r);
    const leaders = (task.leaders ?? []).join(JOIN);
    const current = run as { key: string; start: number; end: number } | null;
    const continues = current !== null && leaders !== '' && current.key === leaders;
    if (continues) current.end = r;
    else {
      closeRun();
      if (leaders) run = { key: leaders, start: r, end: r };
    }
    const lines: [string, number][] = [];
    columns.forEach((col, i) => {
      const cell = row.getCell(i + 1);
      cell.style = col.style;
      if (i === 2 && continues) return;
      const raw = col.value(task);
      if (typeof raw === 'number') {
        if (!Number.isFinite(raw)) return;
        cell.style = STYLES.number;
        cell.value = raw;
        lines.push([String(raw), col.width]);
        return;
      }
      const value = text(raw);
      if (value === '') return;
      cell.value = i === 0 && /^[0-9]{1,9}$/.test(value) ? Number(value) : value;
      lines.push([value, col.width]);
    });
    row.height = rowHeight(lines);
    row.commit();
    summary.tasks++;
    if (summary.tasks % 1000 === 0) {
      opts.onProgress?.(summary.tasks);
      // Let the zip stream drain; without a turn of the event loop committed rows pile up in memory.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  closeRun();
  summary.rows = r;
  sheet.commit();
  await workbook.commit();
  opts.onProgress?.(summary.tasks);
  return summary;
}

function tableColumns(extra: readonly string[]): Column[] {
  const list = (names: string[] | undefined) => (names ?? []).join(JOIN);
  return [
    { header: '序号', width: 6, style: STYLES.center, value: (t) => t.seq ?? '' },
    { header: '重点任务', width: 50, style: STYLES.left, value: (t) => t.text },
    { header: '牵头市领导', width: 12, style: STYLES.center, value: (t) => list(t.leaders) },
    { header: '牵头单位', width: 18, style: STYLES.center, value: (t) => list(t.leadUnits) },
    { header: '责任单位', width: 30, style: STYLES.left, value: (t) => list(t.coUnits) },
    { header: '完成时限', width: 16, style: STYLES.center, value: (t) => t.deadlineText ?? '' },
    ...extra.map((header): Column => ({ header, width: 24, style: STYLES.left, value: (t) => t.extra?.[header] ?? '' })),
    { header: '备注', width: 12, style: STYLES.left, value: (t) => t.note ?? '' },
  ];
}

function totalWidth(columns: Column[]): number {
  return columns.reduce((sum, c) => sum + c.width, 0);
}

/** Excel does not grow wrapped rows on open, so the height is estimated from the text (CJK ≈ 2.2 width units at 12 pt). */
function rowHeight(cells: [text: string, width: number][]): number {
  let lines = 1;
  for (const [value, width] of cells) {
    const perLine = Math.max(1, (width - 1) / 2.2);
    let n = 0;
    let line = 0;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 10) {
        n += Math.max(1, Math.ceil(line / perLine));
        line = 0;
      } else {
        // Same measure as displayWidth: Latin letters and digits take half a Chinese character.
        line += code < 0x2e80 && code !== 0x2014 ? 0.5 : 1;
      }
    }
    n += Math.max(1, Math.ceil(line / perLine));
    lines = Math.max(lines, n);
  }
  return Math.min(409, lines * LINE_HEIGHT_PT + 6);
}

/**
 * Records merged ranges on a streaming worksheet. ExcelJS's `mergeCells` checks each new merge
 * against every earlier one and needs the rows uncommitted; a table's merges never overlap and
 * its rows are committed at once, so ranges go straight to the list the writer serialises.
 */
function mergeRecorder(sheet: ExcelJS.Worksheet): { add(range: string): void } {
  const list = (sheet as unknown as { _merges?: { toString(): string }[] })._merges;
  if (!Array.isArray(list)) throw new Error('exceljs streaming worksheet has no merge list; check the pinned exceljs version');
  return { add: (range) => list.push({ toString: () => range }) };
}
