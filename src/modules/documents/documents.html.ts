/**
 * Reads the HTML mammoth makes of a .docx into paragraphs and tables. mammoth writes a small,
 * regular subset (p, h1–h6, ul/ol/li, table/tr/td/th with colspan/rowspan, strong, em, a, br,
 * sup, img), so a tokenizer is enough; no HTML parser dependency.
 */
import type { DocumentTable, DocumentTableRow } from './documents.types.ts';
import { closeUpSpacedCell } from './documents.tables.domain.ts';

/** A paragraph of text or a table, in document order. */
export type HtmlBlock = { kind: 'paragraph'; text: string } | { kind: 'table'; table: DocumentTable };

interface Cell {
  text: string;
  colspan: number;
  rowspan: number;
  header: boolean;
}

interface TableState {
  rows: Cell[][];
  row: Cell[] | null;
  cell: { parts: string[]; colspan: number; rowspan: number; header: boolean } | null;
}

const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(\/?)>|([^<]+)/g;
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/** Splits mammoth's HTML into paragraphs and tables; footnotes and note references are left out. */
export function htmlToBlocks(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const tables: TableState[] = [];
  let text: string[] | null = null;
  let skipDepth = 0; // inside a footnote list item or a note reference
  let skipTag = '';

  const flushParagraph = () => {
    if (text === null) return;
    const value = text.join('').replace(/[ \t]+\n/g, '\n');
    text = null;
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.parts.push(value);
    else for (const line of value.split('\n')) if (line.trim()) blocks.push({ kind: 'paragraph', text: line.trim() });
  };

  for (const m of html.matchAll(TOKEN)) {
    const [, closing, rawTag, attrs, selfClosing, chars] = m;
    if (chars !== undefined) {
      if (skipDepth) continue;
      const decoded = decodeEntities(chars);
      const table = tables[tables.length - 1];
      if (text !== null) text.push(decoded);
      else if (table?.cell) table.cell.parts.push(decoded);
      else if (decoded.trim()) text = [decoded];
      continue;
    }
    const tag = rawTag.toLowerCase();
    if (skipDepth) {
      if (tag === skipTag) skipDepth += closing ? -1 : selfClosing ? 0 : 1;
      continue;
    }
    if (!closing && (/id="(footnote|endnote|comment)-/.test(attrs) || (tag === 'sup' && /footnote-ref|endnote-ref/.test(attrs)))) {
      if (!selfClosing) {
        skipDepth = 1;
        skipTag = tag;
      }
      continue;
    }
    if (tag === 'br') {
      if (text !== null) text.push('\n');
      else tables[tables.length - 1]?.cell?.parts.push('\n');
      continue;
    }
    if (BLOCK_TAGS.has(tag)) {
      flushParagraph();
      if (!closing) text = [];
      continue;
    }
    if (tag === 'table') {
      flushParagraph();
      if (!closing) tables.push({ rows: [], row: null, cell: null });
      else {
        const done = tables.pop();
        if (!done) continue;
        const table = toTable(done.rows);
        const outer = tables[tables.length - 1];
        // A table nested in a cell becomes text of that cell.
        if (outer?.cell) outer.cell.parts.push(table.rows.map((r) => (r.kind === 'group' ? r.text : r.cells.join(' '))).join('\n'));
        else if (table.rows.length || table.headers.length) blocks.push({ kind: 'table', table });
      }
      continue;
    }
    const table = tables[tables.length - 1];
    if (!table) continue;
    if (tag === 'tr') {
      if (!closing) table.row = [];
      else if (table.row) {
        table.rows.push(table.row);
        table.row = null;
      }
    } else if (tag === 'td' || tag === 'th') {
      if (!closing) {
        table.cell = { parts: [], colspan: intAttr(attrs, 'colspan'), rowspan: intAttr(attrs, 'rowspan'), header: tag === 'th' };
      } else if (table.cell) {
        flushParagraph();
        const cellText = table.cell.parts.join('\n').replace(/\n{2,}/g, '\n').trim();
        (table.row ??= []).push({ text: cellText, colspan: table.cell.colspan, rowspan: table.cell.rowspan, header: table.cell.header });
        table.cell = null;
      }
    }
  }
  flushParagraph();
  return blocks;
}

function intAttr(attrs: string, name: string): number {
  const m = new RegExp(`${name}="(\\d+)"`).exec(attrs);
  return m ? Math.max(1, Math.min(1000, Number(m[1]))) : 1;
}

/**
 * Lays rows out on a grid: colspan pads, rowspan repeats the merged value in the rows it covers
 * (a lead leader merged over several tasks leads each of them), a row that is one cell spanning
 * the table is a group row, and group rows above the header are the table's title.
 */
function toTable(rows: Cell[][]): DocumentTable {
  const width = Math.max(0, ...rows.map((r) => r.reduce((w, c) => w + c.colspan, 0)));
  const carried: ({ text: string; left: number } | null)[] = Array.from({ length: width }, () => null);
  const grid: { cells: string[]; group: boolean; header: boolean }[] = [];
  for (const row of rows) {
    if (width > 1 && row.length === 1 && row[0].colspan >= width) {
      grid.push({ cells: [row[0].text], group: true, header: false });
      continue;
    }
    const cells: string[] = [];
    let k = 0;
    const take = () => {
      while (k < row.length || carried[cells.length]) {
        const carry = carried[cells.length];
        if (carry) {
          cells.push(carry.text);
          carry.left--;
          if (carry.left === 0) carried[cells.length - 1] = null;
          continue;
        }
        const c = row[k++];
        const col = cells.length;
        cells.push(c.text);
        for (let s = 1; s < c.colspan; s++) cells.push('');
        if (c.rowspan > 1) carried[col] = { text: c.text, left: c.rowspan - 1 };
      }
    };
    take();
    grid.push({ cells, group: false, header: row.every((c) => c.header) });
  }
  const titleRows: string[] = [];
  while (grid.length && grid[0].group) titleRows.push(grid.shift()!.cells[0]);
  let headers: string[] = [];
  if (grid.length > 1 && !grid[0].group) headers = grid.shift()!.cells.map((c) => closeUpSpacedCell(c.replace(/\n/g, '')));
  const out: DocumentTableRow[] = grid.map((r) =>
    r.group ? { kind: 'group', text: r.cells[0], sourceLine: 0 } : { kind: 'row', cells: r.cells, sourceLine: 0 },
  );
  return { title: titleRows.length ? titleRows.join(' ') : null, headers, rows: out, annex: null, sourceLine: 0 };
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return NAMED[e] ?? all;
  });
}
