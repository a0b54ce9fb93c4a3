import { bilingual } from '../../lib/bilingual.ts';
import type { FieldIssue } from '../../lib/errors.ts';
import type { SizeBand } from './atlas.tables.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';

/** The fields of an enterprise file, in the order the error report and the template list them. */
export const ENTERPRISE_FIELDS = ['name', 'uscc', 'region', 'address', 'size', 'employees', 'tags', 'products', 'founded', 'lng', 'lat'] as const;
export type EnterpriseField = (typeof ENTERPRISE_FIELDS)[number];

/** Header cells each field is recognised by (compared without spaces, case-folded). */
const HEADER_NAMES: Record<EnterpriseField, string[]> = {
  name: ['企业名称', '名称', '单位名称', '企业', '公司名称', 'name', 'enterprise', 'company'],
  uscc: ['统一社会信用代码', '社会信用代码', '信用代码', 'uscc', 'creditcode', 'unifiedsocialcreditcode'],
  region: ['行政区划代码', '区划代码', '地区代码', '所在地区代码', 'regioncode', 'region'],
  address: ['地址', '注册地址', '住所', '经营地址', 'address'],
  size: ['规模', '企业规模', '规模类型', 'size', 'sizeband'],
  employees: ['从业人数', '从业人员', '员工人数', '职工人数', '从业人员数', 'employees'],
  tags: ['标签', '企业标签', '资质', 'tags'],
  products: ['主要产品', '主营产品', '产品', '主营业务', 'products', 'mainproducts'],
  founded: ['成立日期', '成立时间', '注册日期', 'founded', 'foundedon', 'foundingdate'],
  lng: ['经度', '经度E', '东经', 'longitude', 'lng', 'lon', 'long'],
  lat: ['纬度', '纬度N', '北纬', 'latitude', 'lat'],
};
export const FIELD_NAMES: Record<EnterpriseField, { zh: string; en: string }> = {
  name: { zh: '企业名称', en: 'name' },
  uscc: { zh: '统一社会信用代码', en: 'USCC' },
  region: { zh: '行政区划代码', en: 'region code' },
  address: { zh: '地址', en: 'address' },
  size: { zh: '规模', en: 'size' },
  employees: { zh: '从业人数', en: 'employees' },
  tags: { zh: '标签', en: 'tags' },
  products: { zh: '主要产品', en: 'main products' },
  founded: { zh: '成立日期', en: 'founding date' },
  lng: { zh: '经度', en: 'longitude' },
  lat: { zh: '纬度', en: 'latitude' },
};

/** The tags an enterprise may carry. */
export const ENTERPRISE_TAGS = ['上市', '高新技术企业', '专精特新', '专精特新“小巨人”', '链主/龙头'] as const;
const TAG_ALIASES: Record<string, (typeof ENTERPRISE_TAGS)[number]> = {
  上市: '上市',
  上市企业: '上市',
  上市公司: '上市',
  高新技术企业: '高新技术企业',
  高新: '高新技术企业',
  国家高新技术企业: '高新技术企业',
  专精特新: '专精特新',
  专精特新中小企业: '专精特新',
  专精特新小巨人: '专精特新“小巨人”',
  小巨人: '专精特新“小巨人”',
  '链主/龙头': '链主/龙头',
  链主: '链主/龙头',
  龙头: '链主/龙头',
  链主企业: '链主/龙头',
  龙头企业: '链主/龙头',
};
const SIZE_ALIASES: Record<string, SizeBand> = {
  大型: 'large', 大: 'large', large: 'large',
  中型: 'medium', 中: 'medium', medium: 'medium',
  小型: 'small', 小: 'small', small: 'small',
  微型: 'micro', 微: 'micro', micro: 'micro',
};

/** Where each field is in the file: a column index, or absent. */
export type ColumnMap = Partial<Record<EnterpriseField, number>>;

const fold = (s: string) => s.normalize('NFKC').replace(/[\s_\-（）()]/g, '').toLowerCase();

/**
 * Which columns hold which field, when `cells` is a header row: a row naming the enterprise's name column and at
 * least one other field; null otherwise (a title row, a blank row).
 */
export function headerColumns(cells: readonly string[]): ColumnMap | null {
  const map: ColumnMap = {};
  cells.forEach((cell, i) => {
    const f = fold(cell ?? '');
    if (!f) return;
    for (const field of ENTERPRISE_FIELDS) {
      if (map[field] === undefined && HEADER_NAMES[field].some((n) => fold(n) === f)) {
        map[field] = i;
        return;
      }
    }
  });
  return map.name !== undefined && Object.keys(map).length >= 2 ? map : null;
}

/** The header problems: the name and region columns are required. */
export function missingColumns(map: ColumnMap): FieldIssue[] {
  return (['name', 'region'] as const)
    .filter((f) => map[f] === undefined)
    .map((f) => ({ field: f, message: bilingual(`缺少“${FIELD_NAMES[f].zh}”列`, `no ${FIELD_NAMES[f].en} column`) }));
}

/**
 * A name as duplicates are found: compatibility forms folded (full-width letters and brackets), spaces removed,
 * Latin letters lower-cased. 天津 示例（科技）有限公司 and 天津示例(科技)有限公司 are the same name.
 */
export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** One enterprise read from a row. */
export interface EnterpriseRecord {
  name: string;
  nameNorm: string;
  uscc: string | null;
  regionCode: string;
  address: string | null;
  sizeBand: SizeBand | null;
  employees: number | null;
  tags: string[];
  mainProducts: string[];
  foundedOn: string | null;
  /** Coordinates from the file (WGS-84 degrees), both or neither; the 成龙配套 distance prefers them to the district's centre. */
  lat: number | null;
  lng: number | null;
}

const LIST_SPLIT = /[;；,，、|/\n]+/;

/** A date as offices write it (2019-03-01, 2019/3/1, 2019.3.1, 2019年3月1日, 20190301) as YYYY-MM-DD, or null. */
export function parseDate(raw: string): string | null {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1800) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function tagOf(raw: string): (typeof ENTERPRISE_TAGS)[number] | undefined {
  const k = raw.normalize('NFKC').replace(/[\s"“”'‘’「」]/g, '');
  return TAG_ALIASES[k];
}

/**
 * Reads one data row: every problem named by row (the file's own row number) and field, none of them fatal to the
 * others, so a person sees all of a row's problems at once. `regions` are the known region codes.
 */
export function readEnterpriseRow(
  cells: readonly string[],
  map: ColumnMap,
  row: number,
  regions: ReadonlySet<string>,
): { record: EnterpriseRecord; issues?: undefined } | { record?: undefined; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const cell = (f: EnterpriseField) => (map[f] === undefined ? '' : (cells[map[f]!] ?? '').trim());
  const problem = (f: EnterpriseField, zh: string, en: string) =>
    issues.push({ row, field: FIELD_NAMES[f].zh, message: bilingual(`${FIELD_NAMES[f].zh}${zh}`, `${FIELD_NAMES[f].en} ${en}`) });

  const name = cell('name').replace(/\s+/g, ' ');
  if (!name) problem('name', '为空', 'is empty');
  else if (name.length > 200) problem('name', '过长（最多 200 字）', 'is too long (at most 200 characters)');

  let uscc: string | null = null;
  if (cell('uscc')) {
    uscc = normaliseUscc(cell('uscc'));
    const p = usccProblem(uscc);
    if (p) problem('uscc', ` ${uscc} 无效：${p.zh}`, `${uscc} is not valid: ${p.en}`);
  }

  const regionCode = cell('region').normalize('NFKC');
  if (!regionCode) problem('region', '为空', 'is empty');
  else if (!regions.has(regionCode)) problem('region', ` ${regionCode} 不是已知的行政区划代码`, `${regionCode} is not a known region code`);

  let sizeBand: SizeBand | null = null;
  if (cell('size')) {
    sizeBand = SIZE_ALIASES[cell('size').replace(/企业$/, '').toLowerCase()] ?? null;
    if (!sizeBand) problem('size', ` ${cell('size')} 应为 大型、中型、小型、微型 之一`, `${cell('size')} must be one of large, medium, small, micro (大型、中型、小型、微型)`);
  }

  let employees: number | null = null;
  if (cell('employees')) {
    const n = Number(cell('employees').normalize('NFKC').replace(/[,，人\s]/g, ''));
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) problem('employees', ` ${cell('employees')} 应为非负整数`, `${cell('employees')} must be a whole number, 0 or more`);
    else employees = n;
  }

  const tags: string[] = [];
  for (const raw of cell('tags').split(/[;；,，、|\n]+/)) {
    if (!raw.trim()) continue;
    const t = tagOf(raw);
    if (!t) problem('tags', `“${raw.trim()}”不是可用的标签（${ENTERPRISE_TAGS.join('、')}）`, `"${raw.trim()}" is not a tag (${ENTERPRISE_TAGS.join(', ')})`);
    else if (!tags.includes(t)) tags.push(t);
  }

  const mainProducts = [...new Set(cell('products').split(LIST_SPLIT).map((p) => p.trim()).filter(Boolean))].slice(0, 50);

  let foundedOn: string | null = null;
  if (cell('founded')) {
    foundedOn = parseDate(cell('founded'));
    if (!foundedOn) problem('founded', ` ${cell('founded')} 不是有效日期`, `${cell('founded')} is not a valid date`);
  }

  const coordinate = (f: 'lat' | 'lng', limit: number): number | null => {
    const raw = cell(f);
    if (!raw) return null;
    const n = Number(raw.normalize('NFKC').replace(/[°\s]/g, ''));
    if (!Number.isFinite(n) || !/\d/.test(raw)) problem(f, ` ${raw} 不是数字（以度为单位的小数，如 ${f === 'lat' ? '39.0842' : '117.2009'}）`, `${raw} is not a number (decimal degrees, e.g. ${f === 'lat' ? '39.0842' : '117.2009'})`);
    else if (Math.abs(n) > limit) problem(f, ` ${raw} 超出范围（-${limit} 至 ${limit}）`, `${raw} is out of range (-${limit} to ${limit})`);
    else return n;
    return null;
  };
  const lat = coordinate('lat', 90);
  const lng = coordinate('lng', 180);
  if (Boolean(cell('lat')) !== Boolean(cell('lng'))) {
    const [has, lacks] = cell('lat') ? (['lat', 'lng'] as const) : (['lng', 'lat'] as const);
    problem(lacks, `为空，但${FIELD_NAMES[has].zh}已填：经纬度须同时填写或同时留空`, `is empty while the ${FIELD_NAMES[has].en} is given: give both coordinates or neither`);
  }

  if (issues.length) return { issues };
  const address = cell('address');
  return {
    record: { name, nameNorm: normaliseName(name), uscc, regionCode, address: address || null, sizeBand, employees, tags, mainProducts, foundedOn, lat, lng },
  };
}

/** The message of a duplicate, naming the row it repeats. */
export function duplicateIssue(row: number, kind: 'uscc' | 'name', firstRow: number | null, value: string): FieldIssue {
  const where = firstRow === null ? { zh: '已在库中', en: 'is already in the directory' } : { zh: `与第 ${firstRow} 行重复`, en: `repeats row ${firstRow}` };
  return kind === 'uscc'
    ? { row, field: FIELD_NAMES.uscc.zh, message: bilingual(`统一社会信用代码 ${value} ${where.zh}`, `USCC ${value} ${where.en}`) }
    : { row, field: FIELD_NAMES.name.zh, message: bilingual(`同一地区的企业名称“${value}”${where.zh}`, `the name "${value}" in the same region ${where.en}`) };
}
