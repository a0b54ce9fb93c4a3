import ExcelJS from 'exceljs';
import { bilingual } from '../../lib/bilingual.ts';
import { normalizeChars, trimAll } from '../documents/index.ts';
import { GridView, MAX_GRID_COLUMNS, type MergeRange, type SheetGrid } from './ledger.xlsx.grid.ts';
import { assertReadableXlsx } from './ledger.xlsx.guard.ts';
import { findHeader, HEADER_SEARCH_ROWS, HEADER_WORDS, type HeaderMatch } from './ledger.xlsx.header.ts';
import { MergeCollector, TooManyMergesError } from './ledger.xlsx.merges.ts';
import { readTaskRows } from './ledger.xlsx.read.ts';
import { TableInputError, type ReadTaskTableOptions, type TableProblem, type TaskTableResult } from './ledger.xlsx.types.ts';

/** A workbook that has not loaded after this long is refused rather than waited for. */
const LOAD_TIMEOUT_MS = 60_000;

/**
 * Parts of a sheet ExcelJS is told to skip: the reader never needs them, ExcelJS expands data
 * validations cell by cell, and merges are read by {@link MergeCollector} instead.
 */
const IGNORED_NODES = ['mergeCells', 'dataValidations', 'conditionalFormatting', 'extLst', 'drawing', 'legacyDrawing', 'picture'];

/**
 * Reads a task-division table (任务分工方案) from .xlsx bytes: finds the header whatever its
 * wording, skips titles, blank rows and notes, turns group rows into each task's group path,
 * fills merged cells down and splits unit and leader lists. Throws {@link TableInputError} for
 * input that is not a readable task table; rows it cannot read are listed in `problems`.
 * @example const { tasks, problems } = await readTaskTable(await fs.readFile('分工方案.xlsx'), '分工方案.xlsx');
 */
export async function readTaskTable(bytes: Uint8Array, fileName: string, opts: ReadTaskTableOptions = {}): Promise<TaskTableResult> {
  return readTaskGrids(await readSheetGrids(bytes, fileName), fileName, opts);
}

/**
 * Every worksheet of .xlsx bytes as a plain grid (merges kept), after the same guards as task tables (size, zip bombs,
 * merges); other tables kept by hand (progress tables) are read from these with {@link findHeader}.
 */
export async function readSheetGrids(bytes: Uint8Array, fileName: string): Promise<SheetGrid[]> {
  const merges = new MergeCollector();
  try {
    assertReadableXlsx(bytes, fileName, (name, data) => merges.take(name, data));
  } catch (err) {
    if (err instanceof TooManyMergesError) throw new TableInputError(fileName, err.zh, err.en);
    throw err;
  }
  const workbook = await loadWorkbook(bytes, fileName);
  const mergesBySheet = merges.bySheetName();
  const grids = workbook.worksheets.map((sheet) => sheetToGrid(sheet, mergesBySheet.get(sheet.name) ?? []));
  if (grids.length === 0) throw new TableInputError(fileName, '工作簿中没有工作表', 'the workbook has no worksheet');
  return grids;
}

/**
 * Reads the task table from worksheets already turned into plain grids (the pure half of
 * {@link readTaskTable}): the sheet named by `opts.sheet`, else the visible sheet with the
 * best-matching header (a hidden one only when no visible sheet has a header).
 */
export function readTaskGrids(grids: SheetGrid[], fileName: string, opts: ReadTaskTableOptions = {}): TaskTableResult {
  const found = grids.map((grid) => {
    const view = new GridView(grid);
    return { view, header: findHeader(view) };
  });
  const sheets = found.map(({ view, header }) => ({ name: view.grid.name, taskTable: header !== null, hidden: !!view.grid.hidden }));
  const warnings: TableProblem[] = [];
  let chosen: { view: GridView; header: HeaderMatch };
  if (opts.sheet !== undefined) {
    const wanted = opts.sheet;
    // Excel refuses two sheets whose names differ only in case, so a name typed in another case still means one sheet.
    const named = found.find((f) => f.view.grid.name === wanted) ?? found.find((f) => f.view.grid.name.trim().toLowerCase() === wanted.trim().toLowerCase());
    if (!named) {
      const names = grids.map((g) => g.name);
      throw new TableInputError(
        fileName,
        `工作簿中没有名为“${wanted}”的工作表；现有的工作表为：${quoteNamesZh(names)}`,
        `there is no sheet named "${wanted}"; the workbook's sheets are ${quoteNames(names)}`,
      );
    }
    if (!named.header) throw noHeaderError(fileName, [named.view.grid]);
    chosen = { view: named.view, header: named.header };
  } else {
    const candidates = found.filter((f): f is { view: GridView; header: HeaderMatch } => f.header !== null);
    const visible = candidates.filter((f) => !f.view.grid.hidden);
    const pool = visible.length ? visible : candidates;
    // Ties go to the earlier sheet: offices put the table first and copies after it.
    const best = pool.reduce<(typeof pool)[number] | null>((a, b) => (!a || b.header.score > a.header.score ? b : a), null);
    if (!best) throw noHeaderError(fileName, grids);
    chosen = best;
    if (best.view.grid.hidden) {
      warnings.push({
        row: 1,
        field: 'sheet',
        severity: 'warning',
        message: bilingual(
          `可见的工作表都没有任务表头，任务是从隐藏的工作表“${best.view.grid.name}”中读取的`,
          `the task table was read from the hidden sheet "${best.view.grid.name}": no visible sheet has a task header`,
        ),
      });
    }
    for (const other of pool) {
      if (other === best) continue;
      warnings.push({
        row: 1,
        field: 'sheet',
        severity: 'warning',
        message: bilingual(
          `工作表“${other.view.grid.name}”看起来也是任务分工表，但只读取了“${best.view.grid.name}”；如需导入其他工作表，请选择工作表`,
          `sheet "${other.view.grid.name}" also looks like a task table but only "${best.view.grid.name}" was read; choose the sheet to read another`,
        ),
        otherSheet: other.view.grid.name,
      });
    }
  }
  const result = readTaskRows(chosen.view, chosen.header, opts);
  result.problems.unshift(...warnings);
  return { fileName, sheet: chosen.view.grid.name, sheets, ...result };
}

function noHeaderError(fileName: string, grids: SheetGrid[]): TableInputError {
  const names = grids.map((g) => g.name);
  const where = names.length === 1 ? `sheet "${names[0]}"` : `sheets ${quoteNames(names)}`;
  const whereZh = `工作表${quoteNamesZh(names)}`;
  const words = Object.values(HEADER_WORDS).map((w) => w.join('/'));
  return new TableInputError(
    fileName,
    `${whereZh}的前 ${HEADER_SEARCH_ROWS} 行中没有找到任务分工表的表头；表头应有一列任务，另有领导、单位或完成时限中的一列，可识别的列名有：${words.join('；')}`,
    `no task table header found in the first ${HEADER_SEARCH_ROWS} rows of ${where}; looked for a task column and a leader, unit or deadline column among: ${words.join('; ')}`,
  );
}

const quoteNames = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const quoteNamesZh = (names: string[]) => names.map((n) => `“${n}”`).join('、');

async function loadWorkbook(bytes: Uint8Array, fileName: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TableInputError(fileName, '读取工作簿超时', 'the workbook took too long to read')), LOAD_TIMEOUT_MS);
    timer.unref();
  });
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // ExcelJS's typings name the options object for streams only; load takes the same one.
    const options = { ignoreNodes: IGNORED_NODES } as unknown as Parameters<ExcelJS.Xlsx['load']>[1];
    await Promise.race([workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer, options), timeout]);
  } catch (err) {
    if (err instanceof TableInputError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    // ExcelJS explains itself in English only; the Chinese half keeps its words as they are.
    throw new TableInputError(fileName, `无法读取工作簿（${detail.slice(0, 200)}）`, `the workbook cannot be read (${detail.slice(0, 200)})`);
  } finally {
    clearTimeout(timer);
  }
  return workbook;
}

/** Turns an ExcelJS worksheet and its merged ranges into a plain grid of cell texts. */
export function sheetToGrid(sheet: ExcelJS.Worksheet, merges: MergeRange[]): SheetGrid {
  const rows: string[][] = [];
  const hiddenRows: number[] = [];
  const boldParts: Record<string, string[]> = {};
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > MAX_GRID_COLUMNS) return;
      cells[c - 1] = cellText(cell.value, cell.numFmt);
      const bold = partlyBold(cell.value);
      if (bold.length) boldParts[`${r}:${c}`] = bold;
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    rows[r - 1] = cells;
    if (row.hidden) hiddenRows.push(r);
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return { name: sheet.name, hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden', rows, merges, hiddenRows, boldParts };
}

/** The bold runs of a rich-text cell that is bold only in part (all-bold or plain cells mark nothing). */
function partlyBold(value: unknown): string[] {
  const runs = (value as { richText?: { text?: unknown; font?: { bold?: boolean } }[] } | null)?.richText;
  if (!Array.isArray(runs)) return [];
  const bold = runs.filter((run) => run.font?.bold && clean(String(run.text ?? '')) !== '');
  const plain = runs.filter((run) => !run.font?.bold && clean(String(run.text ?? '')).replace(/[、，,；;\s]/g, '') !== '');
  return bold.length && plain.length ? bold.map((run) => clean(String(run.text))) : [];
}

/**
 * The plain text of a cell value as a person sees it: rich text joined, formulas by their
 * result, dates as 2024年12月31日, numbers without float noise, percentages as percentages.
 * @example cellText(0.5, '0%') // '50%'
 */
export function cellText(value: ExcelJS.CellValue | unknown, numFmt?: string): string {
  const percent = !!numFmt && /%/.test(numFmt.replace(/"[^"]*"|\\./g, ''));
  return clean(rawText(value, 0, percent));
}

function rawText(value: unknown, depth: number, percent = false): string {
  if (value === null || value === undefined || depth > 3) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return percent ? `${Number((value * 100).toPrecision(12))}%` : String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return `${value.getUTCFullYear()}年${value.getUTCMonth() + 1}月${value.getUTCDate()}日`;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((run) => rawText((run as { text?: unknown }).text, depth + 1)).join('');
    if ('formula' in v || 'sharedFormula' in v) return rawText(v.result, depth + 1, percent);
    if ('text' in v) return rawText(v.text, depth + 1);
    if ('error' in v) return '';
  }
  return '';
}

function clean(text: string): string {
  return trimAll(normalizeChars(text.replace(/\r\n?/g, '\n')))
    .split('\n')
    .map((line) => trimAll(line))
    .filter((line) => line !== '')
    .join('\n');
}
