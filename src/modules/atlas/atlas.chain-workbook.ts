import ExcelJS from 'exceljs';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { CHAIN_FORMAT, CHAIN_FORMAT_VERSION, STAGES, STAGE_NAMES, type ChainFile, type Stage } from './atlas.chain-format.domain.ts';
import { cellText } from '../../lib/excel-cell.ts';

/**
 * The chain exchange format as an Excel workbook (docs/atlas-chain-format.md, "Excel"): sheets 环节 (one row per
 * segment), 供应关系 (one row per supply edge) and 说明 (the chain's own fields, and how to fill the sheets). A workbook
 * is read into the same structure as a JSON file and checked by the same reader; `placeIssues` then names each
 * problem by sheet and row instead of JSON path.
 */

export const SEGMENT_SHEET = '环节';
export const EDGE_SHEET = '供应关系';
export const INFO_SHEET = '说明';

/** The columns of each sheet: the header written, and the header words a reader also accepts. */
const SEGMENT_COLUMNS = {
  id: ['环节编号', '编号', 'id', 'key'],
  name: ['环节名称', '名称', 'name'],
  parent: ['上级环节编号', '上级编号', '上级环节', 'parent'],
  stage: ['阶段', '上中下游', 'stage'],
  industryCodes: ['国民经济行业代码', '行业代码', 'industryCodes'],
  products: ['关键产品', 'products'],
  technologies: ['关键技术', 'technologies'],
  nameEn: ['英文名称', 'nameEn'],
  description: ['说明', '描述', 'description'],
} as const;
const EDGE_COLUMNS = {
  from: ['供应方环节编号', '供应方', 'from'],
  to: ['需求方环节编号', '需求方', 'to'],
  note: ['备注', 'note'],
} as const;
/** The labels of the 说明 sheet's first column (a row whose label is none of these is read as instructions). */
const INFO_LABELS = { id: '产业链编号', name: '产业链名称', nameEn: '英文名称', version: '版本', description: '简介', source: '来源' } as const;

/** Lists in a cell (products, technologies, codes) are separated by a semicolon or a new line; codes also by 、 , or spaces. */
const LIST_SEPARATOR = /[；;\n]+/;
const CODE_SEPARATOR = /[；;、,，\s]+/;

const STAGE_BY_WORD = new Map<string, Stage>(STAGES.flatMap((s) => [[s, s] as [string, Stage], [STAGE_NAMES[s].zh, s] as [string, Stage]]));

const INSTRUCTIONS = [
  '填写说明 / How to fill this workbook',
  '1. 「环节」工作表每行一个环节：环节编号（字母、数字、.、_、-，在本文件中唯一，各版本间保持不变）、环节名称必填；顶层环节填写阶段（上游、中游或下游）并留空上级环节编号，下级环节填写上级环节编号（阶段可留空，填写时须与上级一致）。',
  '2. 国民经济行业代码按 GB/T 4754-2017 填写门类字母或 2–4 位数字代码，多个以顿号、逗号或空格分隔；关键产品、关键技术多个以分号或换行分隔。',
  '3. 「供应关系」工作表每行一条：供应方环节编号的环节供应需求方环节编号的环节，备注可选；供应关系不能成环。',
  '4. 本表「产业链编号」「产业链名称」必填，「来源」可写多行（内容、链接、备注）。列的顺序可以调整，表头名称不可更改。',
  '5. 导入时整份文件一并检查：任一处有误（编号重复、上级或供应方不存在、成环等）则不导入任何内容，并按工作表和行号列出错误。',
  'Segments: one per row (id and name required; a top-level segment has a stage 上游/中游/下游, a sub-segment names its parent). Supply edges: one per row, from supplies to, no cycles. Lists: separated by ; or new lines. Headers are found by name; column order is free.',
];

/** Where each segment and edge of a workbook came from, to name problems by sheet and row. */
export interface WorkbookPlaces {
  segments: number[];
  edges: number[];
  info: Partial<Record<keyof typeof INFO_LABELS, number>>;
  sources: number[];
}

/** A workbook read: the chain file it holds (unchecked), and where each part of it is. */
export interface ChainWorkbookReading {
  value: unknown;
  places: WorkbookPlaces;
}

/** Whether a file name is an Excel workbook (else a JSON chain file). */
export function isWorkbookName(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.xlsx');
}

/** The stage of every segment of a file, a sub-segment's from its parent's (parents come first in an export). */
function stagesOf(file: ChainFile): Map<string, Stage | undefined> {
  const byId = new Map(file.segments.map((s) => [s.id, s]));
  const out = new Map<string, Stage | undefined>();
  const resolve = (id: string, seen = new Set<string>()): Stage | undefined => {
    if (out.has(id)) return out.get(id);
    const s = byId.get(id);
    if (!s || seen.has(id)) return undefined;
    seen.add(id);
    const stage = s.parent ? (resolve(s.parent, seen) ?? s.stage) : s.stage;
    out.set(id, stage);
    return stage;
  };
  for (const s of file.segments) resolve(s.id);
  return out;
}

function header(sheet: ExcelJS.Worksheet, titles: string[], widths: number[]) {
  sheet.columns = titles.map((t, i) => ({ header: t, width: widths[i] ?? 16, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** A chain file as a workbook a chain office can read and edit, and import again unchanged. */
export async function chainWorkbook(file: ChainFile): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const stages = stagesOf(file);
  const segments = book.addWorksheet(SEGMENT_SHEET);
  const cols = Object.values(SEGMENT_COLUMNS).map((names) => names[0]);
  header(segments, cols, [22, 20, 22, 8, 18, 30, 30, 24, 40]);
  for (const s of file.segments) {
    const stage = stages.get(s.id);
    segments.addRow([
      s.id,
      s.name,
      s.parent ?? '',
      stage ? STAGE_NAMES[stage].zh : '',
      (s.industryCodes ?? []).join('、'),
      (s.products ?? []).join('；'),
      (s.technologies ?? []).join('；'),
      s.nameEn ?? '',
      s.description ?? '',
    ]);
  }
  const edges = book.addWorksheet(EDGE_SHEET);
  header(edges, Object.values(EDGE_COLUMNS).map((names) => names[0]), [22, 22, 40]);
  for (const e of file.edges ?? []) edges.addRow([e.from, e.to, e.note ?? '']);
  const info = book.addWorksheet(INFO_SHEET);
  header(info, ['项目', '内容', '链接', '备注'], [14, 40, 40, 40]);
  const c = file.chain;
  info.addRow([INFO_LABELS.id, c.id]);
  info.addRow([INFO_LABELS.name, c.name]);
  info.addRow([INFO_LABELS.nameEn, c.nameEn ?? '']);
  info.addRow([INFO_LABELS.version, c.version ?? '']);
  info.addRow([INFO_LABELS.description, c.description ?? '']);
  for (const s of c.sources ?? []) info.addRow([INFO_LABELS.source, s.title, s.url ?? '', s.note ?? '']);
  info.addRow([]);
  for (const line of INSTRUCTIONS) info.addRow([line]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The non-empty rows of a sheet, cells trimmed, each with its number as Excel shows it. */
function sheetRows(sheet: ExcelJS.Worksheet): { row: number; cells: string[] }[] {
  const rows: { row: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as ExcelJS.CellValue[]) ?? [];
    const cells: string[] = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
    if (cells.some((c) => c !== '')) rows.push({ row: r.number, cells });
  });
  return rows;
}

/** Which column holds each field, the header row being the sheet's first non-empty row; missing required ones are issues. */
function columnsOf<C extends Record<string, readonly string[]>>(sheetName: string, head: string[], columns: C, required: (keyof C)[], issues: FieldIssue[]): Record<keyof C, number> {
  type K = keyof C;
  const at = {} as Record<K, number>;
  const words = head.map((h) => h.replace(/\s+/g, '').toLowerCase());
  for (const [field, names] of Object.entries(columns) as [K, readonly string[]][]) {
    at[field] = words.findIndex((w) => names.some((n) => n.toLowerCase() === w));
    if (at[field] < 0 && required.includes(field)) {
      issues.push({ field: sheetName, message: bilingual(`缺少「${names[0]}」列`, `has no column "${names[0]}"`) });
    }
  }
  return at;
}

const list = (text: string, separator: RegExp) => text.split(separator).map((x) => x.trim()).filter(Boolean);

/**
 * Reads a workbook into a chain file (unchecked: the chain reader checks it) and where each part came from. A workbook
 * without the 环节 sheet, or a sheet without its required columns, is refused here, naming the sheet.
 */
export async function readChainWorkbook(bytes: Uint8Array, fileName: string): Promise<ChainWorkbookReading> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(bilingual(`${fileName}：无法读取该 xlsx 文件`, `${fileName}: cannot read this xlsx file`), [{ field: 'file', message: bilingual('无法读取该 xlsx 文件', 'cannot read this xlsx file') }]);
  }
  const issues: FieldIssue[] = [];
  const sheetNamed = (name: string) => book.worksheets.find((w) => w.name.trim() === name);
  const places: WorkbookPlaces = { segments: [], edges: [], info: {}, sources: [] };

  const segmentSheet = sheetNamed(SEGMENT_SHEET);
  const segments: Record<string, unknown>[] = [];
  if (!segmentSheet) issues.push({ field: SEGMENT_SHEET, message: bilingual(`缺少工作表「${SEGMENT_SHEET}」`, `the sheet "${SEGMENT_SHEET}" is missing`) });
  else {
    const [head, ...rows] = sheetRows(segmentSheet);
    const col = columnsOf(SEGMENT_SHEET, head?.cells ?? [], SEGMENT_COLUMNS, ['id', 'name'], issues);
    const get = (cells: string[], i: number) => (i >= 0 ? (cells[i] ?? '') : '');
    for (const { row, cells } of rows) {
      const s: Record<string, unknown> = { id: get(cells, col.id), name: get(cells, col.name) };
      const parent = get(cells, col.parent);
      if (parent) s.parent = parent;
      const stage = get(cells, col.stage);
      // A sub-segment's stage is its parent's: the export repeats it so that the sheet reads well, and the reader accepts that.
      if (stage) s.stage = STAGE_BY_WORD.get(stage) ?? STAGE_BY_WORD.get(stage.toLowerCase()) ?? stage;
      const codes = list(get(cells, col.industryCodes), CODE_SEPARATOR);
      if (codes.length) s.industryCodes = codes;
      const products = list(get(cells, col.products), LIST_SEPARATOR);
      if (products.length) s.products = products;
      const technologies = list(get(cells, col.technologies), LIST_SEPARATOR);
      if (technologies.length) s.technologies = technologies;
      const nameEn = get(cells, col.nameEn);
      if (nameEn) s.nameEn = nameEn;
      const description = get(cells, col.description);
      if (description) s.description = description;
      segments.push(s);
      places.segments.push(row);
    }
  }

  const edgeSheet = sheetNamed(EDGE_SHEET);
  const edges: Record<string, unknown>[] = [];
  // Required even when empty: a workbook that lost the sheet would otherwise drop every supply edge as a change.
  if (!edgeSheet) issues.push({ field: EDGE_SHEET, message: bilingual(`缺少工作表「${EDGE_SHEET}」（没有供应关系时保留表头即可）`, `the sheet "${EDGE_SHEET}" is missing (keep it with its header when there are no edges)`) });
  else {
    const [head, ...rows] = sheetRows(edgeSheet);
    if (head) {
      const col = columnsOf(EDGE_SHEET, head.cells, EDGE_COLUMNS, ['from', 'to'], issues);
      for (const { row, cells } of rows) {
        const note = col.note >= 0 ? (cells[col.note] ?? '') : '';
        edges.push({ from: cells[col.from] ?? '', to: cells[col.to] ?? '', ...(note ? { note } : {}) });
        places.edges.push(row);
      }
    }
  }

  const infoSheet = sheetNamed(INFO_SHEET);
  const chain: Record<string, unknown> = {};
  const sources: Record<string, string>[] = [];
  if (!infoSheet) issues.push({ field: INFO_SHEET, message: bilingual(`缺少工作表「${INFO_SHEET}」（产业链编号、名称）`, `the sheet "${INFO_SHEET}" (the chain's id and name) is missing`) });
  else {
    const labels = new Map<string, keyof typeof INFO_LABELS>(Object.entries(INFO_LABELS).map(([k, v]) => [v, k as keyof typeof INFO_LABELS]));
    for (const { row, cells } of sheetRows(infoSheet)) {
      const label = labels.get(cells[0] ?? '');
      if (!label) continue;
      const text = cells[1] ?? '';
      if (label === 'source') {
        if (!text && !cells[2] && !cells[3]) continue;
        sources.push({ title: text, ...(cells[2] ? { url: cells[2] } : {}), ...(cells[3] ? { note: cells[3] } : {}) });
        places.sources.push(row);
        continue;
      }
      places.info[label] ??= row;
      if (text && chain[label] === undefined) chain[label] = text;
    }
    if (sources.length) chain.sources = sources;
  }
  if (issues.length) {
    throw new ValidationError(bilingual(`${fileName} 有 ${issues.length} 处错误，未导入任何内容`, `${fileName} has ${issues.length} problem(s); nothing was imported`), issues);
  }
  return { value: { format: CHAIN_FORMAT, formatVersion: CHAIN_FORMAT_VERSION, chain, segments, edges }, places };
}

const SEGMENT_FIELD_NAMES: Record<string, string> = Object.fromEntries(Object.entries(SEGMENT_COLUMNS).map(([k, names]) => [k, names[0]]));
const EDGE_FIELD_NAMES: Record<string, string> = Object.fromEntries(Object.entries(EDGE_COLUMNS).map(([k, names]) => [k, names[0]]));
const SOURCE_FIELD_NAMES: Record<string, string> = { title: '内容', url: '链接', note: '备注' };

/**
 * The reader's problems named by sheet and row: `edges[11].to` → `供应关系 第13行 需求方环节编号`,
 * `segments[3]` in a message → `环节 第5行`.
 */
export function placeIssues(issues: FieldIssue[], places: WorkbookPlaces): FieldIssue[] {
  const row = (sheet: string, rows: number[], i: number) => (rows[i] === undefined ? sheet : `${sheet} 第${rows[i]}行`);
  const inText = (text: string) =>
    text.replace(/\b(segments|edges)\[(\d+)\]/g, (_, what: string, i: string) => (what === 'segments' ? row(SEGMENT_SHEET, places.segments, Number(i)) : row(EDGE_SHEET, places.edges, Number(i))));
  return issues.map((issue) => {
    const f = issue.field;
    let field = f;
    let m: RegExpMatchArray | null;
    if ((m = f.match(/^segments\[(\d+)\](?:\.(\w+))?/))) {
      const at = row(SEGMENT_SHEET, places.segments, Number(m[1]));
      field = m[2] ? `${at} ${SEGMENT_FIELD_NAMES[m[2]] ?? m[2]}` : at;
    } else if ((m = f.match(/^edges\[(\d+)\](?:\.(\w+))?/))) {
      const at = row(EDGE_SHEET, places.edges, Number(m[1]));
      field = m[2] ? `${at} ${EDGE_FIELD_NAMES[m[2]] ?? m[2]}` : at;
    } else if ((m = f.match(/^chain\.sources\[(\d+)\](?:\.(\w+))?/))) {
      const at = row(INFO_SHEET, places.sources, Number(m[1]));
      field = m[2] ? `${at} ${SOURCE_FIELD_NAMES[m[2]] ?? m[2]}` : at;
    } else if ((m = f.match(/^chain\.(\w+)/))) {
      const label = m[1] as keyof typeof INFO_LABELS;
      const at = places.info[label];
      field = `${INFO_SHEET}${at ? ` 第${at}行` : ''} ${INFO_LABELS[label] ?? m[1]}`;
    } else if (f === 'segments') field = SEGMENT_SHEET;
    else if (f === 'edges') field = EDGE_SHEET;
    return { ...issue, field, message: inText(issue.message) };
  });
}
