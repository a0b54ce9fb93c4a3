import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { IndicatorSeries } from './atlas.cluster-indicators.schema.ts';
import { cellText } from '../../lib/excel-cell.ts';

function unreadable(fileName: string, why: string): ValidationError {
  return new ValidationError(bilingual(`${fileName}：无法读取（${why.slice(0, 200)}）`, `${fileName}: the file cannot be read (${why.slice(0, 200)})`), [{ field: 'file', message: why.slice(0, 200) }]);
}

/**
 * The rows of an uploaded table as text: a .csv (UTF-8, else GB18030 as Excel in China saves it) or the first sheet
 * of an .xlsx workbook that has any cell. Row i of the result is the spreadsheet's row i + 1.
 */
export async function tableRows(bytes: Uint8Array, fileName: string): Promise<string[][]> {
  if (/\.csv$/i.test(fileName)) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('gb18030').decode(bytes);
    }
    try {
      return parse(text, { relax_column_count: true, bom: true, skip_empty_lines: false }) as string[][];
    } catch (error) {
      throw unreadable(fileName, error instanceof Error ? error.message : String(error));
    }
  }
  if (!/\.xlsx$/i.test(fileName)) throw new ValidationError(bilingual(`${fileName}：只能导入 .xlsx 或 .csv 文件`, `${fileName}: only .xlsx and .csv files can be imported`), [{ field: 'file', message: 'expected .xlsx or .csv' }]);
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw unreadable(fileName, error instanceof Error ? error.message : String(error));
  }
  const sheet = book.worksheets.find((s) => s.state !== 'hidden' && s.actualRowCount > 0);
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = (row.values as ExcelJS.CellValue[]) ?? [];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows[n - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/**
 * A cluster's series as a workbook: 明细, one row per value (指标, 年份, 季度, 数值, 单位, 来源, 填报人, 填报时间; the
 * import reads it back as it is), then 按年, the annual values with the years as columns, and the directory's counts.
 */
export async function writeIndicatorWorkbook(series: IndicatorSeries): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const name = new Map(series.indicators.map((i) => [i.key, i]));
  const detail = book.addWorksheet('明细');
  detail.addRow(['指标', '年份', '季度', '数值', '单位', '来源', '填报人', '填报时间']).font = { bold: true };
  for (const v of series.values) {
    detail.addRow([name.get(v.indicator)!.name.zh, v.year, v.quarter || '', v.value, v.unit, v.source ?? '', v.enteredBy ?? '', v.enteredAt.slice(0, 10)]);
  }
  detail.columns.forEach((c, i) => (c.width = [18, 8, 6, 12, 8, 28, 12, 12][i]));
  const wide = book.addWorksheet('按年');
  wide.addRow(['指标', '单位', ...series.years.map(String)]).font = { bold: true };
  for (const ind of series.indicators) {
    const annual = series.years.map((y) => series.values.find((v) => v.indicator === ind.key && v.year === y && v.quarter === 0)?.value ?? null);
    if (annual.every((x) => x === null)) continue;
    wide.addRow([ind.name.zh, ind.unit, ...annual]);
  }
  wide.addRow([]);
  for (const c of series.computed) wide.addRow([`${name.get(c.indicator)!.name.zh}（目录计算，截至 ${c.asOf ?? '—'}）`, name.get(c.indicator)!.unit, c.value]);
  wide.getColumn(1).width = 36;
  return Buffer.from(await book.xlsx.writeBuffer());
}
