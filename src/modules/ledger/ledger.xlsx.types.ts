import { bilingual, closeUp } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { Deadline } from '../documents/index.ts';

/** The columns of a task-division table the reader understands; everything else is kept as `extra`. */
export type TaskColumnRole = 'seq' | 'text' | 'leaders' | 'leadUnits' | 'coUnits' | 'deadline' | 'note';

/** A column found in the header: its 1-based index, its Excel letter and its header as written. */
export interface TaskColumn {
  index: number;
  letter: string;
  header: string;
}

/** One task read from a task-division table (任务分工方案). */
export interface TaskTableRow {
  /** 1-based Excel row number, for messages and for going back to the source. */
  row: number;
  /** 序号 as written ("1", "1.2", "（一）"), or "" when the table has none. */
  seq: string;
  /** The group rows above the task, outermost first, as written (e.g. ['一、加快构建现代化产业体系', '（一）…']). */
  groupPath: string[];
  /** The task itself (重点任务 / 任务内容 …). */
  text: string;
  /** 牵头市领导 / 责任领导, one entry per person, as written. */
  leaders: string[];
  /** 牵头单位 as written; usually one, and when the cell names several the first is the lead. */
  leadUnits: string[];
  /** 责任单位 / 配合单位, as written. */
  coUnits: string[];
  /** 完成时限 as written. */
  deadlineText: string;
  /** The deadline as the documents module understands it (due date, recurrence, ongoing), or null when the cell is empty. */
  deadline: Deadline | null;
  /** 备注 as written. */
  note: string;
  /** Other columns (任务分解, 工作目标, 成果形式 …) keyed by their header as written. */
  extra: Record<string, string>;
}

/** Something in a row the reader could not take as it is; `error` rows are left out of `tasks`. */
export interface TableProblem {
  /** 1-based Excel row number. */
  row: number;
  /** Excel column letter, when one cell is at fault. */
  column?: string;
  field: string;
  /** "中文 / English", as the UI's pickLanguage splits it; the row and column are in `row` and `column`. */
  message: string;
  severity: 'error' | 'warning';
  /** Another sheet that also looks like a task table: a sheet picker that offers it makes the warning redundant. */
  otherSheet?: string;
}

/** A group row (一、… / （一）…) that names a part of the plan. */
export interface TaskTableGroup {
  row: number;
  text: string;
  /** The group's own path, outermost first, ending with its own text. */
  path: string[];
}

/** What {@link readTaskTable} found in a task-division table. */
export interface TaskTableResult {
  fileName: string;
  /** The worksheet read. */
  sheet: string;
  /** Every worksheet of the workbook in order, so a person can choose another one to read. */
  sheets: SheetSummary[];
  /** The title rows above the header, joined ("" when there is none). */
  title: string;
  /** The year 年内/年底前 were read against: the one given, else the title's (2024年…), if any. */
  referenceYear?: number;
  /** First header row (1-based). */
  headerRow: number;
  /** Last header row: greater than `headerRow` when the header spans two rows. */
  headerEndRow: number;
  columns: Partial<Record<TaskColumnRole, TaskColumn>>;
  extraColumns: TaskColumn[];
  groups: TaskTableGroup[];
  tasks: TaskTableRow[];
  /** Notes under the table (注：…, 说明：…), one entry per row. */
  notes: string[];
  problems: TableProblem[];
}

/** A worksheet of the workbook as offered for choosing. */
export interface SheetSummary {
  name: string;
  /** Its header looks like a task table's, so it can be read. */
  taskTable: boolean;
  /** Hidden in Excel: never read unless chosen by name. */
  hidden: boolean;
}

/** Options of {@link readTaskTable}. */
export interface ReadTaskTableOptions {
  /** The year 年内/年底前 refer to; by default the year in the table's title (2024年…), if any. */
  referenceYear?: number;
  /** The worksheet to read, by name; by default the visible one whose header matches best. */
  sheet?: string;
}

/**
 * A task-division table the reader refuses (not an xlsx, encrypted, too large, no sheet or no header), in Chinese and
 * English: the message reads "文件名：中文 / file name: English", naming the row and column when one is to blame.
 * @example new TableInputError('分工方案.xlsx', '文件是空的', 'the file is empty')
 */
export class TableInputError extends ValidationError {
  /** The Chinese half of the reason (without the file name). */
  readonly zh: string;
  /** The English half of the reason (without the file name). */
  readonly en: string;

  constructor(
    readonly fileName: string,
    zh: string,
    en: string,
    readonly where: { row?: number; column?: string } = {},
  ) {
    const atZh = [where.row ? `第 ${where.row} 行` : '', where.column ? `第 ${where.column} 列` : ''].filter(Boolean).join('');
    const at = [where.row ? `row ${where.row}` : '', where.column ? `column ${where.column}` : ''].filter(Boolean).join(', ');
    super(bilingual(`${fileName}${atZh ? `（${atZh}）` : ''}：${zh}`, `${fileName}${at ? `, ${at}` : ''}: ${en}`), [
      { field: where.column ? `column ${where.column}` : 'file', message: bilingual(zh, en), ...(where.row ? { row: where.row } : {}) },
    ]);
    this.zh = closeUp(zh);
    this.en = en;
  }
}

/** Turns a 1-based column index into its Excel letter (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let n = index;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
