/**
 * Tables recovered from the positions of a PDF text layer. pdf.js hands back each cell's wrapped
 * lines one after another, so rows and cells are lost in the plain text; the x/y of every text
 * item still show them. Pure: works on plain items, so it is tested without PDFs.
 */
/** One text item of a PDF page: its text, the baseline start (x, y, y growing upwards), width, height. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  w: number;
  h: number;
  page: number;
}

/** A table found on the page layout; `items` are the indices of the input items it consumed. */
export interface PdfLayoutTable {
  headers: string[];
  rows: PdfTableRow[];
  items: number[];
}

/** A row of a recovered table: cells by column, or a one-cell group row (一、…方面). */
export type PdfTableRow = { kind: 'row'; cells: string[] } | { kind: 'group'; text: string };

interface Line {
  page: number;
  y: number;
  h: number;
  /** Item indices, left to right. */
  items: number[];
}

interface Column {
  name: string;
  left: number;
  right: number;
}

interface Fragment {
  text: string;
  x0: number;
  x1: number;
  line: number;
}

const HEADER_WORD = /任务|举措|内容|措施|单位|部门|时限|时间|范围|备注|事项|责任|牵头|配合|名称|目标|领导|成果|进度|分工/;
const ROW_NUMBER = /^\d{1,3}[.、．]?$/;
const GROUP_START = /^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[部分类]?)/;
const PAGE_NUMBER = /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,3})$/;
const CJK = /[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]/;

/**
 * Finds tables in the text items of a PDF: a header line with 序号 and at least two more
 * separated column titles (任务, 主要内容, 牵头单位 …), then lines whose items stay inside those
 * columns. A number in the first column starts a row, other aligned lines continue its cells, a
 * one-item line across the columns (一、…方面) followed by a row is a group row; the table runs on
 * over page breaks (a repeated header is skipped) and stops at the first line that fits none of this.
 * @example findPdfTables(items).map((t) => t.headers) // [['序号', '改革举措', '主要内容', '推广范围']]
 */
export function findPdfTables(items: PdfTextItem[]): PdfLayoutTable[] {
  const lines = groupLines(items);
  const tables: PdfLayoutTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = readHeader(items, lines, i);
    if (!header) continue;
    const body = readBody(items, lines, header.end, header.columns);
    if (body.rows.length === 0) continue;
    tables.push({
      headers: header.columns.map((c) => c.name),
      rows: body.rows,
      items: [...header.lines, ...body.lines].flatMap((l) => lines[l].items).sort((a, b) => a - b),
    });
    i = body.end - 1;
  }
  return tables;
}

function heightOf(item: PdfTextItem): number {
  return item.h > 0 ? item.h : 10;
}

/** Items grouped into visual lines: same page, baselines within half a character height. */
function groupLines(items: PdfTextItem[]): Line[] {
  const order = items
    .map((_, i) => i)
    .filter((i) => items[i].str.trim() !== '')
    .sort((a, b) => items[a].page - items[b].page || items[b].y - items[a].y || items[a].x - items[b].x);
  const lines: Line[] = [];
  for (const i of order) {
    const it = items[i];
    const last = lines[lines.length - 1];
    if (last && last.page === it.page && Math.abs(last.y - it.y) <= 0.45 * Math.max(last.h, heightOf(it))) {
      last.items.push(i);
      last.h = Math.max(last.h, heightOf(it));
    } else {
      lines.push({ page: it.page, y: it.y, h: heightOf(it), items: [i] });
    }
  }
  for (const l of lines) l.items.sort((a, b) => items[a].x - items[b].x);
  return lines;
}

function compact(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

/** The line's items merged where they nearly touch: what reads as one piece of text. */
function chunks(items: PdfTextItem[], line: Line, gapFactor: number): Fragment[] {
  // Each piece's texts are collected and joined once: joining as it goes reads the last character
  // of a growing string, which flattens it every time (quadratic in items on one line).
  const out: { texts: TextJoiner; x0: number; x1: number }[] = [];
  for (const i of line.items) {
    const it = items[i];
    const prev = out[out.length - 1];
    if (prev && it.x - prev.x1 < gapFactor * heightOf(it)) {
      prev.texts.add(it.str.trim());
      prev.x1 = Math.max(prev.x1, it.x + it.w);
    } else {
      const texts = new TextJoiner();
      texts.add(it.str.trim());
      out.push({ texts, x0: it.x, x1: it.x + it.w });
    }
  }
  return out.map((c) => ({ text: c.texts.text(), x0: c.x0, x1: c.x1, line: -1 }));
}

/**
 * Text joined piece by piece: nothing between Chinese characters, a space between words. One
 * pass, linear in the total length.
 */
class TextJoiner {
  private parts: string[] = [];
  private last = '';

  /** Adds a piece: nothing between Chinese characters, a space between words. */
  add(piece: string): void {
    if (!piece) return;
    if (this.last && !CJK.test(this.last) && !CJK.test(piece[0])) this.parts.push(' ');
    this.parts.push(piece);
    this.last = piece[piece.length - 1];
  }

  /** Adds text as it is (a line break and the next line). */
  append(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.last = s[s.length - 1];
  }

  text(): string {
    return this.parts.join('');
  }
}

function joinAll(pieces: string[]): string {
  const texts = new TextJoiner();
  for (const p of pieces) texts.add(p);
  return texts.text();
}

function lineText(items: PdfTextItem[], line: Line): string {
  return joinAll(chunks(items, line, 0.3).map((c) => c.text));
}

/** A line of short pieces only (column titles), none of them a row number or a group row's 一、. */
function isHeaderLike(items: PdfTextItem[], line: Line): boolean {
  return chunks(items, line, 1.2).every((p) => compact(p.text).length <= 12 && !ROW_NUMBER.test(compact(p.text)) && !GROUP_START.test(p.text));
}

/** A header-like line with 序号 as a piece of its own. */
function hasSerialTitle(items: PdfTextItem[], line: Line): boolean {
  return isHeaderLike(items, line) && chunks(items, line, 1.2).some((p) => compact(p.text) === '序号');
}

/** Whether two lines are neighbours in one header cell: same page and size, at most one line pitch apart. */
function near(a: Line, b: Line): boolean {
  return a.page === b.page && Math.abs(a.y - b.y) <= 1.45 * b.h && Math.abs(a.h - b.h) <= 0.2 * b.h;
}

/** The line after a header repeated from line j on (its cells may wrap above and below 序号), or -1. */
function repeatedHeaderEnd(items: PdfTextItem[], lines: Line[], j: number): number {
  let k = j;
  let serial = false;
  while (k < lines.length && k - j < 6 && (k === j || near(lines[k], lines[k - 1])) && isHeaderLike(items, lines[k])) {
    serial ||= hasSerialTitle(items, lines[k]);
    k++;
  }
  return serial ? k : -1;
}

/**
 * The header at line i: that line (holding 序号 and a header word) plus the lines just above and
 * below it in the same size with only short pieces, where header cells wrapped ("牵头" / "单位").
 */
function readHeader(items: PdfTextItem[], lines: Line[], i: number): { columns: Column[]; lines: number[]; end: number } | null {
  const line = lines[i];
  if (!hasSerialTitle(items, line)) return null;
  const band = [i];
  for (let k = i - 1; k >= 0 && band.length < 3 && near(lines[k], lines[band[0]]) && isHeaderLike(items, lines[k]); k--) band.unshift(k);
  let end = i + 1;
  while (end < lines.length && end - i <= 3 && near(lines[end], lines[end - 1]) && isHeaderLike(items, lines[end])) end++;
  for (let k = i + 1; k < end; k++) band.push(k);

  // Pieces of all header lines, clustered into columns where their x ranges overlap.
  const pieces = band.flatMap((l) => chunks(items, lines[l], 1.2).map((c) => ({ ...c, line: l })));
  const clusters: Fragment[][] = [];
  for (const p of [...pieces].sort((a, b) => a.x0 - b.x0)) {
    const c = clusters.find((cl) => cl.some((q) => p.x0 < q.x1 && q.x0 < p.x1));
    if (c) c.push(p);
    else clusters.push([p]);
  }
  if (clusters.length < 3) return null;
  const spans = clusters
    .map((cl) => ({ x0: cl.reduce((m, p) => Math.min(m, p.x0), Infinity), x1: cl.reduce((m, p) => Math.max(m, p.x1), -Infinity), name: joinAll(cl.sort((a, b) => a.line - b.line).map((p) => p.text)) }))
    .sort((a, b) => a.x0 - b.x0);
  if (compact(spans[0].name) !== '序号' || !spans.slice(1).some((s) => HEADER_WORD.test(s.name))) return null;
  const cuts = columnCuts(items, lines, end, spans, line.h);
  const columns = spans.map((s, k) => ({ name: s.name, left: k === 0 ? -Infinity : cuts[k - 1], right: k === spans.length - 1 ? Infinity : cuts[k] }));
  return { columns, lines: band, end };
}

/**
 * Where one column ends and the next begins. Header titles are often centred, so the border lies
 * somewhere between two titles; the lines below (up to the next table's header) show where: the
 * widest stretch between the titles that none of their pieces covers. Pieces that run across
 * columns (group rows, body text) are passed over.
 */
function columnCuts(items: PdfTextItem[], lines: Line[], from: number, spans: { x0: number; x1: number }[], h: number): number[] {
  const pieces: Fragment[] = [];
  for (let j = from; j < Math.min(lines.length, from + 200) && !hasSerialTitle(items, lines[j]); j++) {
    if (Math.abs(lines[j].h - h) <= 0.2 * h) pieces.push(...chunks(items, lines[j], 0.3));
  }
  const cuts: number[] = [];
  spans.slice(1).forEach((next, k) => {
    const lo = spans[k].x1;
    const hi = next.x0;
    // A piece that starts in an earlier column runs across columns: a group row or body text.
    const earliest = k > 0 ? cuts[k - 1] : -Infinity;
    const covered = pieces
      .filter((p) => p.x0 >= earliest && p.x1 > lo && p.x0 < hi && !(p.x0 <= lo && p.x1 >= hi))
      .map((p) => [Math.max(lo, p.x0), Math.min(hi, p.x1)] as const)
      .sort((a, b) => a[0] - b[0]);
    let best = { from: lo, to: lo };
    let at = lo;
    for (const [a, b] of [...covered, [hi, hi] as const]) {
      if (a - at > best.to - best.from) best = { from: at, to: a };
      at = Math.max(at, b);
    }
    cuts.push((best.from + best.to) / 2);
  });
  return cuts;
}

type Placed = { column: number; text: string; x0: number; x1: number }[];

/** The line's items by column, or null when an item starts in one column and runs into the next. */
function place(items: PdfTextItem[], line: Line, columns: Column[]): Placed | null {
  const out: (Placed[number] & { texts: TextJoiner })[] = [];
  for (const piece of chunks(items, line, 0.3)) {
    const h = line.h;
    const column = columns.findIndex((c) => piece.x0 + 0.2 * h >= c.left && piece.x0 + 0.2 * h < c.right);
    if (column < 0 || piece.x1 > columns[column].right + 0.5 * h) return null;
    const prev = out[out.length - 1];
    if (prev && prev.column === column) {
      prev.texts.add(piece.text);
      prev.x1 = piece.x1;
    } else {
      const texts = new TextJoiner();
      texts.add(piece.text);
      out.push({ column, text: '', texts, x0: piece.x0, x1: piece.x1 });
    }
  }
  return out.map(({ column, texts, x0, x1 }) => ({ column, text: texts.text(), x0, x1 }));
}

type Classified = { kind: 'start' | 'more'; placed: Placed } | { kind: 'group'; text: string } | { kind: 'other' };

function classify(items: PdfTextItem[], line: Line, columns: Column[]): Classified {
  const placed = place(items, line, columns);
  if (placed && placed.length > 0) {
    const first = placed[0].column === 0 ? compact(placed[0].text) : null;
    if (first === null) return { kind: 'more', placed };
    if (ROW_NUMBER.test(first)) return { kind: 'start', placed };
  }
  const text = lineText(items, line);
  if (compact(text).length <= 60 && (GROUP_START.test(text) || !/[。；;]$/.test(text))) return { kind: 'group', text };
  return { kind: 'other' };
}

/**
 * Rows below the header, from line `start` on, until a line fits no column. Page numbers, and a
 * short line alone at the top or bottom of a page (a running header), are left to the text.
 */
function readBody(items: PdfTextItem[], lines: Line[], start: number, columns: Column[]): { rows: PdfTableRow[]; lines: number[]; end: number } {
  const entries: Entry[] = [];
  const used: number[] = [];
  let onPage = 0; // table lines met on the current page
  for (let j = start; j < lines.length; j++) {
    const line = lines[j];
    if (j > start && line.page !== lines[j - 1].page) onPage = 0;
    const text = lineText(items, line);
    const c = classify(items, line, columns);
    if (c.kind !== 'start' && PAGE_NUMBER.test(compact(text))) continue;
    const firstOnPage = onPage === 0 && line.page !== lines[start].page;
    const lastOnPage = j + 1 >= lines.length || lines[j + 1].page !== line.page;
    const repeated = firstOnPage ? repeatedHeaderEnd(items, lines, j) : -1;
    if (repeated > 0) {
      for (; j < repeated; j++) used.push(j);
      j--;
      continue;
    }
    // A lone short line set apart at the top or bottom of a page is a running header or footer.
    const gapBelow = lastOnPage ? Infinity : line.y - lines[j + 1].y;
    const gapAbove = j > 0 && lines[j - 1].page === line.page ? lines[j - 1].y - line.y : Infinity;
    const lone = line.items.length === 1 && compact(text).length <= 30 && c.kind !== 'start';
    if (lone && entries.length > 0 && ((firstOnPage && gapBelow > 1.8 * line.h) || (lastOnPage && gapAbove > 1.8 * line.h))) continue;
    if (c.kind === 'other' || (c.kind === 'group' && !groupLeadsToRow(items, lines, j, columns))) {
      // A lone short line where a page starts or ends is a running header or footer, not the table's end.
      const artifact = line.items.length === 1 && compact(text).length <= 30 && (lastOnPage || firstOnPage);
      if (artifact && entries.length > 0) continue;
      break;
    }
    entries.push(c.kind === 'group' ? { kind: 'group', text: c.text, line: j } : { kind: c.kind, placed: c.placed, line: j });
    used.push(j);
    onPage++;
  }
  // A group row must come before rows: trailing ones give their lines back to the text.
  while (entries.length && entries[entries.length - 1].kind === 'group') entries.pop();
  const lastRowLine = entries.length ? entries[entries.length - 1].line : -1;
  const rows = centred(entries) ? centredRows(entries, lines, columns.length) : topAlignedRows(entries, columns.length);
  const widths = columns.map((_, k) => {
    const frags = rows.flatMap((r) => (r.kind === 'row' ? r.cells[k] : []));
    // A loop, not Math.min(...spread): a spread of a huge column overflows the stack.
    let left = Infinity;
    let right = -Infinity;
    for (const f of frags) {
      left = Math.min(left, f.x0);
      right = Math.max(right, f.x1);
    }
    return { left, right };
  });
  const h = lines[start - 1]?.h ?? 10;
  const out: PdfTableRow[] = rows.map((r) => (r.kind === 'group' ? r : { kind: 'row', cells: r.cells.map((frags, k) => joinCell(frags, widths[k], columns[k].right, h)) }));
  return { rows: out, lines: used.filter((l) => l <= lastRowLine), end: Math.max(start, lastRowLine + 1) };
}

type Entry = { kind: 'start' | 'more'; placed: Placed; line: number } | { kind: 'group'; text: string; line: number };
type Building = { kind: 'row'; cells: Fragment[][] } | { kind: 'group'; text: string };

function fragmentsOf(e: Entry & { kind: 'start' | 'more' }): { column: number; frag: Fragment }[] {
  return e.placed.map((p) => ({ column: p.column, frag: { text: p.text, x0: p.x0, x1: p.x1, line: e.line } }));
}

/** Rows of a table whose cells start at the top: each row number opens a row, the lines below continue it. */
function topAlignedRows(entries: Entry[], width: number): Building[] {
  const rows: Building[] = [];
  for (const e of entries) {
    if (e.kind === 'group') {
      rows.push({ kind: 'group', text: e.text });
      continue;
    }
    let row = rows[rows.length - 1];
    if (e.kind === 'start' || !row || row.kind === 'group') {
      row = { kind: 'row', cells: Array.from({ length: width }, () => []) };
      rows.push(row);
    }
    for (const { column, frag } of fragmentsOf(e)) row.cells[column].push(frag);
  }
  return rows;
}

/** Whether cells are centred vertically: lines of a row come before its number (after the header or a group row). */
function centred(entries: Entry[]): boolean {
  return entries.some((e, k) => e.kind === 'more' && (k === 0 || entries[k - 1].kind === 'group') && entries.slice(k).find((x) => x.kind !== 'more')?.kind === 'start');
}

/**
 * Rows of a table whose cells are centred vertically: each row's number stands in the middle of
 * the row, and so does every cell's text. Column by column, each row takes the run of lines whose
 * middle is nearest its number.
 */
function centredRows(entries: Entry[], lines: Line[], width: number): Building[] {
  const rows: Building[] = [];
  // Reading order across pages: page first, then from the top down.
  const key = (line: number) => lines[line].page * 100_000 - lines[line].y;
  let section: Entry[] = [];
  const flush = () => {
    const starts = section.filter((e) => e.kind === 'start');
    if (starts.length === 0) {
      rows.push(...topAlignedRows(section, width));
      section = [];
      return;
    }
    const built = starts.map(() => ({ kind: 'row' as const, cells: Array.from({ length: width }, (): Fragment[] => []) }));
    for (let column = 0; column < width; column++) {
      const frags = section.flatMap((e) => (e.kind === 'group' ? [] : fragmentsOf(e).filter((f) => f.column === column).map((f) => f.frag)));
      let i = 0;
      starts.forEach((s, n) => {
        const middle = key(s.line);
        const h = lines[s.line].h;
        if (i >= frags.length || key(frags[i].line) > middle + 0.5 * h) return;
        let end = i;
        if (n === starts.length - 1) end = frags.length - 1;
        else {
          for (let e = i; e < frags.length && (key(frags[i].line) + key(frags[e].line)) / 2 <= middle + 0.5 * h; e++) {
            if (Math.abs((key(frags[i].line) + key(frags[e].line)) / 2 - middle) < Math.abs((key(frags[i].line) + key(frags[end].line)) / 2 - middle)) end = e;
          }
        }
        built[n].cells[column].push(...frags.slice(i, end + 1));
        i = end + 1;
      });
    }
    rows.push(...built);
    section = [];
  };
  for (const e of entries) {
    if (e.kind === 'group') {
      flush();
      rows.push({ kind: 'group', text: e.text });
    } else section.push(e);
  }
  flush();
  return rows;
}

/** A group row is one only when table rows (or another group row) follow it. */
function groupLeadsToRow(items: PdfTextItem[], lines: Line[], j: number, columns: Column[]): boolean {
  for (let k = j + 1; k < lines.length && k <= j + 4; k++) {
    const c = classify(items, lines[k], columns);
    if (c.kind === 'start' || c.kind === 'more') return true;
    if (PAGE_NUMBER.test(compact(lineText(items, lines[k])))) continue;
    if (c.kind === 'group' && GROUP_START.test(c.text)) continue;
    if (c.kind === 'group' && lines[k].page !== lines[j].page) continue; // a running header
    return false;
  }
  return false;
}

/**
 * A cell's fragments joined: a wrapped line runs on (without a space between Chinese
 * characters); a line that stopped short of the column's border (or, in the last column, of its
 * widest line) ended a paragraph, so a line break follows (as a .docx cell's paragraphs give).
 */
function joinCell(frags: Fragment[], width: { left: number; right: number }, cut: number, h: number): string {
  const out = new TextJoiner();
  frags.forEach((f, k) => {
    if (k === 0) {
      out.append(f.text);
      return;
    }
    const prev = frags[k - 1];
    // The border is somewhere past the cut's side of the widest line; a wrapped line reaches near it.
    const full = Number.isFinite(cut) ? Math.max(width.right, cut - 3 * h) : width.right;
    const short = prev.x1 < full - 2.5 * h || (prev.x0 > width.left + 0.75 * h && prev.x1 < width.right - 0.75 * h);
    if (short) out.append(`\n${f.text}`);
    else out.add(f.text);
  });
  return out.text();
}
