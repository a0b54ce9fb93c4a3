import type { DocumentTable, DocumentTableRow } from './documents.types.ts';
import type { TableBlock } from './documents.lines.domain.ts';

const SEPARATOR_CELL = /^:?-{2,}:?$/;

/**
 * Turns `| … |` rows into a table: the row above a `|---|` line is the header, and a row with a
 * single non-empty cell in a wider table is a group row ("一、知识产权保护方面（共5项）").
 * Header cells spaced out for layout ("主 要 内 容") are closed up.
 */
export function buildTable(block: TableBlock, title: string | null, annex: string | null): DocumentTable {
  const rows = block.rows;
  const sepIndex = rows.findIndex((r) => r.cells.length > 0 && r.cells.every((c) => SEPARATOR_CELL.test(c)));
  let headers: string[] = [];
  let body = rows;
  if (sepIndex === 1) {
    headers = rows[0].cells.map(closeUpSpacedCell);
    body = rows.slice(2);
  } else if (sepIndex > 1 || sepIndex === 0) {
    body = rows.filter((_, i) => i !== sepIndex);
  }
  const width = Math.max(headers.length, ...body.map((r) => r.cells.length));
  const out: DocumentTableRow[] = [];
  for (const r of body) {
    if (r.cells.every((c) => SEPARATOR_CELL.test(c))) continue;
    const filled = r.cells.filter((c) => c !== '');
    if (width > 1 && filled.length === 1 && (r.cells.length === 1 || r.cells[0] !== '' || r.cells.length < width)) {
      out.push({ kind: 'group', text: filled[0], sourceLine: r.line });
    } else if (filled.length > 0) {
      const cells = [...r.cells];
      while (cells.length < headers.length) cells.push('');
      out.push({ kind: 'row', cells, sourceLine: r.line });
    }
  }
  return { title, headers, rows: out, annex, sourceLine: block.line };
}

/** "主 要 内 容" → "主要内容": single ideographs separated by spaces are one word spaced for layout. */
export function closeUpSpacedCell(cell: string): string {
  return /^(?:[\u4e00-\u9fff][ \u3000]+)+[\u4e00-\u9fff]$/.test(cell) ? cell.replace(/[ \u3000]+/g, '') : cell;
}

/**
 * Renders a table back to `| … |` rows (group rows as one cell, line breaks in a cell as
 * `<br>`), the form tables take inside extracted text.
 */
export function tableToMarkdown(table: Pick<DocumentTable, 'headers' | 'rows'>): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|').replace(/[ \t]*\n[ \t]*/g, '<br>');
  const lines: string[] = [];
  if (table.headers.length) {
    lines.push(`| ${table.headers.map(esc).join(' | ')} |`);
    lines.push(`|${table.headers.map(() => '---').join('|')}|`);
  }
  for (const r of table.rows) {
    lines.push(r.kind === 'group' ? `| ${esc(r.text)} |` : `| ${r.cells.map(esc).join(' | ')} |`);
  }
  return lines.join('\n');
}
