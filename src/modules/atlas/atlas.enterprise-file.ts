import fs from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cellText } from '../../lib/excel-cell.ts';

/** One row of a file: its number as a spreadsheet shows it (1-based, the header included) and its cells as text. */
export interface FileRow {
  row: number;
  cells: string[];
}

/** The text encoding of a CSV: UTF-8 when its first bytes decode as UTF-8, else GBK (common in files from Excel on Chinese Windows). */
export function detectEncoding(sample: Uint8Array): 'utf-8' | 'gbk' {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/**
 * The rows of a CSV file, streamed (a million rows never sit in memory): the encoding detected from the first
 * megabyte, a BOM dropped, quoted fields as CSV has them. `onBytes` is told how many bytes have been read.
 */
export async function* csvFileRows(path: string, info: { encoding?: 'utf-8' | 'gbk' }, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<FileRow> {
  const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  const feed = (async () => {
    let decoder: TextDecoder | null = null;
    let read = 0;
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (!decoder) {
        info.encoding = detectEncoding(chunk);
        decoder = new TextDecoder(info.encoding);
      }
      read += chunk.length;
      onBytes(read);
      if (!parser.write(decoder.decode(chunk, { stream: true }))) await once(parser, 'drain');
    }
    parser.end(decoder?.decode() ?? '');
  })();
  feed.catch((error: unknown) => parser.destroy(error as Error));
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) yield { row: ++row, cells: record };
  await feed;
}

/** The rows of an xlsx file's first sheet, streamed (ExcelJS's streaming reader). */
export async function* xlsxFileRows(path: string, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<FileRow> {
  const size = fs.statSync(path).size;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as ExcelJS.CellValue[]) ?? [];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { row: row.number, cells };
    }
    onBytes(size);
    return; // the first sheet only
  }
}
