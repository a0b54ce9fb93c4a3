/**
 * extractDocumentText: the bytes of a .txt, .md, .docx or .pdf file in, plain text and tables
 * out. No file system or network: it only runs the libraries (mammoth, unpdf) on the bytes.
 * Everything it refuses, it refuses with a DocumentInputError that says why.
 */
import mammoth from 'mammoth';
import { getDocumentProxy } from 'unpdf';
import { bilingual } from '../../lib/bilingual.ts';
import { inflatedSize } from '../../lib/inflate-capped.ts';
import { DocumentInputError, type DocumentTable, type DocumentWarning, type ExtractedDocument } from './documents.types.ts';
import { htmlToBlocks } from './documents.html.ts';
import { buildTable, tableToMarkdown } from './documents.tables.domain.ts';
import { splitTableRow, TERMINAL_END } from './documents.lines.domain.ts';
import { DEFAULT_ZIP_LIMITS, ZipRejected, type ZipLimits, checkZipLimits, readZipDirectory, verifyZipParts } from './documents.zip.ts';
import { NUMBERING_PARTS, recoverListNumbering } from './documents.docx-numbering.ts';
import { displayWidth } from './documents.text.domain.ts';
import { type PdfTextItem, findPdfTables } from './documents.pdf-layout.ts';

/** Largest document file accepted (bytes); bigger uploads are refused before they are read. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** How long a PDF may take to open and read before it is given up on. */
export const PDF_TIMEOUT_MS = 60_000;

/** Most text items one PDF page may hold; a real page has a few thousand at most, a content-stream bomb millions. */
export const MAX_PDF_PAGE_ITEMS = 20_000;

/** Most bytes a PDF's compressed streams may inflate to, counted before pdf.js reads them. */
export const MAX_PDF_INFLATED_BYTES = 128 * 1024 * 1024;

/** Options of {@link extractDocumentText}. */
export interface ExtractOptions {
  zipLimits?: ZipLimits;
  maxBytes?: number;
  pdfTimeoutMs?: number;
}

type Sniffed = 'pdf' | 'zip' | 'ole' | 'png' | 'jpeg' | 'gif' | 'bmp' | 'tiff' | 'webp' | 'rtf' | 'text';

const EXTENSIONS: Record<string, ExtractedDocument['format']> = {
  txt: 'txt', text: 'txt', md: 'md', markdown: 'md', docx: 'docx', pdf: 'pdf',
};

/** What a file's first bytes say it is, [中文, English]. */
const DESCRIBED: Record<Sniffed, [string, string]> = {
  pdf: ['PDF 文件', 'a PDF file'],
  zip: ['zip 压缩包', 'a zip archive'],
  ole: ['旧版 Office 97–2003 文件（.doc/.xls）或设了密码的 Office 文件', 'a legacy Office 97–2003 file (.doc/.xls) or a password-protected Office document'],
  png: ['PNG 图片', 'a PNG image'],
  jpeg: ['JPEG 图片', 'a JPEG image'],
  gif: ['GIF 图片', 'a GIF image'],
  bmp: ['BMP 图片', 'a BMP image'],
  tiff: ['TIFF 图片', 'a TIFF image'],
  webp: ['WebP 图片', 'a WebP image'],
  rtf: ['RTF 文件', 'an RTF file'],
  text: ['文本', 'text'],
};

/**
 * Pulls text and tables out of a document file. Text comes one paragraph per line, PDF pages
 * separated by "\f", tables as `| … |` rows, so {@link parseDocumentText} reads every format
 * the same way.
 * @example const { text } = await extractDocumentText(await fs.readFile('国发〔2019〕4号.docx'), '国发〔2019〕4号.docx')
 */
export async function extractDocumentText(bytes: Uint8Array, fileName: string, opts: ExtractOptions = {}): Promise<ExtractedDocument> {
  const maxBytes = opts.maxBytes ?? MAX_DOCUMENT_BYTES;
  if (bytes.length === 0) throw new DocumentInputError(fileName, bilingual('文件是空的', 'the file is empty'));
  if (bytes.length > maxBytes) {
    throw new DocumentInputError(
      fileName,
      bilingual(`文件有 ${mb(bytes.length)}，超过了 ${mb(maxBytes)} 的上限`, `the file is ${mb(bytes.length)}, over the limit of ${mb(maxBytes)}`),
    );
  }
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1].toLowerCase() ?? '';
  const format = EXTENSIONS[ext];
  if (!format) {
    const legacy = ext === 'doc' || ext === 'wps';
    throw new DocumentInputError(
      fileName,
      bilingual(
        `不支持${ext ? ` .${ext} ` : '这种'}文件，请使用 .txt、.md、.docx 或 .pdf${legacy ? '（请先另存为 .docx）' : ''}`,
        `unsupported file type${ext ? ` .${ext}` : ''}; use .txt, .md, .docx or .pdf${legacy ? ' (save the file as .docx first)' : ''}`,
      ),
    );
  }
  const sniffed = sniff(bytes);
  const expected: Sniffed = format === 'pdf' ? 'pdf' : format === 'docx' ? 'zip' : 'text';
  if (sniffed !== expected) {
    const [zh, en] = DESCRIBED[sniffed];
    const wanted = format === 'pdf' ? [' PDF 文件', 'a PDF'] : format === 'docx' ? [' Word（.docx）文档', 'a Word (.docx) document'] : ['文本文件', 'text'];
    throw new DocumentInputError(fileName, bilingual(`文件不是${wanted[0]}，看起来是 ${zh}`, `the file is not ${wanted[1]}: it looks like ${en}`));
  }
  if (format === 'docx') return extractDocx(bytes, fileName, opts.zipLimits ?? DEFAULT_ZIP_LIMITS);
  if (format === 'pdf') return extractPdf(bytes, fileName, opts.pdfTimeoutMs ?? PDF_TIMEOUT_MS);
  let text = decodeText(bytes, fileName);
  // Markdown heading marks (# 标题) and bold (**一、总体要求**) are layout, not part of the words; lines stay where they
  // were. Text copied out of a markdown collection keeps them whatever the file is called, so a .txt is read alike.
  text = text.replace(/^[ \t]*#{1,6}[ \t]+/gm, '').replace(/\*\*([^*\n]+)\*\*/g, '$1');
  if (!text.trim()) throw new DocumentInputError(fileName, bilingual('文件里没有文字', 'the file contains no text'));
  return { text, tables: tablesInText(text), format, warnings: [] };
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0)} MB`;
}

function sniff(b: Uint8Array): Sniffed {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  const head = new TextDecoder('latin1').decode(b.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'ole';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (starts(0x52, 0x49, 0x46, 0x46) && head.slice(8, 12) === 'WEBP') return 'webp';
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (starts(0x42, 0x4d) && b.length > 26 && b[14] >= 12 && b[14] <= 124 && b[15] === 0) return 'bmp';
  return 'text';
}

/** Decodes text as UTF-8 (with or without BOM), UTF-16 (BOM or evident from the zero bytes), or GB18030. */
function decodeText(b: Uint8Array, fileName: string): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder('utf-8').decode(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b.subarray(2));
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  const sample = b.subarray(0, 4096);
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) zeroOdd++;
    else zeroEven++;
  }
  if (zeroOdd > sample.length / 8 && zeroEven === 0) return new TextDecoder('utf-16le').decode(b);
  if (zeroEven > sample.length / 8 && zeroOdd === 0) return new TextDecoder('utf-16be').decode(b);
  if (zeroEven + zeroOdd > 0) throw new DocumentInputError(fileName, bilingual('含有二进制数据，不是文本', 'binary data, not text'));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(b);
    } catch {
      throw new DocumentInputError(fileName, bilingual('文字编码既不是 UTF-8 也不是 GB18030（可能是二进制数据）', 'the text is neither UTF-8 nor GB18030 (binary data?)'));
    }
  }
}

/** Tables written as `| … |` rows in a text file. */
function tablesInText(text: string): DocumentTable[] {
  const tables: DocumentTable[] = [];
  const lines = text.split(/\r?\n/);
  let block: { line: number; rows: { cells: string[]; line: number }[] } | null = null;
  let caption: string | null = null;
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t.startsWith('|') || t.startsWith('｜')) {
      block ??= { line: i + 1, rows: [] };
      block.rows.push({ cells: splitTableRow(t), line: i + 1 });
      return;
    }
    if (block) tables.push(buildTable(block, caption, null));
    block = null;
    if (t) caption = displayWidth(t) <= 60 && !TERMINAL_END.test(t) ? t : null;
  });
  if (block) tables.push(buildTable(block, caption, null));
  return tables;
}

async function extractDocx(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<ExtractedDocument> {
  const listParts = new Map<string, Uint8Array>();
  try {
    const entries = readZipDirectory(bytes);
    checkZipLimits(entries, limits);
    const names = entries.map((e) => e.name);
    if (!names.includes('word/document.xml')) {
      const [zh, en] = names.includes('xl/workbook.xml')
        ? ['Excel 工作簿（.xlsx）', 'an Excel workbook (.xlsx)']
        : names.includes('ppt/presentation.xml')
          ? ['PowerPoint 文件（.pptx）', 'a PowerPoint file (.pptx)']
          : ['缺少 word/document.xml 的 zip 压缩包', 'a zip archive without word/document.xml'];
      throw new ZipRejected(bilingual(`这是${zh}，不是 Word 文档`, `this is ${en}, not a Word document`));
    }
    // Every part is proved, images too: _rels may point the main document at any of them, and mammoth
    // (jszip) inflates whatever it is pointed at without a cap. The parts list numbering reads are kept.
    verifyZipParts(bytes, entries, (name, data) => {
      if (NUMBERING_PARTS.includes(name) && !listParts.has(name)) listParts.set(name, data);
    });
  } catch (err) {
    if (err instanceof ZipRejected) throw new DocumentInputError(fileName, err.message);
    throw err;
  }
  const warnings: DocumentWarning[] = [];
  const numbered = await recoverListNumbering(bytes, listParts);
  if (numbered.warning) warnings.push({ line: 1, message: numbered.warning });
  const docx = numbered.bytes;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(docx.buffer, docx.byteOffset, docx.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (err) {
    const detail = (err as Error).message.split('\n')[0];
    throw new DocumentInputError(fileName, bilingual(`Word 文档已损坏（${detail}）`, `corrupt Word document (${detail})`));
  }
  const lines: string[] = [];
  const tables: DocumentTable[] = [];
  let previous: string | null = null;
  for (const block of htmlToBlocks(html)) {
    if (block.kind === 'paragraph') {
      lines.push(block.text);
      previous = block.text;
      continue;
    }
    const table = block.table;
    if (table.title) lines.push(table.title);
    else if (previous && displayWidth(previous) <= 60 && !TERMINAL_END.test(previous)) table.title = previous;
    table.sourceLine = lines.length + 1;
    lines.push(tableToMarkdown(table));
    lines.push('');
    tables.push(table);
    previous = null;
  }
  const text = lines.join('\n');
  if (!text.trim()) throw new DocumentInputError(fileName, bilingual('Word 文档里没有文字', 'the Word document contains no text'));
  return { text, tables, format: 'docx', warnings };
}

async function extractPdf(bytes: Uint8Array, fileName: string, timeoutMs: number): Promise<ExtractedDocument> {
  await checkPdfStreams(bytes, fileName);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const message = bilingual(`读取 PDF 超过了 ${timeoutMs / 1000} 秒`, `reading the PDF took longer than ${timeoutMs / 1000} s`);
    timer = setTimeout(() => reject(new DocumentInputError(fileName, message)), timeoutMs);
  });
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // pdf.js may take the buffer over, so it gets a copy; and it refuses a Node Buffer (what fs and uploads
    // give), whose slice() is a Buffer again, so the copy is a plain Uint8Array.
    pdf = await Promise.race([getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false }), timeout]);
    const doc = pdf;
    // Page by page: a page refused for its item count stops the reading before the next page is parsed.
    const pages: PdfPageItem[][] = [];
    for (let i = 1; i <= doc.numPages; i++) pages.push(await Promise.race([pageTextItems(doc, i, fileName), timeout]));
    const text = pdfText(pages);
    if (!text.replace(/\f/g, '').trim()) {
      throw new DocumentInputError(
        fileName,
        bilingual('PDF 没有文字层（可能是扫描件），暂不支持文字识别（OCR）', 'the PDF has no text layer (a scan?); text recognition (OCR) is not supported'),
      );
    }
    return { text, tables: tablesInText(text), format: 'pdf', warnings: [] };
  } catch (err) {
    if (err instanceof DocumentInputError) throw err;
    const name = (err as { name?: string }).name ?? '';
    const message = (err as Error).message ?? String(err);
    if (name === 'PasswordException' || /password/i.test(message)) {
      throw new DocumentInputError(
        fileName,
        bilingual('PDF 已加密（设有密码），请去掉密码后重新上传', 'the PDF is encrypted (password-protected); remove the password and upload it again'),
      );
    }
    if (name === 'InvalidPDFException' || /invalid pdf/i.test(message)) {
      throw new DocumentInputError(fileName, bilingual('PDF 已损坏（结构无效）', 'corrupt PDF (invalid structure)'));
    }
    const detail = message.split('\n')[0];
    throw new DocumentInputError(fileName, bilingual(`无法读取 PDF（${detail}）`, `unreadable PDF (${detail})`));
  } finally {
    clearTimeout(timer);
    await pdf?.destroy().catch(() => undefined);
  }
}

interface PdfPageItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  width: number;
  height: number;
}

async function pageTextItems(pdf: Awaited<ReturnType<typeof getDocumentProxy>>, pageNumber: number, fileName: string): Promise<PdfPageItem[]> {
  const page = await pdf.getPage(pageNumber);
  // Streamed, so a page of millions of items (a content-stream bomb) is refused at the limit, not after all were made.
  const reader = (page.streamTextContent() as ReadableStream<{ items: object[] }>).getReader();
  const items: PdfPageItem[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // Marked-content markers carry no str; the rest are text items (unpdf's extractText reads the same).
    for (const item of value.items) if ('str' in item && (item as PdfPageItem).str != null) items.push(item as PdfPageItem);
    if (items.length > MAX_PDF_PAGE_ITEMS) {
      await reader.cancel(new Error('too many text items')).catch(() => undefined);
      const limit = MAX_PDF_PAGE_ITEMS.toLocaleString('en');
      throw new DocumentInputError(
        fileName,
        bilingual(`PDF 第 ${pageNumber} 页的文字块超过 ${limit} 个（疑似恶意构造的文件）`, `page ${pageNumber} of the PDF holds more than ${limit} text items (a crafted file?)`),
      );
    }
  }
  return items;
}

/**
 * Refuses a PDF whose compressed (FlateDecode) streams inflate past {@link MAX_PDF_INFLATED_BYTES} in all: a few
 * KB can hold gigabytes of content stream. Counted chunk by chunk, nothing kept; streams are found by their
 * `stream` keyword, so this is a cheap first look, not a parse (the worker's limits stand behind it).
 */
async function checkPdfStreams(bytes: Uint8Array, fileName: string): Promise<void> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  let budget = MAX_PDF_INFLATED_BYTES;
  // The last "<<" before the keyword, found walking forward once (a search backward per keyword is quadratic).
  let dictAt = -1;
  let nextDict = text.indexOf('<<');
  for (let at = text.indexOf('stream'); at >= 0; at = text.indexOf('stream', at + 6)) {
    if (text.startsWith('end', at - 3) || (text[at + 6] !== '\r' && text[at + 6] !== '\n')) continue;
    while (nextDict >= 0 && nextDict < at) {
      dictAt = nextDict;
      nextDict = text.indexOf('<<', nextDict + 2);
    }
    if (dictAt < 0 || at - dictAt > 2048) continue;
    const dict = text.slice(dictAt, at);
    // Images are left out: reading text never decodes them, and a scan's pages may rightly inflate to hundreds of MB.
    if (!/\/FlateDecode\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict) || /\/Filter\s*\[[^\]]*\/\w+[^\]]*\/\w+/.test(dict)) continue;
    let start = at + 6;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    budget -= await inflatedSize(bytes.subarray(start, end), budget);
    if (budget < 0) {
      const limit = mb(MAX_PDF_INFLATED_BYTES);
      throw new DocumentInputError(fileName, bilingual(`PDF 的内容解压后超过 ${limit}（疑似压缩炸弹）`, `the PDF's content inflates to more than ${limit} (a compression bomb?)`));
    }
    at = end;
  }
}

/**
 * The pages' text as pdf.js strings it together (unpdf's extractText), except that tables found
 * from the items' positions stand as `| … |` rows where their first item was, and their items
 * are left out, so cells do not become paragraphs.
 */
function pdfText(pages: PdfPageItem[][]): string {
  const flat: PdfTextItem[] = pages.flatMap((items, page) =>
    items.map((it) => ({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width, h: it.height, page })),
  );
  const tables = findPdfTables(flat);
  const owner = new Map<number, number>();
  tables.forEach((t, k) => t.items.forEach((i) => owner.set(i, k)));
  const written = new Set<number>();
  let index = 0;
  return pages
    .map((items) => {
      let text = '';
      let inTable: number | undefined;
      for (const it of items) {
        const table = owner.get(index++);
        if (table !== undefined) {
          inTable = table;
          if (written.has(table)) continue;
          written.add(table);
          const t = tables[table];
          if (text && !text.endsWith('\n')) text += '\n';
          text += `${tableToMarkdown({ headers: t.headers, rows: t.rows.map((r) => ({ ...r, sourceLine: 0 })) })}\n\n`;
          continue;
        }
        // Line ends and spaces pdf.js puts between a table's items belong to the table.
        if (inTable !== undefined && !it.str.trim()) continue;
        inTable = undefined;
        text += it.str + (it.hasEOL ? '\n' : '');
      }
      // trimEnd, not /\s+$/: that regex is quadratic on a long run of spaces.
      return text.trimEnd();
    })
    .join('\n\f');
}
