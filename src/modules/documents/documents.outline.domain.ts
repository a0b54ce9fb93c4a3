/**
 * Builds the node tree of an official document from its body paragraphs. Levels come from the
 * marker style, not from where the numbering restarts: （1） under part 一 and （5） under part 二
 * are the same level. Styles nest by their conventional seniority ({@link STYLE_RANK}) unless
 * the document shows another order the first time a style appears.
 */
import type { DocumentNode, DocumentTable, DocumentWarning, MarkerStyle, NodeKind } from './documents.types.ts';
import type { Paragraph, TableBlock } from './documents.lines.domain.ts';
import { TERMINAL_END } from './documents.lines.domain.ts';
import { type MarkerMatch, STYLE_RANK, formatMarker, matchMarker } from './documents.numbering.domain.ts';
import { buildTable } from './documents.tables.domain.ts';
import { splitHeading } from './documents.heading.domain.ts';
import { findClosingStart } from './documents.closing.domain.ts';
import { displayWidth } from './documents.text.domain.ts';
import { type EmbeddedStart, findEmbeddedStarts } from './documents.wrapped.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';

/** The numbered body of a document, with what stands before and after it. */
export interface Outline {
  preamble: string;
  closing: string;
  nodes: DocumentNode[];
  tables: DocumentTable[];
}

/** A node while the tree is being built: its own paragraphs are kept apart until the end. */
interface Draft {
  node: DocumentNode;
  parent: Draft | null;
  paragraphs: string[];
  /** The first paragraph stood in the heading's own paragraph. */
  inline: boolean;
  rank: number;
  inAnnex: boolean;
}

export interface Item {
  paragraph: Paragraph;
  marker: MarkerMatch | null;
}

/** What the heading matter found out about the documents a notice wraps. */
export interface WrappedTitles {
  /** Title of the (first) wrapped document, standing before the body; null when there is none. */
  first: string | null;
  /** Titles the notice names (normalised). */
  named: string[];
}

/** Nodes placed from a run of paragraphs, before their text is joined. */
interface Placed {
  preamble: string[];
  roots: Draft[];
  all: Draft[];
  tables: DocumentTable[];
}

/**
 * Places every body paragraph: numbered ones become nodes, the others become text of the node
 * above them (or the preamble), tables are attached to the annex they sit in. A notice that
 * wraps several documents gets one top-level node per document (see {@link findEmbeddedStarts}).
 */
export function buildOutline(
  paragraphs: Paragraph[],
  blocks: TableBlock[],
  bodyStart: number,
  consumed: Set<number>,
  warnings: DocumentWarning[],
  wrapped: WrappedTitles = { first: null, named: [] },
): Outline {
  const items: Item[] = [];
  let lastArticle = 0;
  for (let i = bodyStart; i < paragraphs.length; i++) {
    if (consumed.has(i)) continue;
    const p = paragraphs[i];
    const marker = p.tableIndex === undefined ? matchMarker(p.text, lastArticle + 1) : null;
    if (marker?.style === 'article') lastArticle = marker.ordinal;
    if (!marker && p.tableIndex === undefined) warnHiddenHeading(p, warnings);
    items.push({ paragraph: p, marker });
  }
  const annexNote = takeAnnexNote(items);

  const annexAt = items.findIndex((it) => it.marker?.style === 'annex');
  const bodyEnd = annexAt < 0 ? items.length : annexAt;
  const starts = wrapped.first !== null ? findEmbeddedStarts(items.slice(0, bodyEnd), wrapped.named) : [];
  if (starts.length > 0) {
    const outline = buildDocuments(items, bodyEnd, wrapped.first ?? '', starts, blocks, warnings);
    return { ...outline, closing: [outline.closing, ...annexNote].filter(Boolean).join('\n') };
  }

  const placed = placeItems(items, blocks, warnings);
  const closing = [...takeClosing(placed.all, placed.roots), ...annexNote];
  const nodes = finish(placed);
  if (placed.all.length === 0) {
    warnings.push({ line: items[0]?.paragraph.line ?? 1, message: bilingual('没有找到编号层级（一、（一）1. 第一条 …）', 'no numbered structure (一、（一）1. 第一条 …) found') });
  }
  return { preamble: placed.preamble.join('\n'), closing: closing.join('\n'), nodes, tables: placed.tables };
}

/** Marks a copied text may put in front of a heading: markdown #, >, list bullets, brackets, stars. */
const HEADING_PREFIX = /^[#>*＊\-+•·【[［〔 \t\u3000]{1,8}/;
const HIDDEN_STYLES = new Set<MarkerStyle>(['part', 'chapter', 'section']);

/**
 * A 第X章 / 第X节 / 第X编 heading behind marks that are not numbering ("## 第一章 总则", "【第二章】") is not read as a
 * heading, so its 条 would stand without it: say so rather than drop the level without a word.
 */
function warnHiddenHeading(p: Paragraph, warnings: DocumentWarning[]): void {
  const prefix = HEADING_PREFIX.exec(p.text);
  if (!prefix || displayWidth(p.text) > 60) return;
  const hidden = matchMarker(p.text.slice(prefix[0].length).replace(/[】\]］〕]/, ' '));
  if (!hidden || !HIDDEN_STYLES.has(hidden.style)) return;
  warnings.push({
    line: p.line,
    message: bilingual(
      `“${p.text}”像是编号标题（${hidden.marker}），但前面有其他符号，没有作为标题读取；其下各条的层级可能不对`,
      `"${p.text}" looks like a numbered heading (${hidden.marker}) but has other marks in front, so it was not read as a heading; the articles under it may sit at the wrong level`,
    ),
  });
}

const NOTE_AFTER_MARKER = /^[：:]/;

/**
 * Takes the 附件说明 out of the items: an annex marker followed by a colon ("附件：…清单", "附件：1.…") names
 * the annexes below the body, so when an annex heading with the same number follows, the note is not an annex
 * of its own. Its paragraphs, up to the next annex marker, are returned (they stand with the closing, before the
 * signature, as GB/T 9704 places them); without such a heading the note stays the annex node it is.
 */
function takeAnnexNote(items: Item[]): string[] {
  const annexes = items.flatMap((it, i) => (it.marker?.style === 'annex' ? [i] : []));
  const isNote = (i: number) => NOTE_AFTER_MARKER.test(items[i].paragraph.text.slice(items[i].marker!.marker.length).trimStart());
  for (const [k, i] of annexes.entries()) {
    if (!isNote(i)) continue;
    const ordinal = items[i].marker!.ordinal;
    const heading = annexes.slice(k + 1).find((j) => !isNote(j) && items[j].marker!.ordinal === ordinal);
    if (heading === undefined) continue;
    const end = annexes[k + 1];
    return items.splice(i, end - i).flatMap((it) => (it.paragraph.tableIndex === undefined ? [it.paragraph.text] : []));
  }
  return [];
}

/**
 * A notice wrapping several documents: each becomes a top-level node headed by its title (marker
 * empty, style `document`), with its own opening as text and its numbering below, levels and
 * kinds as if it stood alone. The last document's closing is the notice's closing; an earlier
 * one's closing follows its opening in the node's text. Annexes stay top level after them.
 */
function buildDocuments(items: Item[], bodyEnd: number, firstTitle: string, starts: EmbeddedStart[], blocks: TableBlock[], warnings: DocumentWarning[]): Outline {
  const heads = [{ at: 0, count: 0, title: firstTitle }, ...starts];
  const nodes: DocumentNode[] = [];
  const tables: DocumentTable[] = [];
  let closing: string[] = [];
  heads.forEach((head, i) => {
    const to = i + 1 < heads.length ? heads[i + 1].at : bodyEnd;
    const segment = items.slice(head.at + head.count, to);
    const placed = placeItems(segment, blocks, warnings);
    const ownClosing = takeClosing(placed.all, placed.roots);
    const children = finish(placed);
    shiftLevels(children);
    const last = i === heads.length - 1;
    if (last) closing = ownClosing;
    const text = [...placed.preamble, ...(last ? [] : ownClosing)].join('\n');
    const line = (items[head.at] ?? items[0])?.paragraph.line ?? 1;
    nodes.push({ marker: '', heading: head.title, text, children, level: 1, ordinal: i + 1, kind: 'part', style: 'document', label: head.title, sourceLine: line });
    tables.push(...placed.tables);
  });
  if (bodyEnd < items.length) {
    const annexes = placeItems(items.slice(bodyEnd), blocks, warnings);
    nodes.push(...finish(annexes));
    tables.push(...annexes.tables);
  }
  return { preamble: '', closing: closing.join('\n'), nodes, tables };
}

function shiftLevels(nodes: DocumentNode[]): void {
  for (const n of nodes) {
    n.level++;
    shiftLevels(n.children);
  }
}

/** Joins each node's paragraphs into its text and names the kinds; returns the top-level nodes. */
function finish(placed: Placed): DocumentNode[] {
  for (const d of placed.all) d.node.text = d.paragraphs.join('\n');
  const nodes = placed.roots.map((r) => r.node);
  assignKinds(nodes, null);
  return nodes;
}

/** Places a run of items into a tree of drafts; its text before the first top-level node is its preamble. */
function placeItems(items: Item[], blocks: TableBlock[], warnings: DocumentWarning[]): Placed {
  // The body before the first annex decides the levels; an annex may be a document of its own.
  const firstAnnex = items.findIndex((it) => it.marker?.style === 'annex');
  const body = firstAnnex > 0 && items.slice(0, firstAnnex).some((it) => it.marker) ? items.slice(0, firstAnnex) : items;
  const ranks = effectiveRanks(body);
  const topStyle = chooseTopStyle(body, ranks);
  const preamble: string[] = [];
  const roots: Draft[] = [];
  const all: Draft[] = [];
  const lastOfStyle = new Map<MarkerStyle, Draft>();
  const stack: Draft[] = [];
  const tables: DocumentTable[] = [];
  let started = false;
  let inAnnex = false;
  // Below a table's header row given as text (a PDF's table), 一、 group rows are table text.
  let inTableText = false;

  for (const { paragraph, marker } of items) {
    const owner = stack[stack.length - 1];
    if (paragraph.tableIndex !== undefined) {
      const annex = stack.find((d) => d.node.style === 'annex')?.node.marker ?? null;
      tables.push(buildTable(blocks[paragraph.tableIndex], captionOf(owner ? owner.paragraphs : preamble), annex));
      continue;
    }
    if (!started && marker && (marker.style === 'annex' || marker.style === topStyle)) started = true;
    if (marker?.style === 'annex') inTableText = false;
    else if (inAnnex && !marker && TABLE_HEADER_TEXT.test(paragraph.text)) inTableText = true;
    if (!marker || !started || inTableText) {
      (owner ? owner.paragraphs : preamble).push(paragraph.text);
      continue;
    }

    let rank: number;
    if (marker.style === 'annex') {
      rank = STYLE_RANK.annex;
      stack.length = 0;
      inAnnex = true;
    } else {
      rank = ranks.get(marker.style) ?? STYLE_RANK[marker.style];
      const same = findLastIndex(stack, (d) => d.node.style === marker.style);
      if (same >= 0) stack.length = same;
      else while (stack.length && stack[stack.length - 1].rank >= rank) stack.pop();
    }
    const parent = stack[stack.length - 1] ?? null;
    if (!inAnnex) checkNumbering(lastOfStyle.get(marker.style), marker, parent, paragraph.line, warnings);
    const split = splitHeading(marker.style, marker.rest);
    const node: DocumentNode = {
      marker: marker.marker,
      heading: split.heading,
      text: '',
      children: [],
      level: stack.length + 1,
      ordinal: marker.ordinal,
      kind: 'item',
      style: marker.style,
      label: labelOf(paragraph.text, split.text),
      sourceLine: paragraph.line,
    };
    const draft: Draft = { node, parent, paragraphs: split.text ? [split.text] : [], inline: split.text !== '', rank, inAnnex };
    if (parent) parent.node.children.push(node);
    else roots.push(draft);
    stack.push(draft);
    all.push(draft);
    lastOfStyle.set(marker.style, draft);
  }

  return { preamble, roots, all, tables };
}

/** Moves the closing paragraphs out of the last article before the annexes (see documents.closing.domain.ts). */
function takeClosing(all: Draft[], roots: Draft[]): string[] {
  const lastIndex = findLastIndex(all, (d) => !d.inAnnex);
  if (lastIndex < 0) return [];
  const last = all[lastIndex];
  const group = last.parent ? all.filter((d) => d.parent === last.parent) : roots;
  const siblings = group.filter((d) => d !== last && d.node.style === last.node.style);
  const start = findClosingStart(last.paragraphs, siblings.map((s) => s.paragraphs.length), last.inline);
  if (start === null) return [];
  const closing = last.paragraphs.slice(start);
  last.paragraphs = last.paragraphs.slice(0, start);
  return closing;
}

/**
 * The style of the top-level nodes: the most senior style that runs as a sequence (it starts at
 * 1 and occurs twice, or opens the body). Numbered paragraphs before its first occurrence stay
 * in the preamble.
 */
function chooseTopStyle(items: Item[], ranks: Map<MarkerStyle, number>): MarkerStyle | null {
  const rankOf = (s: MarkerStyle) => ranks.get(s) ?? STYLE_RANK[s];
  const seen = new Map<MarkerStyle, { count: number; hasOne: boolean }>();
  let first: MarkerStyle | null = null;
  for (const { marker } of items) {
    if (!marker || marker.style === 'annex') continue;
    first ??= marker.style;
    const s = seen.get(marker.style) ?? { count: 0, hasOne: false };
    s.count++;
    if (marker.ordinal === 1) s.hasOne = true;
    seen.set(marker.style, s);
  }
  let best: MarkerStyle | null = null;
  for (const [style, s] of seen) {
    const runs = s.hasOne && (s.count >= 2 || style === first);
    if (runs && (best === null || rankOf(style) < rankOf(best))) best = style;
  }
  if (best) return best;
  for (const style of seen.keys()) if (best === null || rankOf(style) < rankOf(best)) best = style;
  return best;
}

/**
 * Conventional ranks, except where the document nests a senior-looking style directly under a
 * heading of another the first time it appears ("1." parts with "（一）" items): then the order
 * of first appearance wins.
 */
function effectiveRanks(items: Item[]): Map<MarkerStyle, number> {
  const ranks = new Map<MarkerStyle, number>();
  const seen = new Set<MarkerStyle>();
  let prev: MarkerMatch | null = null;
  for (const { marker, paragraph } of items) {
    if (paragraph.tableIndex !== undefined) continue;
    if (marker && marker.style !== 'annex' && !seen.has(marker.style)) {
      seen.add(marker.style);
      if (prev && prev.style !== 'annex' && prev.style !== marker.style && isHeadingOnly(prev)) {
        const parentRank = ranks.get(prev.style) ?? STYLE_RANK[prev.style];
        if (STYLE_RANK[marker.style] < parentRank) ranks.set(marker.style, parentRank + 0.5);
      }
    }
    prev = marker;
  }
  return ranks;
}

/** A bare heading ("总体要求"), not a numbered sentence ("监管更加有力。"). */
function isHeadingOnly(m: MarkerMatch): boolean {
  return m.rest !== '' && displayWidth(m.rest) <= 40 && !/[。！？；;，,：:]/.test(m.rest);
}

/** Warns about numbers that skip, repeat, or start above 1; numbering may restart or run on across parents. */
function checkNumbering(prev: Draft | undefined, marker: MarkerMatch, parent: Draft | null, line: number, warnings: DocumentWarning[]): void {
  const shown = marker.marker;
  if (!prev) {
    if (marker.ordinal !== 1) warnings.push({ line, message: bilingual(`编号从“${shown}”开始`, `numbering starts at ${shown}`) });
    return;
  }
  const sameParent = prev.parent === parent;
  const p = prev.node;
  if (sameParent && marker.ordinal === p.ordinal) {
    warnings.push({ line, message: bilingual(`编号“${shown}”重复（第 ${p.sourceLine} 行已有）`, `duplicate number ${shown} (also at line ${p.sourceLine})`) });
  } else if (marker.ordinal !== p.ordinal + 1 && (sameParent || marker.ordinal !== 1)) {
    const expected = formatMarker(marker.style, p.ordinal + 1);
    warnings.push({ line, message: bilingual(`编号从“${p.marker}”跳到了“${shown}”（应为“${expected}”）`, `numbering jumps from ${p.marker} to ${shown} (expected ${expected})`) });
  }
}

/** A table's header row as a PDF's text gives it: "序号 改革举措 主要内容 指导部门 推广范围". */
const TABLE_HEADER_TEXT = /^序[ \u3000]*号(?:[ \u3000]+[^ \u3000，。；：,;:]+){2,}$/;

/** The short unpunctuated paragraph just above a table is its caption. */
function captionOf(paragraphs: string[]): string | null {
  const last = paragraphs[paragraphs.length - 1];
  return last && displayWidth(last) <= 60 && !TERMINAL_END.test(last) ? last : null;
}

function labelOf(paragraph: string, inlineText: string): string {
  if (!inlineText) return paragraph;
  const at = paragraph.length - inlineText.length;
  return (at > 0 ? paragraph.slice(0, at) : paragraph).replace(/[ \t\u3000]+$/, '');
}

const EXPLICIT_KIND: Partial<Record<MarkerStyle, NodeKind>> = {
  part: 'part',
  chapter: 'chapter',
  section: 'section',
  article: 'article',
  annex: 'annex',
};

/**
 * Names what each node stands for: explicit for 部分/章/节/条/附件; among enumerated styles the
 * top level is a part when it has numbered children, the level under a part or chapter (or a
 * lone enumerated level) is an article, and anything under an article is an item.
 */
function assignKinds(nodes: DocumentNode[], parentKind: NodeKind | null): void {
  const containerStyles = new Set(nodes.filter((n) => n.children.length > 0).map((n) => n.style));
  for (const n of nodes) {
    const explicit = EXPLICIT_KIND[n.style];
    if (explicit) n.kind = explicit;
    else if (parentKind === 'article' || parentKind === 'item' || parentKind === 'annex') n.kind = 'item';
    else if (parentKind === null && containerStyles.has(n.style)) n.kind = 'part';
    else n.kind = 'article';
    assignKinds(n.children, n.kind);
  }
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
