import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { detectEncoding } from './atlas.enterprise-file.ts';
import { importMembers, type MemberFileRow } from './atlas.intermediaries.service.ts';
import { atlasPolicy } from './atlas.policy.ts';
import { cellText } from '../../lib/excel-cell.ts';

/** The header words of each column a member file may have (other columns, like the enterprise's name, are ignored). */
const HEADERS = {
  uscc: ['统一社会信用代码', '社会信用代码', '信用代码', 'uscc', 'credit code'],
  role: ['职务', '角色', '会员类别', '会员级别', '会内职务', 'role'],
  since: ['入会时间', '入会日期', '加入时间', '加入日期', 'since', 'joined'],
} as const;
/** The most member rows one file may hold. */
const MAX_ROWS = 20_000;

const refuse = (fileName: string, zh: string, en: string) => new ValidationError(bilingual(`${fileName}：${zh}`, `${fileName}: ${en}`), [{ field: 'file', message: bilingual(zh, en) }]);

/** The rows of a CSV (UTF-8 or GBK) or xlsx file (its first sheet), each with its number as a spreadsheet shows it. */
async function fileRows(bytes: Uint8Array, fileName: string): Promise<{ row: number; cells: string[] }[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    } catch {
      throw refuse(fileName, '无法读取该 xlsx 文件', 'cannot read this xlsx file');
    }
    const sheet = book.worksheets[0];
    const rows: { row: number; cells: string[] }[] = [];
    sheet?.eachRow({ includeEmpty: false }, (r) => {
      const values = (r.values as ExcelJS.CellValue[]) ?? [];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      rows.push({ row: r.number, cells });
    });
    return rows;
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    const text = new TextDecoder(detectEncoding(bytes.subarray(0, 1 << 20))).decode(bytes);
    let records: string[][];
    try {
      records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
    } catch (e) {
      throw refuse(fileName, `CSV 格式有误（${(e as Error).message}）`, `malformed CSV (${(e as Error).message})`);
    }
    return records.map((cells, i) => ({ row: i + 1, cells }));
  }
  throw refuse(fileName, '只能导入 .csv 或 .xlsx 文件', 'only .csv and .xlsx files can be imported');
}

/**
 * Reads a member file: the first non-empty row is the header, naming a USCC column (统一社会信用代码) and optionally a
 * role (职务) and a date joined (入会时间); then one member per row (empty rows skipped).
 */
export async function readMemberFile(bytes: Uint8Array, fileName: string): Promise<MemberFileRow[]> {
  const rows = (await fileRows(bytes, fileName)).filter((r) => r.cells.some((c) => c.trim()));
  const header = rows.shift();
  if (!header) throw refuse(fileName, '文件为空', 'the file is empty');
  const norm = header.cells.map((c) => c.trim().toLowerCase());
  const column = (k: keyof typeof HEADERS) => norm.findIndex((c) => (HEADERS[k] as readonly string[]).includes(c));
  const uscc = column('uscc');
  if (uscc < 0) throw refuse(fileName, `第 ${header.row} 行（表头）中没有「统一社会信用代码」列`, `the header (row ${header.row}) has no USCC column (统一社会信用代码)`);
  if (rows.length > MAX_ROWS) throw refuse(fileName, `会员行超过 ${MAX_ROWS} 行`, `more than ${MAX_ROWS} member rows`);
  const role = column('role');
  const since = column('since');
  return rows.map((r) => ({ row: r.row, uscc: r.cells[uscc]?.trim() ?? '', role: role < 0 ? '' : (r.cells[role] ?? ''), since: since < 0 ? '' : (r.cells[since]?.trim() ?? '') }));
}

/** Imports an intermediary's members from an uploaded CSV or xlsx file: all rows or none. */
export async function importMemberFile(ctx: ServiceContext, id: string, file: { bytes: Uint8Array; fileName: string }, opts: { dryRun?: boolean }) {
  requireAbility(atlasPolicy.intermediary.write, ctx.actor, undefined as never, 'import members');
  return importMembers(ctx, id, await readMemberFile(file.bytes, file.fileName), { dryRun: opts.dryRun, fileName: file.fileName });
}
