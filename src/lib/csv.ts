/**
 * The one way the product writes CSV. Text cells that a spreadsheet would read as a formula (starting with
 * = + - @, a tab or a carriage return) get a leading single quote, as OWASP advises against CSV injection;
 * numbers are written as numbers, so -1.5 stays a number.
 */

/** A value for a CSV cell: text is neutralised and quoted, a number written as it is (NaN as empty). */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A text cell: neutralised when it could start a formula, then quoted where CSV needs it.
 * @example csvText('=HYPERLINK("x")') // => `"'=HYPERLINK(""x"")"`
 */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Any cell: numbers as numbers (NaN and missing values empty), everything else as neutralised text. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvText(value);
}

/** One CSV line (no line break) from its cells. */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document, a line break after every row. */
export function csvRows(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => csvLine(row) + '\n').join('');
}
