/**
 * Pure rules of a cluster's indicators over time: which words name an indicator, how a table of values is read (its
 * header found by wording, one row per indicator and year or the years as columns), and what an import would change.
 * Shared with the browser (the editable table checks a value as the server does).
 */
import { CLUSTER_INDICATORS, CLUSTER_INDICATOR_KEYS, type ClusterIndicator } from './atlas.clusters.domain.ts';

/** One value of a cluster's series: an indicator in a year (quarter 0: the whole year). */
export interface IndicatorValue {
  indicator: ClusterIndicator;
  year: number;
  quarter: number;
  value: number;
  unit: string;
  source: string | null;
}

/** A problem of an imported table, named by its row (as the spreadsheet numbers it) and field. */
export interface TableIssue {
  row: number;
  field: string;
  zh: string;
  en: string;
}

/** Other words tables use for each indicator, besides its key and Chinese name. */
const ALIASES: Record<ClusterIndicator, string[]> = {
  output: ['产值', '总产值', '工业总产值', '集群产值', '规上工业产值', 'output value'],
  revenue: ['营业收入', '营收', '主营业务收入', 'revenue'],
  enterprises: ['企业数', '企业数量', '企业总数', '企业家数', 'enterprises'],
  leading: ['链主企业数', '链主企业', '龙头企业数', '龙头企业', 'leading enterprises'],
  leading_share: ['龙头企业产值占比', '龙头企业占比', '链主企业产值占比', '龙头企业营收占比', 'leading share'],
  specialised: ['专精特新企业数', '专精特新企业', '专精特新', '专精特新中小企业'],
  rd_spending: ['研发投入', '研发经费', '研发经费支出', 'r&d投入', 'r&d经费', 'r&d spending', 'rd spending'],
  patents: ['有效发明专利', '有效发明专利数', '发明专利', '发明专利拥有量', 'invention patents', 'patents'],
  exports: ['出口交货值', '出口额', '出口', 'exports'],
};

const squash = (s: string) => s.replace(/[\s\u3000]+/g, '').replace(/[（(].*?[）)]$/, '').toLowerCase();

/**
 * The indicator a cell names: its key, its Chinese or English name, or a usual alias; a unit in brackets is ignored
 * (产值（亿元）).
 * @example indicatorOf('研发经费（亿元）') // 'rd_spending'
 */
export function indicatorOf(text: string): ClusterIndicator | null {
  const s = squash(text);
  if (!s) return null;
  for (const key of CLUSTER_INDICATOR_KEYS) {
    if (s === key || s === squash(CLUSTER_INDICATORS[key].zh) || s === squash(CLUSTER_INDICATORS[key].en)) return key;
    if (ALIASES[key].some((a) => squash(a) === s)) return key;
  }
  return null;
}

/** A year as tables write it: 2024, 2024年, 2024 年度. */
export function yearOf(text: string): number | null {
  const m = /^(\d{4})\s*(年度?)?$/.exec(text.trim());
  const y = m ? Number(m[1]) : NaN;
  return y >= 1990 && y <= 2100 ? y : null;
}

/** A quarter as tables write it: empty or 全年 (0), 1–4, Q1, 一季度, 第1季度. NaN when unreadable. */
export function quarterOf(text: string): number {
  const s = text.replace(/\s+/g, '').toUpperCase();
  if (!s || s === '全年' || s === '年度' || s === '0') return 0;
  const m = /^(?:Q|第)?([1-4一二三四])(?:季度?)?$/.exec(s);
  if (!m) return NaN;
  return '一二三四'.includes(m[1]!) ? '一二三四'.indexOf(m[1]!) + 1 : Number(m[1]);
}

/** A number as tables write it: thousands separators and a trailing % or unit word allowed. NaN when unreadable. */
export function valueOf(text: string): number {
  const s = text.replace(/[,，\s]/g, '').replace(/(%|％|亿元|万元|家|件|个)$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return NaN;
  return Number(s);
}

/**
 * Checks one value: a finite number, not negative, a share not above 100. Returns the problem, or null.
 * @example valueProblem('leading_share', 120) // { zh: '占比应在 0–100 之间', … }
 */
export function valueProblem(indicator: ClusterIndicator, value: number): { zh: string; en: string } | null {
  if (!Number.isFinite(value)) return { zh: '应为数字', en: 'must be a number' };
  if (value < 0) return { zh: '不能为负数', en: 'must not be negative' };
  if (CLUSTER_INDICATORS[indicator].unit === '%' && value > 100) return { zh: '占比应在 0–100 之间', en: 'a share must be between 0 and 100' };
  if (CLUSTER_INDICATORS[indicator].unit === '家' || CLUSTER_INDICATORS[indicator].unit === '件') {
    if (!Number.isInteger(value)) return { zh: '应为整数', en: 'must be a whole number' };
  }
  return null;
}

/** A value typed into the values table that cannot be saved, by indicator and year, in both languages. */
export interface DraftProblem {
  indicator: ClusterIndicator;
  year: number;
  zh: string;
  en: string;
}

/**
 * The changes a draft of the values table makes (cells as typed, by `indicator|year`, over the annual values kept), or
 * what is wrong with it: text that is no number, a negative value, a share above 100 — each named by indicator and
 * year, so that nothing is saved while any is. An emptied cell deletes its value; an unchanged one is left out.
 * @example draftChanges(new Map([['output|2024', '-5']]), new Map()) // { values: [], problems: [{ indicator: 'output', year: 2024, zh: '产值 2024 年：「-5」不能为负数', … }] }
 */
export function draftChanges(draft: ReadonlyMap<string, string>, kept: ReadonlyMap<string, number>): { values: { indicator: ClusterIndicator; year: number; value: number | null }[]; problems: DraftProblem[] } {
  const values: { indicator: ClusterIndicator; year: number; value: number | null }[] = [];
  const problems: DraftProblem[] = [];
  for (const [key, typed] of draft) {
    const [indicator, y] = key.split('|') as [ClusterIndicator, string];
    const year = Number(y);
    const raw = typed.trim();
    const before = kept.get(key) ?? null;
    if (raw === '') {
      if (before !== null) values.push({ indicator, year, value: null });
      continue;
    }
    const value = valueOf(raw);
    const name = CLUSTER_INDICATORS[indicator];
    const problem = Number.isNaN(value) ? { zh: '不是数字', en: 'is not a number' } : valueProblem(indicator, value);
    if (problem) problems.push({ indicator, year, zh: `${name.zh} ${year} 年：「${raw}」${problem.zh}`, en: `${name.en} ${year}: "${raw}" ${problem.en}` });
    else if (value !== before) values.push({ indicator, year, value });
  }
  const order = (a: { indicator: ClusterIndicator; year: number }, b: { indicator: ClusterIndicator; year: number }) => CLUSTER_INDICATOR_KEYS.indexOf(a.indicator) - CLUSTER_INDICATOR_KEYS.indexOf(b.indicator) || a.year - b.year;
  return { values: values.sort(order), problems: problems.sort(order) };
}

type Column = 'indicator' | 'year' | 'quarter' | 'value' | 'unit' | 'source';
const WORDS: [Column, RegExp][] = [
  ['indicator', /^(指标|指标名称|指标项|indicator)$/i],
  ['year', /^(年份|年度|年|year)$/i],
  ['quarter', /^(季度|quarter)$/i],
  ['value', /^(数值|值|指标值|数据|金额|value)$/i],
  ['unit', /^(单位|计量单位|unit)$/i],
  ['source', /^(来源|数据来源|出处|source)$/i],
];
const HEADER_ROWS = 20;

function columnOf(label: string): Column | null {
  const s = label.replace(/[\s\u3000]+/g, '');
  for (const [c, re] of WORDS) if (re.test(s)) return c;
  return null;
}

/** What a table holds: its header row, its layout, the values read and every problem with its row and field. */
export interface ReadTable {
  headerRow: number;
  layout: 'long' | 'wide';
  values: (IndicatorValue & { row: number })[];
  issues: TableIssue[];
}

/**
 * Reads a table of a cluster's indicators. The header is the first of the first 20 rows that has an indicator column
 * (指标) and either a year and a value column (long: one row per indicator and year, with optional 季度, 单位, 来源) or
 * year columns (wide: 2023, 2024年 …). Every problem is named by its row and field; a wide table's empty cell is no
 * value (nothing changes), a long table's row without a value is a problem. Returns null when no header is found.
 */
export function readIndicatorTable(rows: string[][]): ReadTable | null {
  for (let r = 0; r < Math.min(HEADER_ROWS, rows.length); r++) {
    const cells = rows[r] ?? [];
    const cols: Partial<Record<Column, number>> = {};
    const years: { col: number; year: number }[] = [];
    cells.forEach((cell, c) => {
      const kind = columnOf(cell ?? '');
      if (kind && cols[kind] === undefined) cols[kind] = c;
      const y = yearOf(cell ?? '');
      if (y !== null) years.push({ col: c, year: y });
    });
    if (cols.indicator === undefined) continue;
    if (cols.year !== undefined && cols.value !== undefined) return readLong(rows, r, cols);
    if (years.length > 0) return readWide(rows, r, cols, years);
  }
  return null;
}

const text = (row: string[] | undefined, c: number | undefined) => (c === undefined ? '' : (row?.[c] ?? '').trim());

function readIndicator(raw: string, row: number, issues: TableIssue[]): ClusterIndicator | null {
  const key = indicatorOf(raw);
  if (!raw) issues.push({ row, field: 'indicator', zh: '缺少指标名称', en: 'the indicator is missing' });
  else if (!key) issues.push({ row, field: 'indicator', zh: `无法识别的指标「${raw}」（可用：${CLUSTER_INDICATOR_KEYS.map((k) => CLUSTER_INDICATORS[k].zh).join('、')}）`, en: `unknown indicator "${raw}"` });
  return key;
}

function unitIssue(key: ClusterIndicator, unit: string, row: number, issues: TableIssue[]) {
  const expected = CLUSTER_INDICATORS[key].unit;
  if (unit && unit.replace(/\s+/g, '') !== expected && !(expected === '%' && unit === '％')) {
    issues.push({ row, field: 'unit', zh: `${CLUSTER_INDICATORS[key].zh}的单位应为「${expected}」，表中为「${unit}」`, en: `the unit of ${CLUSTER_INDICATORS[key].en} is "${expected}", the table says "${unit}"` });
  }
}

function readLong(rows: string[][], header: number, cols: Partial<Record<Column, number>>): ReadTable {
  const issues: TableIssue[] = [];
  const values: ReadTable['values'] = [];
  for (let r = header + 1; r < rows.length; r++) {
    const row = rows[r];
    const n = r + 1;
    const get = (c: Column) => text(row, cols[c]);
    if ((['indicator', 'year', 'quarter', 'value'] as const).every((c) => get(c) === '')) continue;
    const key = readIndicator(get('indicator'), n, issues);
    const year = yearOf(get('year'));
    if (year === null) issues.push({ row: n, field: 'year', zh: `年份「${get('year')}」无法识别（应为 1990–2100 的四位年份）`, en: `unreadable year "${get('year')}" (a four-digit year, 1990–2100)` });
    const quarter = quarterOf(get('quarter'));
    if (Number.isNaN(quarter)) issues.push({ row: n, field: 'quarter', zh: `季度「${get('quarter')}」无法识别（应为空、1–4 或 Q1–Q4）`, en: `unreadable quarter "${get('quarter')}" (empty, 1–4 or Q1–Q4)` });
    const raw = get('value');
    const value = valueOf(raw);
    if (!raw) issues.push({ row: n, field: 'value', zh: '缺少数值', en: 'the value is missing' });
    else if (key) {
      const p = valueProblem(key, value);
      if (p) issues.push({ row: n, field: 'value', zh: `数值「${raw}」${p.zh}`, en: `the value "${raw}" ${p.en}` });
    }
    if (key) unitIssue(key, get('unit'), n, issues);
    if (key && year !== null && !Number.isNaN(quarter) && raw && !valueProblem(key, value)) {
      values.push({ row: n, indicator: key, year, quarter, value, unit: CLUSTER_INDICATORS[key].unit, source: get('source') || null });
    }
  }
  return { headerRow: header + 1, layout: 'long', values, issues: withDuplicates(values, issues) };
}

function readWide(rows: string[][], header: number, cols: Partial<Record<Column, number>>, years: { col: number; year: number }[]): ReadTable {
  const issues: TableIssue[] = [];
  const values: ReadTable['values'] = [];
  for (let r = header + 1; r < rows.length; r++) {
    const row = rows[r];
    const n = r + 1;
    const name = text(row, cols.indicator);
    if (!name && years.every((y) => text(row, y.col) === '')) continue;
    const key = readIndicator(name, n, issues);
    if (key) unitIssue(key, text(row, cols.unit), n, issues);
    for (const y of years) {
      const raw = text(row, y.col);
      if (!raw) continue;
      const value = valueOf(raw);
      const p = key ? valueProblem(key, value) : Number.isFinite(value) ? null : { zh: '应为数字', en: 'must be a number' };
      if (p) issues.push({ row: n, field: String(y.year), zh: `${y.year} 年的数值「${raw}」${p.zh}`, en: `the ${y.year} value "${raw}" ${p.en}` });
      else if (key) values.push({ row: n, indicator: key, year: y.year, quarter: 0, value, unit: CLUSTER_INDICATORS[key].unit, source: text(row, cols.source) || null });
    }
  }
  return { headerRow: header + 1, layout: 'wide', values, issues: withDuplicates(values, issues) };
}

function withDuplicates(values: ReadTable['values'], issues: TableIssue[]): TableIssue[] {
  const seen = new Map<string, number>();
  for (const v of values) {
    const k = `${v.indicator}|${v.year}|${v.quarter}`;
    const first = seen.get(k);
    if (first !== undefined && first !== v.row) {
      issues.push({ row: v.row, field: 'indicator', zh: `与第 ${first} 行重复（同一指标、同一年份${v.quarter ? '和季度' : ''}）`, en: `repeats row ${first} (same indicator and year${v.quarter ? ' and quarter' : ''})` });
    } else seen.set(k, v.row);
  }
  return issues.sort((a, b) => a.row - b.row);
}

/** What an import does to one value: added, changed (with the value it replaces) or left as it is. */
export interface IndicatorChange {
  row: number;
  indicator: ClusterIndicator;
  year: number;
  quarter: number;
  before: number | null;
  after: number;
  kind: 'add' | 'change' | 'same';
}

/** Compares the values read with those kept: each one is an addition, a change or the same (values not in the table stay). */
export function plannedChanges(kept: Pick<IndicatorValue, 'indicator' | 'year' | 'quarter' | 'value'>[], read: ReadTable['values']): IndicatorChange[] {
  const before = new Map(kept.map((v) => [`${v.indicator}|${v.year}|${v.quarter}`, v.value]));
  return read.map((v) => {
    const b = before.get(`${v.indicator}|${v.year}|${v.quarter}`);
    return { row: v.row, indicator: v.indicator, year: v.year, quarter: v.quarter, before: b ?? null, after: v.value, kind: b === undefined ? 'add' : b === v.value ? 'same' : 'change' };
  });
}

/**
 * Indicators that are flows over the year (产值, 营业收入, 研发投入, 出口交货值, in 亿元), as against levels at a date
 * (企业数, 专利, 占比). A quarter's value is the year so far (累计, as statistics bulletins publish it): a flow's fourth
 * quarter is its whole year, an earlier quarter only part of it; a level's latest quarter is its latest figure.
 */
export const isFlowIndicator = (indicator: ClusterIndicator) => CLUSTER_INDICATORS[indicator].unit === '亿元';

/** An indicator's figure for a year: the annual value, else its latest quarter (year to date), and whether it is the whole year. */
export interface YearFigure {
  year: number;
  /** 0: the annual value; 1–4: the quarter it is as of. */
  quarter: number;
  value: number;
  /** Whether it stands for the whole year: an annual value, a fourth quarter, or a level's latest quarter. */
  whole: boolean;
}

/**
 * The figure of an indicator for a year from its values: the annual value (quarter 0) where one is entered, else the
 * latest quarter's (year to date). A flow's quarter before the fourth is part of the year (`whole` false).
 * @example yearFigure(values, 'output', 2026) // { year: 2026, quarter: 3, value: 812, whole: false }
 */
export function yearFigure(values: readonly Pick<IndicatorValue, 'indicator' | 'year' | 'quarter' | 'value'>[], indicator: ClusterIndicator, year: number): YearFigure | null {
  let best: Pick<IndicatorValue, 'quarter' | 'value'> | null = null;
  for (const v of values) {
    if (v.indicator !== indicator || v.year !== year) continue;
    if (v.quarter === 0) return { year, quarter: 0, value: v.value, whole: true };
    if (!best || v.quarter > best.quarter) best = v;
  }
  if (!best) return null;
  return { year, quarter: best.quarter, value: best.value, whole: best.quarter === 4 || !isFlowIndicator(indicator) };
}

/**
 * An indicator's latest figure that stands for a whole year (see {@link yearFigure}): the latest year's annual value,
 * fourth quarter, or, for a level, latest quarter; a flow's partial year is passed over for the year before.
 */
export function latestWholeFigure(values: readonly Pick<IndicatorValue, 'indicator' | 'year' | 'quarter' | 'value'>[], indicator: ClusterIndicator): YearFigure | null {
  const years = [...new Set(values.filter((v) => v.indicator === indicator).map((v) => v.year))].sort((a, b) => b - a);
  for (const y of years) {
    const f = yearFigure(values, indicator, y);
    if (f?.whole) return f;
  }
  return null;
}
