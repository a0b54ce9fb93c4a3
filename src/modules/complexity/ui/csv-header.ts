/**
 * Reads the header and first rows of a CSV file in the browser, so the columns can be chosen before the upload, and
 * guesses which column is which.
 */
import type { ComplexityColumns } from '../complexity.table.ts';
import { columnHints, idColumnHint } from './complexity.messages.ts';
import { decodeTable, detectDelimiter } from '../complexity.csv.domain.ts';

/** The start of a table: its column names and a few rows. */
export interface CsvHead {
  columns: string[];
  rows: string[][];
}

/** How much of the file is read for the header: enough for a few long rows. */
export const HEAD_BYTES = 64 * 1024;

/**
 * Decodes the start of a file as the server will (UTF-8, UTF-16 with a byte-order mark, else GB18030) and parses its
 * header and up to `maxRows` rows. A cut multi-byte character at the end of the slice is dropped with the last line.
 * @example readCsvHead(new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer()))
 */
export function readCsvHead(bytes: Uint8Array, maxRows = 5): CsvHead {
  const text = decodeHead(bytes);
  const records = parseRecords(text, maxRows + 1);
  const [header = [], ...rows] = records;
  const columns = header.map((h) => h.trim());
  return { columns: columns.length === 1 && columns[0] === '' ? [] : columns, rows };
}

function decodeHead(b: Uint8Array): string {
  const marked = (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) || (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
  if (marked) return decodeTable(b);
  // Up to the last line break: the slice may end inside a character.
  const end = b.lastIndexOf(0x0a);
  return decodeTable(end >= 0 && b.length >= HEAD_BYTES ? b.subarray(0, end + 1) : b);
}

/**
 * Splits CSV text into records (quotes, doubled quotes, CRLF; comma, tab, semicolon or bar as its header line says),
 * stopping after `limit`; blank lines are skipped.
 */
function parseRecords(text: string, limit: number): string[][] {
  const delimiter = detectDelimiter(text);
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endRecord = () => {
    record.push(field);
    field = '';
    if (!(record.length === 1 && record[0].trim() === '')) records.push(record);
    record = [];
  };
  for (let i = 0; i < text.length && records.length < limit; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
    } else if (ch === '\n') endRecord();
    else if (ch !== '\r') field += ch;
  }
  if (records.length < limit && (field !== '' || record.length > 0)) endRecord();
  return records;
}

/** English words must start a word ("Trade Value", "export_usd"); Chinese ones may stand anywhere. */
const PATTERNS = Object.fromEntries(
  Object.entries(columnHints).map(([key, [zh, en]]) => [key, new RegExp(`(^|[\\s_])(${en})|${zh}`, 'i')]),
) as Record<keyof ComplexityColumns, RegExp>;

/** A column of codes rather than names: "Country ID", "hs_code", "地区代码", "行业编码". */
const ID_COLUMN = new RegExp(`(^|[\\s_])(${idColumnHint.id[1]})$|${idColumnHint.id[0]}`, 'i');

/**
 * Guesses the location, product, value and period columns from the header names; a column is used once, and the
 * value column must hold numbers in the rows read.
 * @example guessColumns({ columns: ['Country ID', 'Section ID', 'Trade Value'], rows }) // { loc: 'Country', prod: 'Section', val: 'Trade Value' } (names, where the table also has IDs)
 */
export function guessColumns(head: CsvHead): Partial<ComplexityColumns> {
  const used = new Set<string>();
  const numeric = (i: number) => head.rows.length > 0 && head.rows.every((r) => r[i] !== undefined && r[i].trim() !== '' && Number.isFinite(Number(r[i])));
  const pick = (key: keyof ComplexityColumns, needsNumber = false): string | undefined => {
    const fits = (name: string, k: number) => !used.has(name) && PATTERNS[key].test(name) && (!needsNumber || numeric(k));
    // Where a table has both (Country ID and Country), the name column, so the results read as names, not codes.
    const named = head.columns.findIndex((name, k) => fits(name, k) && !ID_COLUMN.test(name));
    const i = named >= 0 || key === 'val' ? named : head.columns.findIndex(fits);
    if (i < 0) return undefined;
    used.add(head.columns[i]);
    return head.columns[i];
  };
  const time = pick('time');
  const val = pick('val', true);
  const loc = pick('loc');
  const prod = pick('prod');
  return Object.fromEntries(Object.entries({ loc, prod, val, time }).filter(([, v]) => v !== undefined));
}
