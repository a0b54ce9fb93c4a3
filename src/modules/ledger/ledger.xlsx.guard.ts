import zlib from 'node:zlib';
import { TableInputError } from './ledger.xlsx.types.ts';
import { InflateCapExceeded, inflateRawCapped } from '../../lib/inflate-capped.ts';

/** Largest task-division table file accepted (a 5,000-task table is well under 2 MB). */
export const MAX_TABLE_BYTES = 25 * 1024 * 1024;

/** Largest total size the workbook's parts may inflate to; more is refused as a zip bomb. */
export const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

/** Largest compression ratio accepted for one sizeable part (real sheets stay far below it). */
const MAX_RATIO = 500;
const MAX_ENTRIES = 5_000;
/** Cells all sheets may hold: ExcelJS keeps each as an object (100,000 exported tasks are 0.8 M cells, read in ~20 s and 0.7 GB). */
export const MAX_TABLE_CELLS = 1_000_000;
const SHEET_PART = /^xl\/worksheets\/[^/]+\.xml$/;
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Refuses the file with a reason in Chinese and English. */
type Fail = (zh: string, en: string) => never;

/** One member of the zip as its central directory describes it. */
interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * Checks that bytes are a plausible .xlsx before ExcelJS sees them: size, format (zip, OOXML
 * workbook), encryption, and a zip bomb — every part is inflated here with a hard output cap
 * and its checksum verified, so a lying central directory cannot blow up memory later; each
 * verified part is handed to `onPart`. Throws {@link TableInputError} naming the file and what it really is.
 */
export function assertReadableXlsx(
  bytes: Uint8Array,
  fileName: string,
  onPart?: (name: string, data: Buffer) => void,
): void {
  const fail: Fail = (zh, en) => {
    throw new TableInputError(fileName, zh, en);
  };
  if (bytes.length === 0) fail('文件是空的', 'the file is empty');
  if (bytes.length > MAX_TABLE_BYTES) {
    fail(
      `文件大小为 ${megabytes(bytes.length)}，任务分工表不能超过 ${megabytes(MAX_TABLE_BYTES)}`,
      `the file is ${megabytes(bytes.length)}; task tables larger than ${megabytes(MAX_TABLE_BYTES)} are refused`,
    );
  }
  if (startsWith(bytes, CFB_MAGIC)) {
    if (containsUtf16(bytes, 'EncryptionInfo')) {
      fail(
        '工作簿设有密码（已加密）；请在 Excel/WPS 中取消密码，另存为 .xlsx 后再上传',
        'the workbook is password-protected (encrypted); remove the password in Excel/WPS and save it as .xlsx',
      );
    }
    fail(
      '这是旧版 Excel 97–2003（.xls）或其他 OLE 格式的文件，不是 .xlsx；请在 Excel/WPS 中打开，另存为 .xlsx',
      'this is a legacy Excel 97–2003 (.xls) or other OLE file, not .xlsx; open it in Excel/WPS and save it as .xlsx',
    );
  }
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    const what = describeNonZip(bytes);
    fail(`这是${what.zh}，不是 Excel 工作簿（.xlsx）`, `this is ${what.en}, not an Excel .xlsx workbook`);
  }
  const entries = readCentralDirectory(bytes, fail);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) fail('这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）', 'this is a Word document (.docx), not an Excel .xlsx workbook');
    if (names.has('ppt/presentation.xml')) fail('这是 PowerPoint 文件（.pptx），不是 Excel 工作簿（.xlsx）', 'this is a PowerPoint file (.pptx), not an Excel .xlsx workbook');
    if (names.has('content.xml') && names.has('mimetype')) fail('这是 OpenDocument 文件（.ods/.odt）；请另存为 .xlsx', 'this is an OpenDocument file (.ods/.odt); save it as .xlsx');
    fail('这是 zip 压缩包，但不是 Excel 工作簿（.xlsx）：其中没有 xl/workbook.xml', 'this is a zip archive but not an Excel .xlsx workbook (no xl/workbook.xml)');
  }
  verifyEntries(bytes, entries, fail, onPart);
}

function readCentralDirectory(bytes: Uint8Array, fail: Fail): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes, view);
  if (eocd < 0) fail('文件开头像 zip 压缩包，但已截断或损坏（找不到 zip 目录）', 'the file starts like a zip archive but is truncated or damaged (no zip directory found)');
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    fail('压缩包使用了 ZIP64 格式，任务分工表用不到它；请用 Excel/WPS 重新保存', 'the zip archive uses ZIP64, which a task table never needs; save it again from Excel/WPS');
  }
  if (count > MAX_ENTRIES) fail(`压缩包中有 ${count} 个部件，工作簿远没有这么多`, `the zip archive holds ${count} parts; a workbook has far fewer`);
  if (cdOffset + cdSize > eocd) fail('zip 目录已损坏（指向文件之外）', 'the zip directory is damaged (points outside the file)');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) fail('zip 目录已损坏', 'the zip directory is damaged');
    const entry: ZipEntry = {
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
      name: '',
    };
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (p + 46 + nameLength > eocd) fail('zip 目录已损坏', 'the zip directory is damaged');
    entry.name = Buffer.from(bytes.subarray(p + 46, p + 46 + nameLength)).toString('utf8').replace(/^\/+/, '');
    p += 46 + nameLength + extraLength + commentLength;
    if (entry.flags & 1) fail('工作簿的内容已加密；请取消密码后另存为 .xlsx', 'the workbook parts are encrypted; remove the password and save it as .xlsx');
    if (entry.method !== 0 && entry.method !== 8) fail(`压缩包部件 ${entry.name} 使用了不支持的压缩方式`, `the zip part ${entry.name} uses an unsupported compression method`);
    total += entry.size;
    if (total > MAX_UNCOMPRESSED_BYTES) {
      fail(
        `工作簿解压后将超过 ${megabytes(MAX_UNCOMPRESSED_BYTES)}（疑似“压缩炸弹”，或表格过大）`,
        `the workbook would inflate to more than ${megabytes(MAX_UNCOMPRESSED_BYTES)} (a zip bomb or far too large a table)`,
      );
    }
    if (entry.size > 1024 * 1024 && entry.size / Math.max(1, entry.compressedSize) > MAX_RATIO) {
      const ratio = Math.round(entry.size / Math.max(1, entry.compressedSize));
      fail(`压缩包部件 ${entry.name} 的压缩比为 ${ratio}:1（疑似“压缩炸弹”）`, `the zip part ${entry.name} is compressed ${ratio}:1 (a zip bomb)`);
    }
    entries.push(entry);
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  for (let p = bytes.length - 22; p >= stop; p--) {
    if (bytes[p] === 0x50 && bytes[p + 1] === 0x4b && view.getUint32(p, true) === 0x06054b50) return p;
  }
  return -1;
}

function verifyEntries(
  bytes: Uint8Array,
  entries: ZipEntry[],
  fail: Fail,
  onPart?: (name: string, data: Buffer) => void,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let cells = 0;
  for (const entry of entries) {
    const p = entry.localOffset;
    if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) fail(`压缩包部件 ${entry.name} 已损坏`, `the zip part ${entry.name} is damaged`);
    const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
    const end = start + entry.compressedSize;
    if (end > bytes.length) fail(`压缩包部件 ${entry.name} 不完整（已截断）`, `the zip part ${entry.name} is truncated`);
    const data = bytes.subarray(start, end);
    let inflated: Uint8Array;
    if (entry.method === 0) {
      inflated = data;
    } else {
      try {
        inflated = inflateRawCapped(data, entry.size);
      } catch (err) {
        if (err instanceof InflateCapExceeded) fail(`压缩包部件 ${entry.name} 解压后超出其声明的大小（疑似“压缩炸弹”）`, `the zip part ${entry.name} inflates beyond its declared size (a zip bomb)`);
        fail(`压缩包部件 ${entry.name} 已损坏`, `the zip part ${entry.name} is damaged`);
      }
    }
    if (inflated!.length !== entry.size || zlib.crc32(inflated!) !== entry.crc) {
      fail(`压缩包部件 ${entry.name} 已损坏（大小或校验和不符）`, `the zip part ${entry.name} is damaged (size or checksum mismatch)`);
    }
    const part = Buffer.from(inflated!.buffer, inflated!.byteOffset, inflated!.length);
    if (SHEET_PART.test(entry.name)) {
      cells += checkSheetXml(part, entry.name, fail);
      if (cells > MAX_TABLE_CELLS) {
        fail(
          `工作簿的单元格超过 ${MAX_TABLE_CELLS / 10_000} 万个，任务分工表远没有这么多（请拆分成几个文件）`,
          `the workbook holds more than ${MAX_TABLE_CELLS.toLocaleString('en')} cells; a task table has far fewer (split it into several files)`,
        );
      }
    }
    onPart?.(entry.name, part);
  }
}

/** Refuses sheet parts that would make ExcelJS allocate without bound (a column range past XFD); returns the cell count. */
function checkSheetXml(xml: Buffer, name: string, fail: Fail): number {
  const text = xml.toString('latin1');
  for (const m of text.matchAll(/<(?:\w+:)?col\s[^>]*?max="([0-9]+)"/g)) {
    if (Number(m[1]) > 16_384) fail(`${name} 已损坏（有超出 XFD 的列）`, `${name} is damaged (a column beyond XFD)`);
  }
  let cells = 0;
  for (let at = text.indexOf('<c'); at >= 0; at = text.indexOf('<c', at + 2)) {
    const next = text.charCodeAt(at + 2);
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) cells++;
  }
  return cells;
}

/** What a file that is no zip archive is, in both languages. */
function describeNonZip(bytes: Uint8Array): { zh: string; en: string } {
  const head = Buffer.from(bytes.subarray(0, 512));
  const ascii = head.toString('latin1');
  if (ascii.startsWith('%PDF')) return { zh: ' PDF 文件', en: 'a PDF file' };
  if (/^\s*<\?xml/.test(ascii) && /urn:schemas-microsoft-com:office:spreadsheet/.test(head.toString('utf8'))) {
    return { zh: ' Excel 2003 XML 电子表格', en: 'an Excel 2003 XML spreadsheet' };
  }
  if (/^\s*<(!doctype html|html|table)/i.test(ascii)) return { zh: '网页（HTML）文件（有些系统把它存成 .xls）', en: 'an HTML page (some systems save these as .xls)' };
  if (/^\{\\rtf/.test(ascii)) return { zh: ' RTF 文档', en: 'an RTF document' };
  if (looksLikeText(head)) {
    const text = head.toString('utf8');
    return /[,\t，]/.test(text.split(/\r?\n/)[0] ?? '') ? { zh: ' CSV 或纯文本文件', en: 'a CSV or plain-text file' } : { zh: '纯文本文件', en: 'a plain-text file' };
  }
  return { zh: '无法识别内容的文件', en: 'a file of unrecognised content' };
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) return false;
  // The 512-byte window may cut a multi-byte character at its end.
  const whole = head.length < 512 ? head : head.subarray(0, head.length - 3);
  return !whole.toString('utf8').includes('\ufffd');
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function containsUtf16(bytes: Uint8Array, word: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(word, 'utf16le'));
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
