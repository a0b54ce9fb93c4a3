import { squeeze } from '../documents/index.ts';
import type { GridView } from './ledger.xlsx.grid.ts';
import { columnLetter, type TaskColumn, type TaskColumnRole } from './ledger.xlsx.types.ts';

/** The header a task-division table was found to have. */
export interface HeaderMatch {
  headerRow: number;
  headerEndRow: number;
  columns: Partial<Record<TaskColumnRole, TaskColumn>>;
  extraColumns: TaskColumn[];
  /** A second task column (具体措施 beside 重点任务), also listed in `extraColumns`. */
  detail?: TaskColumn;
  /**
   * The only unit column is 责任单位 (no 牵头 and no 配合 column): by the usual convention (列第一位的为牵头单位)
   * the first unit of each row leads and the others are responsible units.
   */
  firstUnitLeads?: boolean;
  score: number;
}

/** Rows searched for the header: titles, 附件 lines and a two-row header fit well within them. */
export const HEADER_SEARCH_ROWS = 20;

/** Header words the reader recognises, by what they mean (listed in the error when no header is found). */
export const HEADER_WORDS: Record<string, string[]> = {
  序号: ['序号', '编号'],
  任务: ['重点任务', '任务内容', '工作任务', '主要任务', '具体任务', '工作措施', '工作内容', '改革举措'],
  领导: ['牵头市领导', '责任领导', '市领导', '牵头领导', '分管领导'],
  牵头单位: ['牵头单位', '牵头部门', '主责单位', '责任单位（无牵头列时）'],
  责任单位: ['责任单位', '配合单位', '配合部门', '参与单位', '协同单位'],
  时限: ['完成时限', '时间节点', '完成时间', '时限要求'],
  备注: ['备注'],
};

type Kind = TaskColumnRole | 'units' | 'extra';

// Order matters: 牵头市领导 is a leader before it is 牵头; 任务分解 is an extra before it is a task.
const RULES: [Kind, RegExp][] = [
  ['seq', /^(序号|序|编号|序列号|No\.?|#)$/i],
  ['leaders', /领导|市长|包联|联系市/],
  ['leadUnits', /牵头|主责|主办|第一责任/],
  ['coUnits', /配合|参与|协同|协办|协作|参加|支持单位/],
  ['extra', /^(?!.*(单位|部门)).*(责任人|联系人|联系方式|电话)/],
  ['units', /责任|单位|部门|处室|主体|承办/],
  // 开始时间 beside 完成时间: the deadline is when the work ends.
  ['extra', /开始|起始|启动/],
  ['deadline', /时限|时间|期限|节点|截止|完成时|时序|进度安排/],
  ['note', /^(备注|说明|附注)/],
  ['text', /(任务|措施|举措|事项|内容)$/],
  ['extra', /分解|目标|成果|进展|进度|完成情况|指标|标准|考核|评价|依据|要求/],
  ['text', /任务|措施|举措|内容|事项|工作|项目|重点|要点/],
];

/**
 * Says what a header cell stands for, or null when it is not a header word.
 * @example classifyHeader('牵头市领导') // 'leaders'; classifyHeader('责任单位') // 'units'
 */
export function classifyHeader(raw: string): Kind | null {
  const label = headerKey(raw);
  if (label === '' || label.length > 16 || /^[0-9.\s]+$/.test(label)) return null;
  // 重点任务及工作目标, 完成时限和完成标志: a header naming two things is the column of the first,
  // or of the task when the first is only its goal (目标及任务).
  const parts = label.split(/及|和|与|[、/／]/).filter((p) => p.length >= 2);
  if (parts.length >= 2) {
    const kinds = parts.map(ruleKind);
    if (kinds[0] && kinds[0] !== 'extra') return kinds[0];
    if (kinds.includes('text')) return 'text';
  }
  return ruleKind(label);
}

function ruleKind(label: string): Kind | null {
  for (const [kind, re] of RULES) if (re.test(label)) return kind;
  return null;
}

function headerKey(raw: string): string {
  const s = squeeze(raw).replace(/[：:*＊]+$/, '');
  const bare = s.replace(/[（(][^）)]*[）)]/g, '');
  return bare || s;
}

interface Labelled {
  column: number;
  label: string;
  kind: Kind | null;
  /** True for the hidden cells of a header merged across columns. */
  spanned: boolean;
}

/**
 * Finds the header row (or two rows) of a task table among the first rows of a sheet and maps
 * its columns; null when no row names a task column together with a leader, unit or deadline column.
 */
export function findHeader(view: GridView): HeaderMatch | null {
  let best: HeaderMatch | null = null;
  const last = Math.min(HEADER_SEARCH_ROWS, view.rowCount);
  const singles: (HeaderMatch | null)[] = [];
  for (let r = 1; r <= last + 1 && r <= view.rowCount; r++) singles[r] = mapColumns(view, r, labelRow(view, r, false));
  for (let r = 1; r <= last; r++) {
    let pick = singles[r];
    // Two rows make the header only when together they say more than either row alone
    // (a title row above a one-row header does not).
    const double = r < view.rowCount ? mapColumns(view, r, labelRow(view, r, true), r + 1) : null;
    if (double && double.score > Math.max(singles[r]?.score ?? 0, singles[r + 1]?.score ?? 0)) pick = double;
    if (pick && (!best || pick.score > best.score)) best = pick;
  }
  return best;
}

function labelRow(view: GridView, r: number, twoRows: boolean): Labelled[] {
  const out: Labelled[] = [];
  for (let c = 1; c <= view.colCount; c++) {
    const m = view.merge(r, c);
    const top = view.spread(r, c);
    const spanned = !!m && m.left !== c && m.top === r;
    let label = top;
    let parent = '';
    if (twoRows && !(m && m.bottom > r)) {
      const bottom = view.spread(r + 1, c);
      if (bottom) {
        label = bottom;
        parent = top;
      }
    }
    const bottomSpanned = twoRows && label !== top && isHorizontalSlave(view, r + 1, c);
    const kind = classifyHeader(label) ?? (parent ? classifyHeader(parent) : null);
    out.push({ column: c, label: squeeze(label), kind, spanned: label === top ? spanned : bottomSpanned });
  }
  return out;
}

function isHorizontalSlave(view: GridView, r: number, c: number): boolean {
  const m = view.merge(r, c);
  return !!m && m.left !== c && m.top === r;
}

function mapColumns(view: GridView, r: number, labels: Labelled[], lastHeaderRow = r): HeaderMatch | null {
  const columns: Partial<Record<TaskColumnRole, TaskColumn>> = {};
  const extraColumns: TaskColumn[] = [];
  const units: TaskColumn[] = [];
  let detail: TaskColumn | undefined;
  let recognised = 0;
  for (const l of labels) {
    if (l.spanned || !l.label) continue;
    const col: TaskColumn = { index: l.column, letter: columnLetter(l.column), header: l.label };
    if (!l.kind) {
      extraColumns.push(col);
      continue;
    }
    recognised++;
    if (l.kind === 'units') units.push(col);
    else if (l.kind === 'extra' || columns[l.kind]) {
      extraColumns.push(col);
      // 具体措施 / 任务分解 beside the task: the tasks themselves when the task cell is merged over them.
      if (l.kind === 'text' || /分解|细化/.test(l.label)) detail ??= col;
    }
    else columns[l.kind] = col;
  }
  // 责任单位 is the lead column when the table has no 牵头 column, otherwise the co-unit column.
  const firstUnitLeads = units.length === 1 && !columns.leadUnits && !columns.coUnits;
  for (const col of units) {
    if (!columns.leadUnits) columns.leadUnits = col;
    else if (!columns.coUnits) columns.coUnits = col;
    else extraColumns.push(col);
  }
  if (!columns.text || !(columns.leaders || columns.leadUnits || columns.coUnits || columns.deadline)) return null;
  const roles = Object.keys(columns).length;
  // Header cells are short words; a data row that happens to contain one scores far lower.
  const score = roles * 10 + recognised - extraColumns.length;
  // A row under cells merged down from above (序号 over two rows) starts where those merges start.
  let headerRow = r;
  for (const col of [...Object.values(columns), ...extraColumns]) {
    const m = view.merge(r, col.index);
    if (m && m.top < headerRow) headerRow = m.top;
  }
  let headerEndRow = lastHeaderRow;
  for (let c = 1; c <= view.colCount; c++) {
    for (let h = r; h <= lastHeaderRow; h++) {
      const m = view.merge(h, c);
      if (m && m.top >= r && m.bottom > headerEndRow && m.bottom <= lastHeaderRow + 2) headerEndRow = m.bottom;
    }
  }
  extraColumns.sort((a, b) => a.index - b.index);
  return { headerRow, headerEndRow, columns, extraColumns, ...(detail ? { detail } : {}), ...(firstUnitLeads ? { firstUnitLeads } : {}), score };
}
