import { ValidationError } from '../../lib/errors.ts';
import { bilingual, halves } from '../../lib/bilingual.ts';

/** How a node is numbered: one family of markers per style, e.g. `cn-paren` for （一）（二）. */
export type MarkerStyle =
  | 'part' // 第一部分, 第一编
  | 'chapter' // 第一章
  | 'section' // 第一节
  | 'article' // 第一条
  | 'cn-dun' // 一、
  | 'cn-paren' // （一）
  | 'arabic-dot' // 1. 1． 1、
  | 'arabic-paren' // （1） (1) ⑴
  | 'arabic-half-paren' // 1） 1)
  | 'circled' // ①
  | 'annex' // 附件 / 附件1
  | 'document'; // one of several documents a notice wraps, headed by its title (no marker)

/** What a node stands for in the plan: the ledger maps part → article → item. */
export type NodeKind = 'part' | 'chapter' | 'section' | 'article' | 'item' | 'annex';

/** One numbered unit of an official document, with its sub-units. */
export interface DocumentNode {
  /** The numbering as written, e.g. "一、", "（5）", "第三条", "附件1"; empty for a wrapped document (style `document`). */
  marker: string;
  /** The heading sentence without the marker and without its closing punctuation. */
  heading: string;
  /** Body paragraphs of this node (not of its children), joined by "\n". */
  text: string;
  children: DocumentNode[];
  /** Depth in the tree, 1 for top-level nodes. */
  level: number;
  /** The number of the marker as an integer (（十二） → 12, ⑤ → 5, 附件 → 1). */
  ordinal: number;
  kind: NodeKind;
  style: MarkerStyle;
  /** Marker and heading exactly as written, with the heading's closing punctuation (for display). */
  label: string;
  /** 1-based line of the input text where the node starts. */
  sourceLine: number;
}

/** One row of an annex table: a data row, or a one-cell row that groups the rows under it. */
export type DocumentTableRow =
  | { kind: 'row'; cells: string[]; sourceLine: number }
  | { kind: 'group'; text: string; sourceLine: number };

/** A table found in the document, usually in an annex (附件). */
export interface DocumentTable {
  /** The caption line just above the table, if any (e.g. "第二批支持创新相关改革举措推广清单"). */
  title: string | null;
  headers: string[];
  rows: DocumentTableRow[];
  /** Marker of the annex node the table sits in (e.g. "附件2"), or null. */
  annex: string | null;
  sourceLine: number;
}

/** A problem the parser noticed but could work around (numbering gap, duplicate, unreadable date …). */
export interface DocumentWarning {
  line: number;
  message: string;
}

/** The parsed form of an official document (公文). */
export interface ParsedDocument {
  title: string | null;
  /** 发文字号 as written, e.g. "国发〔2019〕4号". */
  docNumber: string | null;
  /** 发文机关 (from the signature, the red header, or the title). */
  issuer: string | null;
  /** 成文日期 as ISO "YYYY-MM-DD", or null. */
  date: string | null;
  /** Paragraphs between the heading matter and the first top-level node, joined by "\n". */
  preamble: string;
  /** Paragraphs after the last article that belong to no article, joined by "\n". */
  closing: string;
  nodes: DocumentNode[];
  tables: DocumentTable[];
  /** 成文日期 as written, e.g. "二〇一九年一月二十四日". */
  dateText: string | null;
  /** 主送机关, e.g. "各省、自治区、直辖市人民政府，国务院各部委、各直属机构". */
  addressee: string | null;
  /** The text of a 通知 that wraps a plan (印发…的通知), before the embedded plan's title; null if none. */
  coveringNotice: string | null;
  /** Title of the plan a covering notice wraps (e.g. "国家职业教育改革实施方案"), or null. */
  embeddedTitle: string | null;
  warnings: DocumentWarning[];
}

/** Options of {@link parseDocumentText}. */
export interface ParseOptions {
  /** File name used in error messages. */
  fileName?: string;
  /**
   * Tables read from the file's own structure (extractDocumentText of a .docx); their rows and
   * headers replace the ones read back from the `| … |` text, matched in order.
   */
  tables?: DocumentTable[];
}

/** Text and tables pulled out of a document file, ready for {@link parseDocumentText}. */
export interface ExtractedDocument {
  /** Plain text, one paragraph per line, pages separated by "\f", tables as `| … |` rows. */
  text: string;
  tables: DocumentTable[];
  format: 'txt' | 'md' | 'docx' | 'pdf';
  warnings: DocumentWarning[];
}

/**
 * A document the engine refuses to read: empty, corrupt, encrypted, too large, not a document. The reason comes as
 * "中文 / English" (see {@link bilingual}) and the message names the file (and line) in both halves; a reason in
 * English alone keeps the English message.
 * @example new DocumentInputError('a.txt', bilingual('文件是空的', 'the document is empty')).message
 * // 'a.txt：文件是空的 / a.txt: the document is empty'
 */
export class DocumentInputError extends ValidationError {
  constructor(
    readonly fileName: string,
    reason: string,
    readonly line?: number,
  ) {
    const { zh, en } = translated(reason);
    const english = `${fileName}${line ? `, line ${line}` : ''}: ${en}`;
    super(zh === null ? english : bilingual(`${fileName}${line ? ` 第 ${line} 行` : ''}：${zh}`, english), [
      { field: 'file', message: reason, ...(line ? { line } : {}) },
    ]);
  }
}

const CJK = /[\u3400-\u9fff]/;

/**
 * The halves of a refusal's reason; zh is null for a reason in English alone (one not translated yet, or a library's
 * own text that happens to hold " / "), whose first half has no Chinese in it.
 */
function translated(reason: string): { zh: string | null; en: string } {
  const { zh, en } = halves(reason);
  return zh !== en && CJK.test(zh) ? { zh, en } : { zh: null, en: reason };
}
