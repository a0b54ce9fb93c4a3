/**
 * parseDocumentText: plain text of an official document (公文) in, its tree out. Pure.
 */
import { DocumentInputError, type DocumentTable, type DocumentWarning, type ParseOptions, type ParsedDocument } from './documents.types.ts';
import { assembleParagraphs, collapseRepeats, removePageArtifacts, splitLines } from './documents.lines.domain.ts';
import { readFrontMatter } from './documents.meta.domain.ts';
import { buildOutline } from './documents.outline.domain.ts';
import { normalizeChars } from './documents.text.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';

/** Longest text the parser accepts (characters); a 60-article decision is about 20,000. */
export const MAX_DOCUMENT_CHARS = 5_000_000;

/**
 * Parses the text of an official document into title, number, issuer, date, preamble,
 * numbered nodes, closing and annex tables. Throws {@link DocumentInputError} for empty or
 * non-text input; anything else odd becomes a warning.
 * @example parseDocumentText('关于……的决定\n一、总体要求\n（1）指导思想。坚持……').nodes[0].children[0].heading // '指导思想'
 */
export function parseDocumentText(text: string, opts: ParseOptions = {}): ParsedDocument {
  const fileName = opts.fileName ?? 'document';
  if (typeof text !== 'string') throw new DocumentInputError(fileName, bilingual('传入的不是文本', 'expected text'));
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new DocumentInputError(fileName, bilingual(`文本过长（${text.length} 个字符，上限为 ${MAX_DOCUMENT_CHARS} 个）`, `text too long (${text.length} characters, limit ${MAX_DOCUMENT_CHARS})`));
  }
  const binaryAt = findBinary(text);
  if (binaryAt !== null) throw new DocumentInputError(fileName, bilingual('含有二进制数据，不是文本', 'binary data, not text'), binaryAt);

  const clean = normalizeChars(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const warnings: DocumentWarning[] = [];
  let lines = splitLines(clean);
  if (lines.length === 0) throw new DocumentInputError(fileName, bilingual('文件是空的', 'the document is empty'));
  lines = collapseRepeats(removePageArtifacts(lines, warnings), warnings);
  const { paragraphs, tables: blocks } = assembleParagraphs(lines);
  const front = readFrontMatter(paragraphs, warnings);
  const outline = buildOutline(paragraphs, blocks, front.bodyStart, front.consumed, warnings, { first: front.embeddedTitle, named: front.wrappedTitles });

  return {
    title: front.title,
    docNumber: front.docNumber,
    issuer: front.issuer,
    date: front.date,
    preamble: outline.preamble,
    closing: outline.closing,
    nodes: outline.nodes,
    tables: mergeTables(outline.tables, opts.tables),
    dateText: front.dateText,
    addressee: front.addressee,
    coveringNotice: front.coveringNotice,
    embeddedTitle: front.embeddedTitle,
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
}

/**
 * Tables given from the file's structure win where the text lost something; where the text kept
 * every row (the usual case: `| … |` rows carry line breaks as <br>), its line numbers are kept.
 */
function mergeTables(found: DocumentTable[], given: DocumentTable[] | undefined): DocumentTable[] {
  if (!given) return found;
  if (given.length !== found.length) return given;
  return found.map((t, i) => {
    const g = given[i];
    const same = g.rows.length === t.rows.length && g.headers.length === t.headers.length;
    return same ? { ...t, title: t.title ?? g.title } : { ...t, headers: g.headers, rows: g.rows, title: t.title ?? g.title };
  });
}

/** Line of the first run of control characters that text files do not contain, or null. */
function findBinary(text: string): number | null {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g);
  if (!controls) return null;
  if (!sample.includes('\u0000') && controls.length <= Math.max(2, sample.length * 0.01)) return null;
  // eslint-disable-next-line no-control-regex
  const at = sample.search(/[\u0000-\u0008\u000E-\u001F\uFFFD]/);
  return sample.slice(0, at).split('\n').length;
}
