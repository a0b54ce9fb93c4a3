/**
 * Reads a long CSV table (one row per location × product [× period]) into the engine's dense
 * periods, refusing anything that would otherwise turn into a silent NaN.
 */
import { parse } from 'csv-parse/sync';
import type { ComplexityPeriodInput } from './complexity.domain.ts';
import { ComplexityInputError } from './complexity.errors.ts';

/** Which CSV columns hold what; names as in the header row. */
export interface ComplexityColumns {
  loc: string;
  prod: string;
  val: string;
  /** Several periods, each computed on its own; without it the whole table is one period. */
  time?: string;
  /** Population per location (repeated on each of its rows): presence by RPOP. */
  pop?: string;
  /** Presence given directly as 0/1 (may be the same column as `val`). */
  presence?: string;
}

/** A parsed table: the engine's input plus what the writer needs to mirror the input. */
export interface ComplexityTable {
  periods: ComplexityPeriodInput[];
  columns: ComplexityColumns;
  /** Data rows read (not counting the header). */
  rows: number;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses and validates a CSV table; throws {@link ComplexityInputError} naming the line and
 * column of the first problem. Extra columns are ignored.
 * @example parseComplexityCsv(text, { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' })
 */
export function parseComplexityCsv(text: string | Buffer, columns: ComplexityColumns): ComplexityTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new ComplexityInputError(`The file is not valid CSV: ${e.message}`, { line: e.lines });
  }
  if (records.length === 0) throw new ComplexityInputError('The file is empty', { line: 1 });
  const header = records[0].record.map((h) => h.trim());
  const at = (name: string | undefined): number => {
    if (name === undefined) return -1;
    const i = header.indexOf(name);
    if (i < 0) {
      throw new ComplexityInputError(
        `Column "${name}" is missing from the header (line 1); the columns are: ${header.join(', ')}`,
        { line: 1, column: name },
      );
    }
    return i;
  };
  const iLoc = at(columns.loc);
  const iProd = at(columns.prod);
  const iVal = at(columns.val);
  const iTime = at(columns.time);
  const iPop = at(columns.pop);
  const iPresence = at(columns.presence);

  interface Row {
    loc: string;
    prod: string;
    val: number;
    presence: number;
    line: number;
  }
  const byPeriod = new Map<string, { rows: Row[]; pop: Map<string, { value: number; line: number }> }>();
  const seen = new Map<string, number>();
  const allLocations = new Set<string>();
  const allProducts = new Set<string>();
  let anyNonZero = false;

  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r];
    const line = info.lines - newlinesIn(record);
    const cell = (i: number, name: string): string => {
      const v = record[i];
      if (v === undefined) {
        throw new ComplexityInputError(`Line ${line} has no value for column "${name}" (the row is too short)`, {
          line,
          column: name,
        });
      }
      return v.trim();
    };
    const name = (i: number, column: string): string => {
      const v = cell(i, column);
      if (v === '') throw new ComplexityInputError(`Column "${column}", line ${line}: the name is empty`, { line, column });
      return v;
    };
    const loc = name(iLoc, columns.loc);
    const prod = name(iProd, columns.prod);
    const period = iTime >= 0 ? name(iTime, columns.time!) : '';
    const val = number(cell(iVal, columns.val), columns.val, line);
    const presence = iPresence >= 0 ? zeroOrOne(cell(iPresence, columns.presence!), columns.presence!, line) : 0;

    const key = `${loc}\u0000${prod}\u0000${period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      const what = `location "${loc}" × product "${prod}"${iTime >= 0 ? ` × period "${period}"` : ''}`;
      throw new ComplexityInputError(`Duplicate row for ${what}: lines ${first} and ${line}`, {
        line,
        lines: [first, line],
      });
    }
    seen.set(key, line);

    let bucket = byPeriod.get(period);
    if (!bucket) byPeriod.set(period, (bucket = { rows: [], pop: new Map() }));
    bucket.rows.push({ loc, prod, val, presence, line });
    allLocations.add(loc);
    allProducts.add(prod);
    if (val !== 0) anyNonZero = true;

    if (iPop >= 0) {
      const pop = number(cell(iPop, columns.pop!), columns.pop!, line);
      if (pop === 0) {
        throw new ComplexityInputError(`Column "${columns.pop}", line ${line}: population must be more than 0`, {
          line,
          column: columns.pop,
        });
      }
      const known = bucket.pop.get(loc);
      if (known && known.value !== pop) {
        throw new ComplexityInputError(
          `Column "${columns.pop}": location "${loc}" has population ${known.value} on line ${known.line} ` +
            `but ${pop} on line ${line}`,
          { line, column: columns.pop, lines: [known.line, line] },
        );
      }
      if (!known) bucket.pop.set(loc, { value: pop, line });
    }
  }

  const rows = records.length - 1;
  if (rows === 0) throw new ComplexityInputError('The table has a header but no rows', { line: 1 });
  if (allLocations.size < 2) {
    throw new ComplexityInputError(
      `The table has only one location ("${[...allLocations][0]}"); complexity compares at least two`,
      { column: columns.loc },
    );
  }
  if (allProducts.size < 2) {
    throw new ComplexityInputError(
      `The table has only one product ("${[...allProducts][0]}"); complexity compares at least two`,
      { column: columns.prod },
    );
  }
  if (!anyNonZero) {
    throw new ComplexityInputError(`Every value in column "${columns.val}" is 0`, { column: columns.val });
  }

  const periods: ComplexityPeriodInput[] = [];
  for (const period of sortLabels([...byPeriod.keys()])) {
    const { rows: periodRows, pop } = byPeriod.get(period)!;
    const locations = [...new Set(periodRows.map((r) => r.loc))].sort(byCodeUnit);
    const products = [...new Set(periodRows.map((r) => r.prod))].sort(byCodeUnit);
    const li = new Map(locations.map((l, i) => [l, i]));
    const pi = new Map(products.map((p, i) => [p, i]));
    const values = new Float64Array(locations.length * products.length);
    const presence = iPresence >= 0 ? new Uint8Array(values.length) : undefined;
    for (const row of periodRows) {
      const k = li.get(row.loc)! * products.length + pi.get(row.prod)!;
      values[k] = row.val;
      if (presence) presence[k] = row.presence;
    }
    periods.push({
      period,
      locations,
      products,
      values,
      ...(iPop >= 0 ? { population: Float64Array.from(locations, (l) => pop.get(l)!.value) } : {}),
      ...(presence ? { presence } : {}),
    });
  }
  return { periods, columns, rows };
}

/** A finite number ≥ 0, or an error naming the column and line. */
function number(text: string, column: string, line: number): number {
  if (text === '') throw new ComplexityInputError(`Column "${column}", line ${line}: the value is empty`, { line, column });
  if (!NUMBER.test(text)) {
    throw new ComplexityInputError(`Column "${column}", line ${line}: "${text}" is not a number`, { line, column });
  }
  const v = Number(text);
  if (!Number.isFinite(v)) {
    throw new ComplexityInputError(`Column "${column}", line ${line}: "${text}" is too large`, { line, column });
  }
  if (v < 0) {
    throw new ComplexityInputError(`Column "${column}", line ${line}: ${text} is negative; values must be ≥ 0`, {
      line,
      column,
    });
  }
  return v;
}

/** 0 or 1, or an error naming the column and line. */
function zeroOrOne(text: string, column: string, line: number): number {
  const v = NUMBER.test(text) ? Number(text) : NaN;
  if (v !== 0 && v !== 1) {
    throw new ComplexityInputError(`Column "${column}", line ${line}: presence must be 0 or 1, got "${text}"`, {
      line,
      column,
    });
  }
  return v;
}

/** Period labels in numeric order when they all are numbers, else in code-unit order. */
export function sortLabels(labels: string[]): string[] {
  const numeric = labels.every((l) => NUMBER.test(l));
  return [...labels].sort(numeric ? (a, b) => Number(a) - Number(b) || byCodeUnit(a, b) : byCodeUnit);
}

/** Plain code-unit order, as pandas sorts string labels. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function newlinesIn(record: string[]): number {
  let n = 0;
  for (const field of record) for (let i = 0; i < field.length; i++) if (field.charCodeAt(i) === 10) n++;
  return n;
}
