import { bilingual } from '../../lib/bilingual.ts';
import type { FieldIssue } from '../../lib/errors.ts';
import type { SizeBand } from './atlas.tables.ts';
import { makeChainLookup, readEvidence, readRowLinks, type ChainLookup, type RowLinks } from './atlas.enterprise-links.domain.ts';
import type { LinkProposer } from './atlas.link-proposals.domain.ts';
import { normaliseUscc, usccProblem } from './atlas.uscc.domain.ts';
import { regionWithin, type RegionFound, type RegionResolver } from './atlas.region-resolve.domain.ts';

/** The fields of an enterprise file, in the order the error report and the template list them. */
export const ENTERPRISE_FIELDS = ['name', 'uscc', 'region', 'province', 'city', 'address', 'size', 'employees', 'tags', 'products', 'founded', 'lng', 'lat', 'chain', 'segments', 'evidence', 'asOf'] as const;
export type EnterpriseField = (typeof ENTERPRISE_FIELDS)[number];

/** Header cells each field is recognised by (compared without spaces, case-folded). */
const HEADER_NAMES: Record<EnterpriseField, string[]> = {
  name: ['企业名称', '名称', '单位名称', '企业', '公司名称', '单位全称', '企业全称', '企业（机构）名称', '机构名称', '纳税人名称', 'name', 'enterprise', 'company'],
  uscc: ['统一社会信用代码', '社会信用代码', '信用代码', 'uscc', 'creditcode', 'unifiedsocialcreditcode'],
  region: [
    '行政区划代码', '区划代码', '地区代码', '所在地区代码', '区划', '行政区划', '所属行政区划', '地区', '所属地区', '所在地区', '区县', '所属区县', '所在区县',
    '区/县', '县区', '所属县区', '所属区', '所在区', '区域', '所属区域', '所在地', '注册地', 'regioncode', 'region', 'district', 'county',
  ],
  province: ['省份', '所属省份', '所在省份', '省', '省/直辖市', '所属省市', 'province'],
  city: ['城市', '所属城市', '所在城市', '地市', '所属地市', '地级市', '市', 'city'],
  address: ['地址', '注册地址', '住所', '经营地址', 'address'],
  size: ['规模', '企业规模', '规模类型', 'size', 'sizeband'],
  employees: ['从业人数', '从业人员', '员工人数', '职工人数', '从业人员数', 'employees'],
  tags: ['标签', '企业标签', '资质', 'tags'],
  products: ['主要产品', '主营产品', '产品', '主营业务', 'products', 'mainproducts'],
  founded: ['成立日期', '成立时间', '注册日期', 'founded', 'foundedon', 'foundingdate'],
  lng: ['经度', '经度E', '东经', 'longitude', 'lng', 'lon', 'long'],
  lat: ['纬度', '纬度N', '北纬', 'latitude', 'lat'],
  chain: ['产业链', '所属产业链', '链', 'chain'],
  segments: ['环节', '所属环节', '产业链环节', '细分环节', 'segment', 'segments'],
  evidence: ['链接依据', '证据强度', '关联依据', 'evidence'],
  asOf: ['数据日期', '数据截至日期', '截至日期', 'asof', 'dataasof'],
};
export const FIELD_NAMES: Record<EnterpriseField, { zh: string; en: string }> = {
  name: { zh: '企业名称', en: 'name' },
  uscc: { zh: '统一社会信用代码', en: 'USCC' },
  region: { zh: '地区', en: 'region' },
  province: { zh: '省份', en: 'province' },
  city: { zh: '城市', en: 'city' },
  address: { zh: '地址', en: 'address' },
  size: { zh: '规模', en: 'size' },
  employees: { zh: '从业人数', en: 'employees' },
  tags: { zh: '标签', en: 'tags' },
  products: { zh: '主要产品', en: 'main products' },
  founded: { zh: '成立日期', en: 'founding date' },
  lng: { zh: '经度', en: 'longitude' },
  lat: { zh: '纬度', en: 'latitude' },
  chain: { zh: '产业链', en: 'chain' },
  segments: { zh: '环节', en: 'segment' },
  evidence: { zh: '链接依据', en: 'evidence' },
  asOf: { zh: '数据日期', en: 'data date' },
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
 * least one other field, or naming three fields without a name column this reader knows (单位全称 …: the person maps
 * it on the import page, and a file read without the page is refused for want of it); null otherwise (a title row,
 * a blank row).
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
  const fields = Object.keys(map).length;
  return (map.name !== undefined && fields >= 2) || fields >= 3 ? map : null;
}

/** The columns a row's region may be read from: its own, or else the enterprise's code or address. */
export const PLACE_FIELDS = ['region', 'province', 'city', 'uscc', 'address'] as const satisfies readonly EnterpriseField[];

/** The header problems: a name column, and a column the region can be read from. */
export function missingColumns(map: ColumnMap): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (map.name === undefined) out.push({ field: 'name', message: bilingual(`缺少“${FIELD_NAMES.name.zh}”列`, `no ${FIELD_NAMES.name.en} column`) });
  if (PLACE_FIELDS.every((f) => map[f] === undefined)) {
    out.push({
      field: 'region',
      message: bilingual('缺少地区列（行政区划代码或地区名称；也可由统一社会信用代码或地址推定）', 'no region column (a region code or place name; the USCC or the address also tell it)'),
    });
  }
  return out;
}

/** Text in NFKC, skipped when it is plain ASCII (which NFKC leaves as it is): most cells of a file are digits and dates. */
function nfkc(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s.normalize('NFKC');
  return s;
}

/**
 * A name as duplicates are found: compatibility forms folded (full-width letters and brackets), spaces removed,
 * Latin letters lower-cased. 天津 示例（科技）有限公司 and 天津示例(科技)有限公司 are the same name.
 */
export function normaliseName(name: string): string {
  return nfkc(name).replace(SPACES, '').toLowerCase();
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
  /** The chain segments the row names (产业链 and 环节 columns), with their evidence and date; absent when it names none. */
  links?: RowLinks;
}

const LIST_SPLIT = /[;；,，、|/\n]+/;
const TAG_SPLIT = /[;；,，、|\n]+/;
const SPACES = /\s+/g;
const DATE = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$/;
const TAG_NOISE = /[\s"“”'‘’「」]/g;
const EMPLOYEE_NOISE = /[,，人\s]/g;
const DEGREE_NOISE = /[°\s]/g;
const DIGIT = /\d/;
const REGION_CODE = /^\d{6}(?!\d)/;
const ENTERPRISE_SUFFIX = /企业$/;
const NO_CHAINS = makeChainLookup([]);

/** A date as offices write it (2019-03-01, 2019/3/1, 2019.3.1, 2019年3月1日, 20190301) as YYYY-MM-DD, or null. */
export function parseDate(raw: string): string | null {
  const s = nfkc(raw).trim();
  const m = DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || y < 1800) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function tagOf(raw: string): (typeof ENTERPRISE_TAGS)[number] | undefined {
  const k = nfkc(raw).replace(TAG_NOISE, '');
  return TAG_ALIASES[k];
}

/** The trimmed text of a field's cell ('' when the file has no such column). */
function cellOf(cells: readonly string[], map: ColumnMap, f: EnterpriseField): string {
  const i = map[f];
  return i === undefined ? '' : (cells[i] ?? '').trim();
}

/** Adds a problem of field `f` (the list made on the first one). */
function problem(issues: FieldIssue[] | null, row: number, f: EnterpriseField, zh: string, en: string): FieldIssue[] {
  const list = issues ?? [];
  list.push({ row, field: FIELD_NAMES[f].zh, message: bilingual(`${FIELD_NAMES[f].zh}${zh}`, `${FIELD_NAMES[f].en} ${en}`) });
  return list;
}

/** A coordinate in decimal degrees within ±limit, or a problem. */
function coordinate(raw: string, f: 'lat' | 'lng', limit: number): number | { zh: string; en: string } | null {
  if (!raw) return null;
  const n = Number(nfkc(raw).replace(DEGREE_NOISE, ''));
  if (!Number.isFinite(n) || !DIGIT.test(raw)) {
    const e = f === 'lat' ? '39.0842' : '117.2009';
    return { zh: ` ${raw} 不是数字（以度为单位的小数，如 ${e}）`, en: `${raw} is not a number (decimal degrees, e.g. ${e})` };
  }
  if (Math.abs(n) > limit) return { zh: ` ${raw} 超出范围（-${limit} 至 ${limit}）`, en: `${raw} is out of range (-${limit} to ${limit})` };
  return n;
}

/**
 * Reads one data row: every problem named by row (the file's own row number) and field, none of them fatal to the
 * others, so a person sees all of a row's problems at once. `regions` reads the row's region (atlas.region-resolve.domain.ts:
 * a code or place name in its region columns, else the USCC's division refined by the address); `chains` the chains
 * the 产业链 and 环节 columns may name (atlas.enterprise-links.domain.ts); `proposer`, when given, proposes links from
 * the main products of a row that names no chain or segment (atlas.link-proposals.domain.ts). Runs for every
 * row of a million-row file: no closures or regular expressions made per row, no NFKC of plain ASCII.
 */
export function readEnterpriseRow(
  cells: readonly string[],
  map: ColumnMap,
  row: number,
  regions: RegionResolver,
  chains: ChainLookup | null = null,
  proposer: LinkProposer | null = null,
): { record: EnterpriseRecord; region: RegionFound; issues?: undefined } | { record?: undefined; region?: undefined; issues: FieldIssue[] } {
  let issues: FieldIssue[] | null = null;

  const name = cellOf(cells, map, 'name').replace(SPACES, ' ');
  if (!name) issues = problem(issues, row, 'name', '为空', 'is empty');
  else if (name.length > 200) issues = problem(issues, row, 'name', '过长（最多 200 字）', 'is too long (at most 200 characters)');

  let uscc: string | null = null;
  let usccValid = false;
  const usccCell = cellOf(cells, map, 'uscc');
  if (usccCell) {
    uscc = normaliseUscc(usccCell);
    const p = usccProblem(uscc);
    if (p) issues = problem(issues, row, 'uscc', ` ${uscc} 无效：${p.zh}`, `${uscc} is not valid: ${p.en}`);
    else usccValid = true;
  }

  const address = cellOf(cells, map, 'address');
  let region: RegionFound | null = null;
  const regionCell = nfkc(cellOf(cells, map, 'region'));
  const placeCells = map.province !== undefined || map.city !== undefined ? nfkc(cellOf(cells, map, 'province') + cellOf(cells, map, 'city')) : '';
  if (regionCell || placeCells) {
    const found = regions.ofColumns(REGION_CODE.test(regionCell) ? regionCell : placeCells + regionCell);
    if ('code' in found) region = found;
    else issues = problem(issues, row, 'region', found.zh, found.en);
  } else {
    // No place in the region columns: the registering authority's division in the USCC, or the address's place
    // where it is the same or finer (the USCC of a Tianjin enterprise often holds 天津市 itself).
    const byUscc = usccValid ? regions.ofUscc(uscc!) : null;
    const byAddress = address ? regions.ofAddress(address) : null;
    region = byAddress && (!byUscc || regionWithin(byAddress.code, byUscc.code)) ? byAddress : byUscc;
    if (!region) {
      const from = map.uscc !== undefined || map.address !== undefined;
      issues = problem(issues, row, 'region', from ? '为空，且无法从统一社会信用代码或地址推定' : '为空', from ? 'is empty and cannot be told from the USCC or the address' : 'is empty');
    }
  }

  let sizeBand: SizeBand | null = null;
  const size = cellOf(cells, map, 'size');
  if (size) {
    sizeBand = SIZE_ALIASES[size.replace(ENTERPRISE_SUFFIX, '').toLowerCase()] ?? null;
    if (!sizeBand) issues = problem(issues, row, 'size', ` ${size} 应为 大型、中型、小型、微型 之一`, `${size} must be one of large, medium, small, micro (大型、中型、小型、微型)`);
  }

  let employees: number | null = null;
  const employeesCell = cellOf(cells, map, 'employees');
  if (employeesCell) {
    const n = Number(nfkc(employeesCell).replace(EMPLOYEE_NOISE, ''));
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) issues = problem(issues, row, 'employees', ` ${employeesCell} 应为非负整数`, `${employeesCell} must be a whole number, 0 or more`);
    else employees = n;
  }

  const tags: string[] = [];
  const tagsCell = cellOf(cells, map, 'tags');
  if (tagsCell) {
    for (const raw of tagsCell.split(TAG_SPLIT)) {
      if (!raw.trim()) continue;
      const t = tagOf(raw);
      if (!t) issues = problem(issues, row, 'tags', `“${raw.trim()}”不是可用的标签（${ENTERPRISE_TAGS.join('、')}）`, `"${raw.trim()}" is not a tag (${ENTERPRISE_TAGS.join(', ')})`);
      else if (!tags.includes(t)) tags.push(t);
    }
  }

  const mainProducts: string[] = [];
  const productsCell = cellOf(cells, map, 'products');
  if (productsCell) {
    for (const raw of productsCell.split(LIST_SPLIT)) {
      const p = raw.trim();
      if (p && mainProducts.length < 50 && !mainProducts.includes(p)) mainProducts.push(p);
    }
  }

  let foundedOn: string | null = null;
  const founded = cellOf(cells, map, 'founded');
  if (founded) {
    foundedOn = parseDate(founded);
    if (!foundedOn) issues = problem(issues, row, 'founded', ` ${founded} 不是有效日期`, `${founded} is not a valid date`);
  }

  const latCell = cellOf(cells, map, 'lat');
  const lngCell = cellOf(cells, map, 'lng');
  let lat: number | null = null;
  let lng: number | null = null;
  const latRead = coordinate(latCell, 'lat', 90);
  if (typeof latRead === 'number') lat = latRead;
  else if (latRead) issues = problem(issues, row, 'lat', latRead.zh, latRead.en);
  const lngRead = coordinate(lngCell, 'lng', 180);
  if (typeof lngRead === 'number') lng = lngRead;
  else if (lngRead) issues = problem(issues, row, 'lng', lngRead.zh, lngRead.en);
  if (Boolean(latCell) !== Boolean(lngCell)) {
    const [has, lacks] = latCell ? (['lat', 'lng'] as const) : (['lng', 'lat'] as const);
    issues = problem(issues, row, lacks, `为空，但${FIELD_NAMES[has].zh}已填：经纬度须同时填写或同时留空`, `is empty while the ${FIELD_NAMES[has].en} is given: give both coordinates or neither`);
  }

  let links: RowLinks | undefined;
  if (map.chain !== undefined || map.segments !== undefined) {
    const found = readRowLinks(chains ?? NO_CHAINS, cellOf(cells, map, 'chain'), cellOf(cells, map, 'segments'), (p) => (issues = problem(issues, row, p.field, p.zh, p.en)));
    if (found.length > 0) {
      const evidenceCell = cellOf(cells, map, 'evidence');
      const evidence = readEvidence(evidenceCell);
      if (!evidence) issues = problem(issues, row, 'evidence', `“${evidenceCell}”应为 强、中、弱 之一`, `"${evidenceCell}" must be one of strong, medium, weak (强、中、弱)`);
      const asOfCell = cellOf(cells, map, 'asOf');
      const asOf = asOfCell ? parseDate(asOfCell) : null;
      if (asOfCell && !asOf) issues = problem(issues, row, 'asOf', ` ${asOfCell} 不是有效日期`, `${asOfCell} is not a valid date`);
      if (evidence) links = { links: found, evidence, asOf };
    }
  }
  if (proposer && !links && mainProducts.length > 0 && !cellOf(cells, map, 'chain') && !cellOf(cells, map, 'segments')) {
    const p = proposer.propose(mainProducts);
    if (p) links = { links: p.links, evidence: 'strong', asOf: null, source: `按主要产品推荐：${p.words.map((w) => `“${w}”`).join('')}` };
  }

  if (issues || !region) return { issues: issues ?? [] };
  return {
    record: { name, nameNorm: normaliseName(name), uscc, regionCode: region.code, address: address || null, sizeBand, employees, tags, mainProducts, foundedOn, lat, lng, ...(links ? { links } : {}) },
    region,
  };
}

/** The message of a duplicate, naming the row it repeats. */
export function duplicateIssue(row: number, kind: 'uscc' | 'name', firstRow: number | null, value: string): FieldIssue {
  const where = firstRow === null ? { zh: '已在库中', en: 'is already in the directory' } : { zh: `与第 ${firstRow} 行重复`, en: `repeats row ${firstRow}` };
  return kind === 'uscc'
    ? { row, field: FIELD_NAMES.uscc.zh, message: bilingual(`统一社会信用代码 ${value} ${where.zh}`, `USCC ${value} ${where.en}`) }
    : { row, field: FIELD_NAMES.name.zh, message: bilingual(`同一地区的企业名称“${value}”${where.zh}`, `the name "${value}" in the same region ${where.en}`) };
}
