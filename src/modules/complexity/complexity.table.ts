/**
 * Reads a long CSV table (one row per location × product [× period]) into the engine's dense
 * periods, refusing anything that would otherwise turn into a silent NaN.
 */
import { parse } from 'csv-parse/sync';
import type { ComplexityPeriodInput } from './complexity.domain.ts';
import { ComplexityInputError } from './complexity.errors.ts';
import { decodeTable, detectDelimiter, ungroupDigits } from './complexity.csv.domain.ts';

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
  /** A name to show beside each location (country name beside its code); `loc` stays the identity. */
  label?: string;
}

/** A parsed table: the engine's input, one dense matrix per period. */
export interface ComplexityTable {
  periods: ComplexityPeriodInput[];
  /** Data rows read (not counting the header). */
  rows: number;
  /** With a label column: each location's label (the first non-empty one met), by location. */
  labels?: Record<string, string>;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** What csv-parse's usual complaints mean, for the Chinese half (any other keeps csv-parse's own English). */
const CSV_FAULT_ZH: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号没有闭合',
  CSV_INVALID_CLOSING_QUOTE: '右引号后面紧跟着其他字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '右引号后面紧跟着其他字符',
};

/**
 * Parses and validates a CSV table; throws {@link ComplexityInputError} naming the line and
 * column of the first problem. Extra columns are ignored.
 * @example parseComplexityCsv(text, { loc: 'Country ID', prod: 'Section ID', val: 'Trade Value' })
 */
export function parseComplexityCsv(text: string | Buffer, columns: ComplexityColumns): ComplexityTable {
  const rows = new RowStore();
  const locations = new Names();
  const products = new Names();
  const periods = new Names();
  /** Per period, population by location index with the line it was first given on. */
  const populations: Map<number, { value: number; line: number }>[] = [];
  let anyNonZero = false;
  let at: Record<'loc' | 'prod' | 'val' | 'time' | 'pop' | 'presence' | 'label', number> | undefined;
  const labels = new Map<number, string>();

  const readHeader = (record: string[]): typeof at => {
    const header = record.map((h) => h.trim());
    const find = (name: string | undefined): number => {
      if (name === undefined) return -1;
      const i = header.indexOf(name);
      if (i < 0) {
        throw new ComplexityInputError(
          `表头（第 1 行）中没有“${name}”列；现有的列为：${header.join('、')}`,
          `Column "${name}" is missing from the header (line 1); the columns are: ${header.join(', ')}`,
          { line: 1, column: name },
        );
      }
      return i;
    };
    return {
      loc: find(columns.loc),
      prod: find(columns.prod),
      val: find(columns.val),
      time: find(columns.time),
      pop: find(columns.pop),
      presence: find(columns.presence),
      label: find(columns.label),
    };
  };

  const readRow = (record: string[], line: number, i: NonNullable<typeof at>): void => {
    const loc = locations.id(name(record, i.loc, columns.loc, line));
    const prod = products.id(name(record, i.prod, columns.prod, line));
    const period = periods.id(i.time >= 0 ? name(record, i.time, columns.time!, line) : '');
    const val = number(cell(record, i.val, columns.val, line), columns.val, line);
    const presence =
      i.presence >= 0 ? zeroOrOne(cell(record, i.presence, columns.presence!, line), columns.presence!, line) : 0;
    rows.push(period, loc, prod, val, presence, line);
    if (i.label >= 0 && !labels.has(loc)) {
      const text = (record[i.label] ?? '').trim();
      if (text) labels.set(loc, text);
    }
    if (val !== 0) anyNonZero = true;

    if (i.pop >= 0) {
      const pop = number(cell(record, i.pop, columns.pop!, line), columns.pop!, line);
      if (pop === 0) {
        throw new ComplexityInputError(
          `第 ${line} 行“${columns.pop}”列：人口须大于 0`,
          `Column "${columns.pop}", line ${line}: population must be more than 0`,
          { line, column: columns.pop },
        );
      }
      const byLocation = (populations[period] ??= new Map());
      const known = byLocation.get(loc);
      if (known && known.value !== pop) {
        throw new ComplexityInputError(
          `“${columns.pop}”列：地区“${locations.names[loc]}”的人口在第 ${known.line} 行为 ${known.value}，在第 ${line} 行却为 ${pop}`,
          `Column "${columns.pop}": location "${locations.names[loc]}" has population ${known.value} ` +
            `on line ${known.line} but ${pop} on line ${line}`,
          { line, column: columns.pop, lines: [known.line, line] },
        );
      }
      if (!known) byLocation.set(loc, { value: pop, line });
    }
  };

  // Parsed a chunk at a time with csv-parse's plain sync API, counting lines ourselves: its
  // per-record `info` costs more than the parsing, and a chunk's records are dropped once read.
  const decoded = typeof text === 'string' ? text : decodeTable(text);
  const source = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const delimiter = detectDelimiter(source.slice(0, 64 * 1024));
  let line = 1;
  for (const chunk of csvChunks(source, 1 << 20)) {
    let records: string[][];
    try {
      records = parse(chunk, { relax_column_count: true, delimiter }) as string[][];
    } catch (error) {
      const e = error as Error & { lines?: number; code?: string };
      const at = e.lines === undefined ? undefined : line - 1 + e.lines;
      throw new ComplexityInputError(
        `文件不是有效的 CSV${at ? `（第 ${at} 行）` : ''}：${CSV_FAULT_ZH[e.code ?? ''] ?? e.message}`,
        `The file is not valid CSV${at ? ` (line ${at})` : ''}: ${e.message}`,
        { line: at },
      );
    }
    for (const record of records) {
      const start = line;
      line += 1 + newlinesIn(record);
      if (record.length === 1 && record[0].trim() === '') continue; // a blank line
      if (!at) at = readHeader(record);
      else readRow(record, start, at);
    }
  }
  if (!at) throw new ComplexityInputError('文件是空的', 'The file is empty', { line: 1 });
  if (rows.length === 0) throw new ComplexityInputError('数据表只有表头，没有数据行', 'The table has a header but no rows', { line: 1 });
  if (locations.names.length < 2) {
    throw new ComplexityInputError(
      `“${columns.loc}”列只有一个地区“${locations.names[0]}”；经济复杂度至少要比较两个地区`,
      `The table has only one location ("${locations.names[0]}"); complexity compares at least two`,
      { column: columns.loc },
    );
  }
  if (products.names.length < 2) {
    throw new ComplexityInputError(
      `“${columns.prod}”列只有一个产品“${products.names[0]}”；经济复杂度至少要比较两个产品`,
      `The table has only one product ("${products.names[0]}"); complexity compares at least two`,
      { column: columns.prod },
    );
  }
  if (!anyNonZero) {
    throw new ComplexityInputError(`“${columns.val}”列的数值全部为 0`, `Every value in column "${columns.val}" is 0`, {
      column: columns.val,
    });
  }

  const result: ComplexityPeriodInput[] = [];
  const rowsOf = rows.groupedBy(periods.names.length);
  for (const label of sortLabels(periods.names)) {
    const period = periods.id(label);
    const periodRows = rowsOf[period];
    const { locs, prods } = rows.namesIn(periodRows, locations.names.length, products.names.length);
    const periodLocations = sortedNames(locations.names, locs);
    const periodProducts = sortedNames(products.names, prods);
    const locAt = positionsOf(periodLocations, locations);
    const prodAt = positionsOf(periodProducts, products);
    const nProd = periodProducts.length;
    const values = new Float64Array(periodLocations.length * nProd);
    const lineAt = new Int32Array(values.length); // 0 = not seen yet
    const presence = at.presence >= 0 ? new Uint8Array(values.length) : undefined;
    for (const r of periodRows) {
      const k = locAt[rows.loc[r]] * nProd + prodAt[rows.prod[r]];
      if (lineAt[k] !== 0) {
        const loc = locations.names[rows.loc[r]];
        const prod = products.names[rows.prod[r]];
        const when = at.time >= 0 ? ` × period "${label}"` : '';
        const whenZh = at.time >= 0 ? `、时期“${label}”` : '';
        throw new ComplexityInputError(
          `第 ${lineAt[k]} 行和第 ${rows.line[r]} 行重复：地区“${loc}”、产品“${prod}”${whenZh}的数据出现了两次`,
          `Duplicate row for location "${loc}" × product "${prod}"${when}: lines ${lineAt[k]} and ${rows.line[r]}`,
          { line: rows.line[r], lines: [lineAt[k], rows.line[r]] },
        );
      }
      lineAt[k] = rows.line[r];
      values[k] = rows.val[r];
      if (presence) presence[k] = rows.presence[r];
    }
    const pop = populations[period];
    result.push({
      period: label,
      locations: periodLocations,
      products: periodProducts,
      values,
      ...(pop ? { population: Float64Array.from(periodLocations, (l) => pop.get(locations.id(l))!.value) } : {}),
      ...(presence ? { presence } : {}),
    });
  }
  return {
    periods: result,
    rows: rows.length,
    ...(columns.label ? { labels: Object.fromEntries([...labels].map(([loc, text]) => [locations.names[loc], text])) } : {}),
  };
}

/** Interns names: each distinct name gets a small integer id, in order of first appearance. */
class Names {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
}

/** The rows of a table as growing typed columns (a few bytes a row instead of an object each). */
class RowStore {
  length = 0;
  period = new Int32Array(1024);
  loc = new Int32Array(1024);
  prod = new Int32Array(1024);
  val = new Float64Array(1024);
  presence = new Uint8Array(1024);
  line = new Int32Array(1024);

  push(period: number, loc: number, prod: number, val: number, presence: number, line: number): void {
    if (this.length === this.val.length) this.grow();
    const r = this.length++;
    this.period[r] = period;
    this.loc[r] = loc;
    this.prod[r] = prod;
    this.val[r] = val;
    this.presence[r] = presence;
    this.line[r] = line;
  }

  /** Row numbers of each period, in file order (a counting sort). */
  groupedBy(nPeriods: number): Int32Array[] {
    const counts = new Int32Array(nPeriods);
    for (let r = 0; r < this.length; r++) counts[this.period[r]]++;
    const groups = Array.from(counts, (n) => new Int32Array(n));
    const filled = new Int32Array(nPeriods);
    for (let r = 0; r < this.length; r++) groups[this.period[r]][filled[this.period[r]]++] = r;
    return groups;
  }

  /** Which location and product ids occur in the given rows (1 where they do). */
  namesIn(rows: Int32Array, nLoc: number, nProd: number): { locs: Uint8Array; prods: Uint8Array } {
    const locs = new Uint8Array(nLoc);
    const prods = new Uint8Array(nProd);
    for (const r of rows) {
      locs[this.loc[r]] = 1;
      prods[this.prod[r]] = 1;
    }
    return { locs, prods };
  }

  private grow(): void {
    const bigger = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.period = bigger(this.period);
    this.loc = bigger(this.loc);
    this.prod = bigger(this.prod);
    this.val = bigger(this.val);
    this.presence = bigger(this.presence);
    this.line = bigger(this.line);
  }
}

function sortedNames(names: string[], present: Uint8Array): string[] {
  return names.filter((_, i) => present[i] === 1).sort(byCodeUnit);
}

/** For each interned id, its position among `sorted` (or -1). */
function positionsOf(sorted: string[], names: Names): Int32Array {
  const at = new Int32Array(names.names.length).fill(-1);
  sorted.forEach((name, i) => (at[names.id(name)] = i));
  return at;
}

/** Slices of CSV text of about `size` characters, each ending at a line break outside quotes. */
export function* csvChunks(text: string, size: number): Generator<string> {
  let from = 0;
  let inQuotes = false;
  let i = 0;
  while (i < text.length) {
    const end = Math.min(from + size, text.length);
    for (; i < end; i++) if (text.charCodeAt(i) === 34) inQuotes = !inQuotes;
    // Past the target size: go on to the next line break outside quotes.
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 34) inQuotes = !inQuotes;
      else if (ch === 10 && !inQuotes) break;
    }
    i = Math.min(i + 1, text.length);
    yield text.slice(from, i);
    from = i;
  }
}

/** A cell's trimmed text, or an error if the row is too short to have it. */
function cell(record: string[], index: number, column: string, line: number): string {
  const v = record[index];
  if (v === undefined) {
    throw new ComplexityInputError(
      `第 ${line} 行缺少“${column}”列的值（这一行的列数不够）`,
      `Line ${line} has no value for column "${column}" (the row is too short)`,
      { line, column },
    );
  }
  return v.trim();
}

/** A non-empty name cell. */
function name(record: string[], index: number, column: string, line: number): string {
  const v = cell(record, index, column, line);
  if (v === '') {
    throw new ComplexityInputError(`第 ${line} 行“${column}”列：名称为空`, `Column "${column}", line ${line}: the name is empty`, {
      line,
      column,
    });
  }
  return v;
}

/** A finite number ≥ 0, or an error naming the column and line. */
function number(written: string, column: string, line: number): number {
  const where = { line, column };
  const text = ungroupDigits(written);
  if (text === '') {
    throw new ComplexityInputError(`第 ${line} 行“${column}”列：数值为空`, `Column "${column}", line ${line}: the value is empty`, where);
  }
  if (!NUMBER.test(text)) {
    throw new ComplexityInputError(
      `第 ${line} 行“${column}”列：“${text}”不是数字`,
      `Column "${column}", line ${line}: "${text}" is not a number`,
      where,
    );
  }
  const v = Number(text);
  if (!Number.isFinite(v)) {
    throw new ComplexityInputError(
      `第 ${line} 行“${column}”列：“${text}”超出数值范围`,
      `Column "${column}", line ${line}: "${text}" is too large`,
      where,
    );
  }
  if (v < 0) {
    throw new ComplexityInputError(
      `第 ${line} 行“${column}”列：${text} 是负数，数值不能小于 0`,
      `Column "${column}", line ${line}: ${text} is negative; values must be ≥ 0`,
      where,
    );
  }
  return v;
}

/** 0 or 1, or an error naming the column and line. */
function zeroOrOne(text: string, column: string, line: number): number {
  const v = NUMBER.test(text) ? Number(text) : NaN;
  if (v !== 0 && v !== 1) {
    throw new ComplexityInputError(
      `第 ${line} 行“${column}”列：是否具备须填 0 或 1，而不是“${text}”`,
      `Column "${column}", line ${line}: presence must be 0 or 1, got "${text}"`,
      { line, column },
    );
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
