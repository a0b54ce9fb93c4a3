import { bilingual } from '../../lib/bilingual.ts';
import { matchMarker, parseDeadline, splitUnitList, squeeze, STYLE_RANK, type Deadline } from '../documents/index.ts';
import type { GridView } from './ledger.xlsx.grid.ts';
import { classifyHeader, type HeaderMatch } from './ledger.xlsx.header.ts';
import { splitNameList } from './ledger.xlsx.names.ts';
import type { ReadTaskTableOptions, TableProblem, TaskColumn, TaskColumnRole, TaskTableGroup, TaskTableResult, TaskTableRow } from './ledger.xlsx.types.ts';

/** Problems listed one by one before the rest are only counted. */
export const MAX_PROBLEMS = 500;

const NOTE_START = /^(注|说明|备注|附注|填表说明|填报说明|注释)[\s\u3000]*[0-9０-９一二三四五六七八九十]*[\s\u3000]*[：:]/;
const SIGN_OFF = /^(填报人|联系人|审核人|负责人|联系电话|填报单位|填报日期|制表人|制表日期)[\s\u3000]*[：:]/;
const ANNEX_LINE = /^附[\s\u3000]*件[\s\u3000]*[0-9０-９一二三四五六七八九十]*[\s\u3000]*[：:]?$/;
const META_LINE = /^(填报|制表|报送|编制|印发|单位|日期)[^：:]{0,6}[：:]/;
const TOTAL_ROW = /^(合计|小计|总计|共计)/;
const DATE_LINE = /^(?:19|20)[0-9]{2}年[0-9]{1,2}月[0-9]{1,2}日$/;
const BARE_CN_NUMBER = /^[一二三四五六七八九十]{1,3}$/;
const DECIMAL_SEQ = /^[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}$/;
/** The number of a group made by {@link decimalGroupText} ("1.2 产业链" → "1.2"). */
const DECIMAL_GROUP = /^([0-9]{1,3}(?:\.[0-9]{1,3})*) /;
/** An unnumbered group row nests under the numbered ones above it; unnumbered groups are siblings. */
const UNMARKED_RANK = 100;

interface Entry {
  column: number;
  text: string;
  span: number;
}

/**
 * Reads the tasks under a found header: skips blank rows, repeated headers and column-number
 * rows, turns one-text rows into groups (一、 › （一） › 1.) or notes (注：…), fills vertically
 * merged cells down, splits unit and leader lists, and reports every row it cannot take.
 */
export function readTaskRows(
  view: GridView,
  header: HeaderMatch,
  opts: ReadTaskTableOptions = {},
): Omit<TaskTableResult, 'fileName' | 'sheet' | 'sheets'> {
  const { columns } = header;
  const title = readTitle(view, header.headerRow);
  const referenceYear = opts.referenceYear ?? yearOf(title);
  const readers = cellReaders(referenceYear);
  const problems: TableProblem[] = [];
  let hiddenProblems = 0;
  const report = (p: TableProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
    else hiddenProblems++;
  };
  const tasks: TaskTableRow[] = [];
  const groups: TaskTableGroup[] = [];
  const notes: string[] = [];
  const stack: { rank: number; text: string }[] = [];
  let inNotes = false;
  // A 重点任务 cell merged over several rows of 具体措施: the measures are the tasks, the merged task their group.
  const detail = header.detail && columns.text && mergedDown(view, columns.text.index, header.headerEndRow + 1) ? header.detail : undefined;
  let lastOuterRow = 0;

  for (let r = header.headerEndRow + 1; r <= view.rowCount; r++) {
    const entries = ownEntries(view, r);
    if (entries.length === 0) continue;
    const distinct = [...new Set(entries.map((e) => e.text))];
    const single = distinct.length === 1 ? entries[0] : null;
    const textCell = columns.text ? view.filled(r, columns.text.index) : '';

    // 注：… in one cell, or 说明： in the first cell with its text beside it.
    if ((single && inNotes) || NOTE_START.test(entries[0].text)) {
      inNotes = true;
      notes.push(distinct.join(''));
      continue;
    }
    // A hidden row is not what the sender shows: rows left over, deleted or filtered out.
    if (view.hidden(r)) {
      const shown = truncate(textCell || distinct.join(' / '));
      report({
        row: r,
        field: 'row',
        severity: 'warning',
        message: bilingual(`这一行在表格中被隐藏，没有读取；如需导入“${shown}”，请先取消隐藏`, `row is hidden in the sheet and was not read; unhide it to import "${shown}"`),
      });
      continue;
    }
    const totals = TOTAL_ROW.test(squeeze(entries[0].text)) && entries[0].column !== columns.text?.index;
    if (totals || (!textCell && (SIGN_OFF.test(distinct[0]) || isSignature(view, r, single)))) {
      notes.push(distinct.join(' '));
      continue;
    }
    if (isRepeatedHeader(entries) || isColumnNumberRow(entries)) continue;

    const groupText = single && !hasFillFromAbove(view, r)
      ? groupRowText(single, header)
      : (seqGroupText(view, r, header) ?? decimalGroupText(view, r, header) ?? groupOverMergedRoles(view, r, entries, header));
    if (groupText) {
      const rank = groupRank(groupText);
      while (stack.length && stack[stack.length - 1].rank >= rank) stack.pop();
      stack.push({ rank, text: groupText });
      const path = stack.map((g) => g.text);
      // A group row repeated to return to it after its sub-groups is the same group.
      const last = groups.findLast((g) => g.path.length === path.length);
      if (!(last && last.path.every((t, i) => t === path[i]))) groups.push({ row: r, text: groupText, path });
      continue;
    }

    const seq = columns.seq ? view.filled(r, columns.seq.index) : '';
    if (!textCell) {
      const where = columns.text ? { column: columns.text.letter } : {};
      report({
        row: r,
        ...where,
        field: 'text',
        severity: 'error',
        message: seq
          ? bilingual(`序号 ${seq} 在第 ${columns.text?.letter} 列没有任务内容`, `序号 ${seq} has no task text in column ${columns.text?.letter}`)
          : bilingual(
              `第 ${columns.text?.letter} 列没有任务内容；这一行只有“${truncate(distinct.join(' / '))}”`,
              `no task text in column ${columns.text?.letter}; the row holds only "${truncate(distinct.join(' / '))}"`,
            ),
      });
      continue;
    }
    // Task "3" after group "2 民生保障" (whose tasks were 2.1, 2.2) no longer belongs to it.
    const decimalSeq = squeeze(seq).replace(/．/g, '.');
    if (DECIMAL_SEQ.test(decimalSeq)) {
      for (let top = stack.at(-1); top; top = stack.at(-1)) {
        const group = DECIMAL_GROUP.exec(top.text)?.[1];
        if (!group || decimalSeq.startsWith(`${group}.`)) break;
        stack.pop();
      }
    }
    let text = textCell;
    let groupPath = stack.map((g) => g.text);
    if (detail) {
      const measure = view.filled(r, detail.index);
      if (measure && measure !== textCell) {
        const outerRow = view.merge(r, columns.text!.index)?.top ?? r;
        groupPath = [...groupPath, textCell];
        text = measure;
        if (outerRow !== lastOuterRow) groups.push({ row: outerRow, text: textCell, path: groupPath });
        lastOuterRow = outerRow;
      }
    }
    const task = readTask(view, r, header, seq, text, groupPath, readers, detail);
    tasks.push(task);
    if (columns.leadUnits && task.leadUnits.length === 0) {
      report({ row: r, column: columns.leadUnits.letter, field: 'leadUnits', severity: 'warning', message: bilingual('未填写牵头单位', 'no lead unit (牵头单位)') });
    }
    if (task.deadline && !task.deadline.understood) {
      report({
        row: r,
        column: columns.deadline!.letter,
        field: 'deadline',
        severity: 'warning',
        message: bilingual(
          `完成时限“${truncate(task.deadlineText)}”无法识别，按原文保留`,
          `deadline "${truncate(task.deadlineText)}" not understood; kept as written`,
        ),
      });
    }
  }
  if (tasks.length === 0) {
    problems.unshift({ row: header.headerEndRow, field: 'table', severity: 'warning', message: bilingual('表头下面没有任务行', 'no task rows under the header') });
  }
  if (header.firstUnitLeads && tasks.length > 0) {
    problems.unshift({
      row: header.headerRow,
      column: columns.leadUnits!.letter,
      field: 'leadUnits',
      severity: 'warning',
      message: bilingual(
        '表中只有“责任单位”列：每行列第一位的单位作为牵头单位，其余作为责任单位',
        'only a 责任单位 column: the first unit of each row is taken as its lead unit (列第一位的为牵头单位), the others as responsible units',
      ),
    });
  }
  if (!columns.leadUnits) {
    problems.unshift({
      row: header.headerRow,
      field: 'leadUnits',
      severity: 'warning',
      message: bilingual('表中没有“牵头单位”或“责任单位”列，任务都没有牵头单位', 'the table has no 牵头单位/责任单位 column; tasks have no lead unit'),
    });
  }
  if (hiddenProblems > 0) {
    problems.push({ row: view.rowCount, field: 'table', severity: 'warning', message: bilingual(`另有 ${hiddenProblems} 个问题未列出`, `${hiddenProblems} more problems not listed`) });
  }
  return {
    title,
    ...(referenceYear ? { referenceYear } : {}),
    headerRow: header.headerRow,
    headerEndRow: header.headerEndRow,
    columns,
    extraColumns: header.extraColumns,
    groups,
    tasks,
    notes,
    problems,
  };
}

function readTask(
  view: GridView,
  r: number,
  header: HeaderMatch,
  seq: string,
  text: string,
  groupPath: string[],
  readers: CellReaders,
  detail: TaskColumn | undefined,
): TaskTableRow {
  const { columns } = header;
  const cell = (col: TaskColumn | undefined) => (col ? view.filled(r, col.index) : '');
  const deadlineText = cell(columns.deadline);
  const leads = columns.leadUnits ? readers.leadUnits(cell(columns.leadUnits), view.boldParts(r, columns.leadUnits.index)) : [];
  const units = header.firstUnitLeads
    ? { leadUnits: leads.slice(0, 1), coUnits: leads.slice(1) }
    : { leadUnits: leads, coUnits: readers.units(cell(columns.coUnits)) };
  const extra: Record<string, string> = {};
  for (const col of header.extraColumns) {
    if (col === detail) continue;
    const value = cell(col);
    if (value) extra[col.header] = value;
  }
  return {
    row: r,
    seq,
    groupPath,
    text,
    leaders: splitNameList(cell(columns.leaders)),
    ...units,
    deadlineText,
    deadline: deadlineText ? readers.deadline(deadlineText) : null,
    note: cell(columns.note),
    extra,
  };
}

interface CellReaders {
  leadUnits(raw: string, bold: string[]): string[];
  units(raw: string): string[];
  deadline(text: string): Deadline;
}

/** Cell readers remembered per text: a table repeats its units and deadline phrases row after row. */
function cellReaders(referenceYear: number | undefined): CellReaders {
  const remember = <T>(read: (raw: string) => T, copy: (value: T) => T) => {
    const seen = new Map<string, T>();
    return (raw: string): T => {
      let value = seen.get(raw);
      if (value === undefined) {
        value = read(raw);
        if (seen.size < 10_000) seen.set(raw, value);
      }
      return copy(value);
    };
  };
  const list = (names: string[]) => [...names];
  const leadUnits = remember((raw: string) => leadFirst(raw, []), list);
  return {
    leadUnits: (raw, bold) => (bold.length ? leadFirst(raw, bold) : leadUnits(raw)),
    units: remember(splitUnitList, list),
    deadline: remember((text) => parseDeadline(text, referenceYear ? { referenceYear } : {}), (d) => structuredClone(d)),
  };
}

/**
 * Splits the lead-unit cell with the documents module's unit splitter (which drops role notes
 * such as （牵头）), putting first the unit such a note, or bold type, marks as the lead.
 */
function leadFirst(raw: string, bold: string[]): string[] {
  const units = splitUnitList(raw);
  const marked = splitNameList(raw).find((piece) => /牵头/.test(piece)) ?? bold.find((piece) => splitUnitList(piece).length > 0);
  const lead = marked ? splitUnitList(marked)[0] : undefined;
  if (!lead || units[0] === lead || !units.includes(lead)) return units;
  return [lead, ...units.filter((u) => u !== lead)];
}

function yearOf(title: string): number | undefined {
  const m = /((?:19|20)\d{2})\s*年/.exec(title);
  return m ? Number(m[1]) : undefined;
}

/** The texts a row holds itself (not the values merged into it from above or from the left). */
function ownEntries(view: GridView, r: number): Entry[] {
  const out: Entry[] = [];
  for (let c = 1; c <= view.colCount; c++) {
    const m = view.merge(r, c);
    if (m && (m.top !== r || m.left !== c)) continue;
    const text = view.own(r, c);
    if (text) out.push({ column: c, text, span: m ? m.right - m.left + 1 : 1 });
  }
  return out;
}

/**
 * The issuer and date under a table (天津市人民政府办公厅 / 2024年3月1日): a lone date, or a lone
 * text right above one.
 */
function isSignature(view: GridView, r: number, single: Entry | null): boolean {
  if (!single) return false;
  if (DATE_LINE.test(squeeze(single.text))) return true;
  for (let next = r + 1; next <= view.rowCount; next++) {
    const entries = ownEntries(view, next);
    if (entries.length === 0) continue;
    return entries.length === 1 && DATE_LINE.test(squeeze(entries[0].text));
  }
  return false;
}

/** True when a column has a cell merged down over two or more data rows. */
function mergedDown(view: GridView, column: number, firstDataRow: number): boolean {
  for (let r = firstDataRow; r <= view.rowCount; r++) {
    const m = view.merge(r, column);
    if (m && m.left === column && m.top >= firstDataRow && m.bottom > m.top) return true;
  }
  return false;
}

function hasFillFromAbove(view: GridView, r: number): boolean {
  for (let c = 1; c <= view.colCount; c++) {
    const m = view.merge(r, c);
    if (m && m.top < r && m.left === c && view.own(m.top, m.left)) return true;
  }
  return false;
}

/** The text of a one-text row when it names a group: merged across, numbered as a part, or in the 序号/first column. */
function groupRowText(entry: Entry, header: HeaderMatch): string | null {
  const { columns } = header;
  if (entry.span >= 2) return entry.text;
  // A bare number in the 序号 column is a numbered row left empty, not a group.
  if (/^[0-9０-９.．-]+$/.test(squeeze(entry.text))) return null;
  if (entry.column === columns.seq?.index || (entry.column === 1 && columns.text?.index !== 1)) return entry.text;
  const marker = matchMarker(entry.text);
  if (marker && marker.style !== 'annex' && STYLE_RANK[marker.style] <= STYLE_RANK['cn-paren']) return entry.text;
  return null;
}

/** A group written as 序号 "一" (or "（一）") with its name in the task column and nothing else in the row. */
function seqGroupText(view: GridView, r: number, header: HeaderMatch): string | null {
  const { columns } = header;
  if (!columns.seq || !columns.text) return null;
  const seq = squeeze(view.filled(r, columns.seq.index));
  const text = view.filled(r, columns.text.index);
  if (!seq || !text) return null;
  for (let c = 1; c <= view.colCount; c++) {
    if (c !== columns.seq.index && c !== columns.text.index && view.filled(r, c)) return null;
  }
  if (BARE_CN_NUMBER.test(seq)) return `${seq}、${text}`;
  const marker = matchMarker(seq);
  if (marker && marker.rest === '' && STYLE_RANK[marker.style] <= STYLE_RANK['cn-paren'] && marker.style !== 'annex') {
    return `${seq}${text}`;
  }
  return null;
}

/**
 * A group row that also starts a leader or unit merged down over the group's tasks (牵头市领导
 * written once for the part): the group is the one other text, merged across or numbered 一、/（一）.
 */
function groupOverMergedRoles(view: GridView, r: number, entries: Entry[], header: HeaderMatch): string | null {
  if (hasFillFromAbove(view, r)) return null;
  const roleColumns = new Set(['leaders', 'leadUnits', 'coUnits', 'deadline'].map((role) => header.columns[role as TaskColumnRole]?.index));
  const rest = entries.filter((e) => {
    const m = view.merge(r, e.column);
    return !(roleColumns.has(e.column) && m && m.top === r && m.bottom > r);
  });
  if (rest.length !== 1 || rest.length === entries.length) return null;
  const [entry] = rest;
  const marker = matchMarker(entry.text);
  const numbered = !!marker && marker.style !== 'annex' && STYLE_RANK[marker.style] <= STYLE_RANK['cn-paren'];
  return entry.span >= 2 || numbered ? entry.text : null;
}

/**
 * A group numbered as the parent of the rows under it: 序号 "1" with a name and no units or
 * deadline, when its name is merged across the row or the next 序号 is "1.1".
 */
function decimalGroupText(view: GridView, r: number, header: HeaderMatch): string | null {
  const { columns } = header;
  if (!columns.seq || !columns.text) return null;
  const seq = squeeze(view.filled(r, columns.seq.index)).replace(/．/g, '.').replace(/\.$/, '');
  const text = view.filled(r, columns.text.index);
  if (!DECIMAL_SEQ.test(seq) || !text) return null;
  for (const role of ['leaders', 'leadUnits', 'coUnits', 'deadline'] as const) {
    const col = columns[role];
    if (col && view.filled(r, col.index)) return null;
  }
  const m = view.merge(r, columns.text.index);
  const spansRow = !!m && m.top === r && m.right > m.left;
  return spansRow || nextSeq(view, r, columns.seq.index).startsWith(`${seq}.`) ? `${seq} ${text}` : null;
}

/** The next 序号 written below a row, "." for "．". */
function nextSeq(view: GridView, r: number, column: number): string {
  for (let next = r + 1; next <= view.rowCount; next++) {
    const m = view.merge(next, column);
    if (m && m.top < next) continue;
    const seq = squeeze(view.own(next, column)).replace(/．/g, '.');
    if (seq) return seq;
  }
  return '';
}

function groupRank(text: string): number {
  const decimal = DECIMAL_GROUP.exec(text);
  // "1 产业发展" › "1.1 产业链": one level deeper per part, all below the 一、/（一） levels.
  if (decimal) return STYLE_RANK['arabic-dot'] + decimal[1].split('.').length / 10;
  const marker = matchMarker(text);
  return marker && marker.style !== 'annex' ? STYLE_RANK[marker.style] : UNMARKED_RANK;
}

/** A header repeated inside the data (tables pasted from Word repeat it on every page). */
function isRepeatedHeader(entries: Entry[]): boolean {
  if (entries.length < 3) return false;
  const kinds = new Set<string>();
  for (const e of entries) {
    const kind = classifyHeader(e.text);
    if (!kind) return false;
    kinds.add(kind);
  }
  return kinds.has('text') && kinds.size >= 3;
}

/** A row numbering the columns (1 2 3 4 …) under the header. */
function isColumnNumberRow(entries: Entry[]): boolean {
  if (entries.length < 3) return false;
  return entries.every((e, i) => squeeze(e.text).replace(/[（()）]/g, '') === String(i + 1));
}

function readTitle(view: GridView, headerRow: number): string {
  const lines: string[] = [];
  for (let r = 1; r < headerRow; r++) {
    const line = ownEntries(view, r)
      .map((e) => e.text)
      .join(' ');
    if (!line || ANNEX_LINE.test(squeeze(line)) || META_LINE.test(squeeze(line))) continue;
    lines.push(line.replace(/\n/g, ''));
  }
  return lines.join('');
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
