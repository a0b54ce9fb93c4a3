import fs from 'node:fs/promises';
import path from 'node:path';
import { DocumentInputError, type ParsedDocument } from './documents.types.ts';
import { type ExtractOptions, MAX_DOCUMENT_BYTES } from './documents.extract.ts';
import { extractDocumentProtected } from './documents.worker.ts';
import { parseDocumentText } from './documents.parse.domain.ts';
import { bilingual } from '../../lib/bilingual.ts';

/**
 * Reads and parses a document file (.txt, .md, .docx, .pdf); a file over the size limit is
 * refused from its size alone, before any of it is read.
 * @example const doc = await parseDocumentFile('data/国发〔2019〕4号.pdf')
 */
export async function parseDocumentFile(filePath: string, opts: ExtractOptions = {}): Promise<ParsedDocument> {
  const fileName = path.basename(filePath);
  const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  let size: number;
  try {
    const stat = await fs.stat(filePath);
    if (!stat.isFile()) throw new DocumentInputError(fileName, bilingual('不是文件', 'not a file'));
    size = stat.size;
  } catch (err) {
    if (err instanceof DocumentInputError) throw err;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new DocumentInputError(fileName, bilingual(`无法读取文件（${why}）`, `cannot read the file (${why})`));
  }
  if (size > maxBytes) {
    const [mb, limit] = [size, maxBytes].map((n) => (n / 1048576).toFixed(0));
    throw new DocumentInputError(fileName, bilingual(`文件有 ${mb} MB，超过了 ${limit} MB 的上限`, `the file is ${mb} MB, over the limit of ${limit} MB`));
  }
  const buffer = await fs.readFile(filePath);
  // A plain Uint8Array view: pdf.js refuses a Node Buffer ("provide binary data as Uint8Array").
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  // A .docx or .pdf is read in a worker thread with time and memory limits (documents.worker.ts).
  const extracted = await extractDocumentProtected(bytes, fileName, opts);
  const doc = parseDocumentText(extracted.text, { fileName, tables: extracted.format === 'docx' ? extracted.tables : undefined });
  doc.warnings = [...extracted.warnings, ...doc.warnings];
  return doc;
}
