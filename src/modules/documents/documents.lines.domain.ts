/**
 * From raw text to paragraphs: page numbers and running headers out, doubled (fake-bold) lines
 * collapsed, hard-wrapped lines joined. Tables (`| … |` rows) are kept aside as blocks.
 */
import type { DocumentWarning } from './documents.types.ts';
import { matchMarker } from './documents.numbering.domain.ts';
import { displayWidth, squeeze, toAsciiDigits, trimAll } from './documents.text.domain.ts';
import { DATE_ONLY } from './documents.dates.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';

/** One line of the input, trimmed, with where it came from. */
export interface SourceLine {
  text: string;
  /** 1-based line number in the input text. */
  line: number;
  /** 1-based page (pages are separated by form feeds). */
  page: number;
  /** The line began with indentation (two or more spaces or a full-width space). */
  indented: boolean;
  /** A blank line came before this one. */
  afterBlank: boolean;
  isTable: boolean;
}

/** A paragraph of body text, or a placeholder where a table stood. */
export interface Paragraph {
  text: string;
  line: number;
  /** Index into the table blocks when this paragraph stands for a table. */
  tableIndex?: number;
}

/** Consecutive `| … |` rows as found in the text. */
export interface TableBlock {
  line: number;
  rows: { cells: string[]; line: number }[];
}

/** Terminal punctuation: a line ending with it may end a paragraph. */
export const TERMINAL_END = /(?:[。！？!?；;：:…]|[。！？!?][”’」』）)])$/;
const CONTINUATION_END = /[，,、（(“‘《〈【—－-]$/;
const LEADING_CLOSER = /^[，,。、；;：:！？!?）)》〉】”’」』]/;
const DOCUMENT_ENDING = /^(全党|全军|全国各族|让我们|特此|此复|本(决定|意见|方案|通知|办法|规定|条例|细则|措施)[^。]{0,20}(自|由))/;
const ADOPTION_OPENING = /^[（(][ \u3000]*(?:[0-9０-９]{4}|[〇○零一二三四五六七八九]{4})[ \u3000]*年/;
const DANGLING_WORD_END = /[的和与及或并把将对在为向从以等]$/;

/** Splits text into trimmed lines, numbering them and counting pages at form feeds. */
export function splitLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  let page = 1;
  let afterBlank = false;
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let s = raw[i];
    if (s.includes('\f')) {
      const pieces = s.split('\f');
      page += pieces.length - 1;
      s = pieces.join(' ');
    }
    const trimmed = trimAll(s);
    const isTable = trimmed[0] === '|' || trimmed[0] === '｜';
    const text = isTable ? trimmed : closeUpSpacing(trimmed);
    if (text === '') {
      afterBlank = true;
      continue;
    }
    out.push({
      text,
      line: i + 1,
      page,
      indented: /^(?: {2,}|\u3000|\t)/.test(s),
      afterBlank,
      isTable,
    });
    afterBlank = false;
  }
  return out;
}

const CJK = '\\u4e00-\\u9fff';
// Digits set in a Latin font are separate runs in a PDF, and text extraction puts spaces around
// them: "国发〔2019〕 4 号", "2001 年 10 月 17 日", "全市首批 100 个".
const SPACE_BEFORE_DIGITS = new RegExp(`([${CJK}〔〕（）《》“”、，。；：])[ \\t]+(?=[0-9]|[(（][0-9])`, 'g');
const SPACE_AFTER_DIGITS = new RegExp(`([0-9])[ \\t]+(?=[年月日号时分秒万亿千百元个家项条款章节人次届期批类级倍%％〕）》”、，。；：])`, 'g');

/**
 * Closes up the spaces PDF text extraction leaves in Chinese text: around numbers in a Latin
 * font, and between the characters of a line spread out to fill its width ("（ 联 系 人 ： 王 五 ）").
 * Spaces between words (joint issuers "某市财政局 某市税务局") stay.
 * @example closeUpSpacing('2001 年 10 月 17 日') // '2001年10月17日'
 */
export function closeUpSpacing(line: string): string {
  let text = line;
  const tokens = text.split(/[ \t]+/);
  // Letter-spaced: most pieces between spaces are one character.
  if (tokens.length >= 5 && tokens.filter((t) => [...t].length === 1).length >= tokens.length * 0.7) text = tokens.join('');
  return text.replace(SPACE_BEFORE_DIGITS, '$1').replace(SPACE_AFTER_DIGITS, '$1');
}

const PAGE_NUMBER_PATTERNS = [
  /^[-—–－─﹣‐~～_·•]+\s*\d{1,4}\s*[-—–－─﹣‐~～_·•]+$/, // — 3 —, -3-
  /^\d{1,3}$/, // a lone page number
  /^第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
  /^[-—–－─]+\s*[一二三四五六七八九十百]{1,4}\s*[-—–－─]+$/,
];

/** True when a line is only a page number, in any of the usual styles. */
export function isPageNumber(text: string): boolean {
  const s = toAsciiDigits(text);
  return PAGE_NUMBER_PATTERNS.some((re) => re.test(s));
}

const TITLE_END_WORDS =
  /(通知|决定|意见|方案|办法|规定|条例|细则|报告|批复|通报|函|纲要|规划|计划|决议|公告|通告|清单|要点|措施|指引|指南|章程|规则|准则)$/;

/**
 * Drops page numbers and running headers/footers (a short line repeated on many pages,
 * compared with its digits blanked so "公报 — 3 —" and "公报 — 4 —" count as one).
 */
export function removePageArtifacts(lines: SourceLine[], warnings: DocumentWarning[]): SourceLine[] {
  const kept = lines.filter((l) => l.isTable || !isPageNumber(l.text));
  const pages = kept.length ? kept[kept.length - 1].page : 1;

  const byKey = new Map<string, SourceLine[]>();
  kept.forEach((l) => {
    if (l.isTable || displayWidth(l.text) > 40 || matchMarker(l.text)) return;
    const key = squeeze(toAsciiDigits(l.text)).replace(/\d+/g, '#');
    const list = byKey.get(key);
    if (list) list.push(l);
    else byKey.set(key, [l]);
  });

  const drop = new Set<SourceLine>();
  const pageEdges = pages > 1 ? edgeLines(kept) : null;
  for (const [, occurrences] of byKey) {
    if (occurrences.length < 2) continue;
    let isRunning: boolean;
    if (pageEdges) {
      const atEdges = occurrences.filter((o) => pageEdges.has(o));
      const onPages = new Set(atEdges.map((o) => o.page));
      // A header stands once a page, at its edge; a word found several times a page or mostly
      // inside pages is content (a table column of "全国" extracted cell by cell).
      const perPage = new Map<number, number>();
      for (const o of occurrences) perPage.set(o.page, (perPage.get(o.page) ?? 0) + 1);
      const content = Math.max(...perPage.values()) > 2 || atEdges.length < occurrences.length / 2;
      isRunning = onPages.size >= Math.max(2, Math.ceil(pages * 0.4)) && !content;
    } else {
      const spread = new Set(occurrences.map((o) => o.line)).size;
      isRunning = occurrences.length >= 3 && spread >= 3 && !TERMINAL_END.test(occurrences[0].text) && !consecutive(occurrences);
    }
    if (!isRunning) continue;
    occurrences.forEach((o, i) => {
      // The first copy at the very top of the document is probably the real title.
      const isTitle = i === 0 && kept.indexOf(o) < 3 && TITLE_END_WORDS.test(o.text);
      if (!isTitle) drop.add(o);
    });
    warnings.push({ line: occurrences[0].line, message: bilingual(`已去掉重复出现的页眉或页脚“${occurrences[0].text}”（${occurrences.length} 处）`, `running header/footer removed: "${occurrences[0].text}" (${occurrences.length}×)`) });
  }
  return drop.size ? kept.filter((l) => !drop.has(l)) : kept;
}

function edgeLines(lines: SourceLine[]): Set<SourceLine> {
  const byPage = new Map<number, SourceLine[]>();
  for (const l of lines) {
    const list = byPage.get(l.page);
    if (list) list.push(l);
    else byPage.set(l.page, [l]);
  }
  const edges = new Set<SourceLine>();
  for (const list of byPage.values()) {
    list.slice(0, 3).forEach((l) => edges.add(l));
    list.slice(-3).forEach((l) => edges.add(l));
  }
  return edges;
}

function consecutive(occurrences: SourceLine[]): boolean {
  return occurrences.every((o, i) => i === 0 || o.line - occurrences[i - 1].line <= 2);
}

/**
 * Undoes the doubling that fake-bold PDF text produces: a line repeated at once, a line that is
 * two copies of itself ("总体要求总体要求"), or every character twice ("总总体体要要求求").
 */
export function collapseRepeats(lines: SourceLine[], warnings: DocumentWarning[]): SourceLine[] {
  const out: SourceLine[] = [];
  for (const l of lines) {
    if (l.isTable) {
      out.push(l);
      continue;
    }
    let text = l.text;
    // Fake bold doubles headings and short lines; long body lines are left alone (and cheap).
    const chars = text.length <= 200 ? [...text] : [];
    if (chars.length >= 6 && chars.length % 2 === 0 && chars.every((c, i) => i % 2 === 1 || c === chars[i + 1])) {
      text = chars.filter((_, i) => i % 2 === 0).join('');
      warnings.push({ line: l.line, message: bilingual('已合并叠字（仿粗体造成的重复字符）', 'doubled characters (fake bold) collapsed') });
    } else if (chars.length >= 8 && chars.length % 2 === 0) {
      const half = chars.slice(0, chars.length / 2).join('');
      if (half === chars.slice(chars.length / 2).join('') && !TERMINAL_END.test(half)) {
        text = half;
        warnings.push({ line: l.line, message: bilingual('本行文字重复了一遍，已合并', 'line repeated within itself collapsed') });
      }
    }
    const prev = out[out.length - 1];
    if (prev && !prev.isTable && prev.text === text && text.length >= 2 && displayWidth(text) <= 60) {
      warnings.push({ line: l.line, message: bilingual(`已去掉重复的一行“${text}”`, `repeated line dropped: "${text}"`) });
      continue;
    }
    out.push(text === l.text ? l : { ...l, text });
  }
  return out;
}

/** How wide a full line is when the source was hard-wrapped (null when it was not). */
export function detectWrapWidth(lines: SourceLine[]): number | null {
  const widths = lines.filter((l) => !l.isTable).map((l) => displayWidth(l.text)).filter((w) => w >= 8);
  if (widths.length < 6) return null;
  const sorted = [...widths].sort((a, b) => a - b);
  const w = sorted[Math.floor(sorted.length * 0.8)];
  const near = widths.filter((x) => x >= w - 2.5 && x <= w + 1).length;
  // Printed 公文 run 28 characters a line; anything under 16 is not a wrap width.
  return near >= 3 && near >= widths.length * 0.3 && w >= 16 && w <= 80 ? w : null;
}

/**
 * Joins lines into paragraphs. A line is continued by the next when it ends in a comma-like
 * mark, when the next starts with closing punctuation, when it holds only a marker, when it
 * is a full-width line of a hard-wrapped source without closing punctuation, or when a
 * heading ends in a word that cannot end one (的、和、与…).
 */
export function assembleParagraphs(lines: SourceLine[]): { paragraphs: Paragraph[]; tables: TableBlock[] } {
  const paragraphs: Paragraph[] = [];
  const tables: TableBlock[] = [];
  const wrap = detectWrapWidth(lines);
  const usesIndent = lines.filter((l) => l.indented).length >= lines.length * 0.1;
  let current: Open | null = null;
  let lastLine: SourceLine | null = null;
  // Title, number and adoption line come before the first full sentence or numbered line.
  let inHeadingMatter = true;
  let lastArticle = 0;

  for (const l of lines) {
    if (l.isTable) {
      current = null;
      const block = tables[tables.length - 1];
      const prevPara = paragraphs[paragraphs.length - 1];
      if (block && prevPara?.tableIndex === tables.length - 1 && lastLine?.isTable) {
        block.rows.push({ cells: splitTableRow(l.text), line: l.line });
      } else {
        tables.push({ line: l.line, rows: [{ cells: splitTableRow(l.text), line: l.line }] });
        paragraphs.push({ text: '', line: l.line, tableIndex: tables.length - 1 });
      }
      lastLine = l;
      continue;
    }
    const nextMarker = matchMarker(l.text, lastArticle + 1);
    if (current && (nextMarker || TERMINAL_END.test(current.tail))) inHeadingMatter = false;
    if (current && lastLine && !lastLine.isTable && shouldJoin(current, lastLine, l, nextMarker !== null, wrap, usesIndent, inHeadingMatter)) {
      current.paragraph.text += l.text;
      current.tail = (current.tail + l.text).slice(-4);
      current.lastWidth = displayWidth(l.text);
      current.width += current.lastWidth;
      current.open += bracketBalance(l.text);
      current.book += bookTitleBalance(l.text);
      // "一、" alone on its line: the marker is known only once its heading has joined it.
      if (current.marker && current.marker.rest === '') current.marker = matchMarker(current.paragraph.text);
    } else {
      const width = displayWidth(l.text);
      if (nextMarker?.style === 'article') lastArticle = nextMarker.ordinal;
      current = { paragraph: { text: l.text, line: l.line }, marker: nextMarker, tail: l.text.slice(-4), width, lastWidth: width, open: bracketBalance(l.text), book: bookTitleBalance(l.text) };
      paragraphs.push(current.paragraph);
    }
    lastLine = l;
  }
  return { paragraphs, tables };
}

/** A paragraph being assembled, with what the join rules look at kept up to date. */
interface Open {
  paragraph: Paragraph;
  marker: ReturnType<typeof matchMarker>;
  /** The last few characters (tests on the tail stay cheap however long the paragraph grows). */
  tail: string;
  width: number;
  lastWidth: number;
  /** Opening brackets not closed yet. */
  open: number;
  /** 《 not closed by 》 yet. */
  book: number;
}

function bookTitleBalance(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (ch === '《') n++;
    else if (ch === '》') n--;
  }
  return n;
}

function bracketBalance(text: string): number {
  let n = 0;
  for (const ch of text) {
    if (ch === '（' || ch === '(') n++;
    else if (ch === '）' || ch === ')') n--;
  }
  return n;
}

function shouldJoin(
  open: Open,
  last: SourceLine,
  next: SourceLine,
  nextIsMarker: boolean,
  wrap: number | null,
  usesIndent: boolean,
  inHeadingMatter: boolean,
): boolean {
  if (LEADING_CLOSER.test(next.text)) return true;
  // A date alone on its line is a signature's, never the end of a sentence.
  if (DATE_ONLY.test(next.text)) return false;
  const { marker, tail } = open;
  if (marker && marker.rest === '' && marker.style !== 'annex' && !nextIsMarker) return true;
  if (nextIsMarker) return false;
  if (CONTINUATION_END.test(tail)) return true;
  // A quoted title (《……》) never spans two paragraphs: a line break inside one is a wrap.
  if (open.book > 0 && open.book <= 2 && !(next.afterBlank && next.page === last.page)) return true;
  // "（2024年7月18日……第三次" / "全体会议通过）": an adoption line wrapped inside its brackets, also
  // where it comes after a 公告 that promulgates the law.
  const adoption = inHeadingMatter || ADOPTION_OPENING.test(open.paragraph.text);
  if (adoption && open.open > 0 && open.open <= 2 && !next.afterBlank && open.width < 160) return true;
  if (inHeadingMatter) {
    // A finished title, or the adoption line or number that follows it, stands alone.
    if (TITLE_END_WORDS.test(tail) || /^[（(〔［[]/.test(next.text) || /[〕\]］]\s*\d+\s*号$/.test(tail + next.text)) return false;
  }
  if (next.afterBlank && next.page === last.page) return false;
  const fullLine = wrap !== null && open.lastWidth >= wrap - 2.5;
  // A short line without closing punctuation is a heading, a signature or a date, never the
  // last line of a paragraph.
  const standsAlone = wrap !== null && displayWidth(next.text) < wrap - 2.5 && !/[。！？!?；;：:…，,、”’）).]$/.test(next.text);
  // Where paragraphs open indented, an unindented line after a full one continues it, even after 。
  if (fullLine && usesIndent && !next.indented && !standsAlone) return true;
  if (TERMINAL_END.test(tail)) {
    // Without indentation to tell, a full line ending in 。 more often runs on (a sentence ended
    // at the margin) than ends its paragraph (the paragraph filled its last line exactly) —
    // unless a closing follows.
    return fullLine && !usesIndent && /[。！？]$/.test(tail) && !standsAlone && !DOCUMENT_ENDING.test(next.text);
  }
  if (fullLine && !(usesIndent && next.indented)) return true;
  if (marker && DANGLING_WORD_END.test(tail) && displayWidth(next.text) <= 30) return true;
  // A sentence that stops mid-word at a nearly full line goes on (the line came out short where
  // the layout would not break a quoted title or a number); a title ending 方案 or 通知 does not.
  // The first line of a paragraph is two characters shorter: 公文 indent paragraphs by two.
  const nearlyFull = open.width > wrap! || open.lastWidth + (open.width === open.lastWidth ? 2 : 0) >= wrap! - 4;
  const inSentence = !TITLE_END_WORDS.test(tail) && (/[，,。；;]/.test(open.paragraph.text) || /[，,。；;]/.test(next.text));
  if (wrap !== null && !marker && !inHeadingMatter && nearlyFull && !standsAlone && /[\u4e00-\u9fff0-9]$/.test(tail) && inSentence) return true;
  // A sentence cut by a page break: the page ended mid-sentence.
  if (next.page !== last.page && wrap !== null && !marker && open.width > wrap) return true;
  return false;
}

/** Splits a `| a | b |` row into trimmed cells (`\|` is a literal bar, `<br>` a line break). */
export function splitTableRow(row: string): string[] {
  let s = row.replace(/｜/g, '|').trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(trimAll(cell));
      cell = '';
    } else {
      cell += s[i];
    }
  }
  cells.push(trimAll(cell));
  return cells.map((c) => c.replace(/[ \t]*<br\s*\/?>[ \t]*/gi, '\n'));
}
