import type { DocumentNode, ParsedDocument } from './documents.types.ts';

/** Options of {@link renderOutline}. */
export interface RenderOptions {
  /** Show each node's source line ("  @23"). */
  lineNumbers?: boolean;
  /** Deepest level to show (1 = top-level nodes only). */
  maxDepth?: number;
}

/**
 * Renders a parsed document as an indented text tree, for the CLI without --json.
 * @example
 * renderOutline(doc)
 * // 国务院关于印发国家职业教育改革实施方案的通知
 * // 国发〔2019〕4号 · 国务院 · 2019-01-24
 * // ├─ 一、完善国家职业教育制度体系
 * // │  ├─ （一）健全国家职业教育制度框架
 */
export function renderOutline(doc: ParsedDocument, opts: RenderOptions = {}): string {
  const out: string[] = [];
  if (doc.title) out.push(doc.title);
  const meta = [doc.docNumber, doc.issuer, doc.date ?? doc.dateText].filter(Boolean);
  if (meta.length) out.push(meta.join(' · '));
  if (doc.embeddedTitle) out.push(`[印发] ${doc.embeddedTitle}`);
  if (doc.preamble) out.push(`[前言] ${ellipsis(doc.preamble, 40)}`);
  const maxDepth = opts.maxDepth ?? Infinity;
  const walk = (nodes: DocumentNode[], prefix: string, depth: number) => {
    nodes.forEach((n, i) => {
      const lastChild = i === nodes.length - 1;
      const where = opts.lineNumbers ? `  @${n.sourceLine}` : '';
      out.push(`${prefix}${lastChild ? '└─ ' : '├─ '}${n.marker}${n.heading || ellipsis(n.text, 30)}${where}`);
      if (depth < maxDepth) walk(n.children, prefix + (lastChild ? '   ' : '│  '), depth + 1);
    });
  };
  walk(doc.nodes, '', 1);
  if (doc.closing) out.push(`[结尾] ${ellipsis(doc.closing, 40)}`);
  for (const t of doc.tables) {
    const groups = t.rows.filter((r) => r.kind === 'group').length;
    out.push(`[表格] ${t.title ?? t.annex ?? ''} ${t.headers.length}列 × ${t.rows.length - groups}行${groups ? `（${groups}个分组）` : ''}`.replace('  ', ' '));
  }
  for (const w of doc.warnings) out.push(`! 第${w.line}行: ${w.message}`);
  return out.join('\n');
}

function ellipsis(text: string, max: number): string {
  const first = text.split('\n')[0];
  return [...first].length > max ? `${[...first].slice(0, max).join('')}…` : first;
}
