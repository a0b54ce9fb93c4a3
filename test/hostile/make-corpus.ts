/**
 * The hostile-input corpus for document and table uploads: small files, made on the fly (nothing big
 * is committed), each built to stall or swell a reader that trusts what a file says about itself.
 * Deterministic: the same bytes every run. Used by test/hostile/files.test.ts and bench/hostile.bench.ts.
 *
 *   node --import tsx test/hostile/make-corpus.ts /tmp/hostile   # writes the files, prints their sizes
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { buildZip, type ZipMember } from '../fixtures/plans/zip.ts';

/** One hostile file: its name (the extension chooses the reader), bytes and what it tries. */
export interface HostileFile {
  name: string;
  bytes: Uint8Array;
  /** What the file does to a careless reader. */
  attack: string;
  /** Where it is sent: a document goes to /api/plans/parse and `luoshi parse`, a table to the task import. */
  kind: 'document' | 'table';
}

/** Every file of the corpus, in the order the bench reports them. */
export function makeCorpus(): HostileFile[] {
  return [
    {
      name: 'pdf-200k-items.pdf',
      kind: 'document',
      attack: '200,000 text items on one line (BT … Td (AAAA) Tj ET repeated)',
      bytes: pdfWithContent(repeat('BT 72 700 Td (AAAA) Tj ET\n', 200_000)),
    },
    {
      name: 'pdf-5m-items.pdf',
      kind: 'document',
      attack: '5,000,000 (A) Tj items on one line',
      bytes: pdfWithContent(repeat('BT 72 700 Td (A) Tj ET\n', 5_000_000)),
    },
    {
      name: 'pdf-inflate-bomb.pdf',
      kind: 'document',
      attack: 'a content stream that inflates to 1 GB',
      bytes: pdfWithContent(zeroDeflate(1024, 'zlib', 0x20)),
    },
    {
      name: 'docx-media-bomb.docx',
      kind: 'document',
      attack: '_rels points the main document at word/media/image1.png: declares 1,000 bytes, inflates to 2 GB',
      bytes: zip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES_DOCX },
        { name: '_rels/.rels', data: rels('word/media/image1.png') },
        { name: 'word/document.xml', data: documentXml('<w:p><w:r><w:t>一、总体要求</w:t></w:r></w:p>') },
        { name: 'word/media/image1.png', packed: zeroDeflate(2048, 'raw'), declaredSize: 1000 },
      ]),
    },
    {
      name: 'docx-lying-document.docx',
      kind: 'document',
      attack: 'word/document.xml declares 1,000 bytes and inflates to 1 GB',
      bytes: zip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES_DOCX },
        { name: '_rels/.rels', data: rels('word/document.xml') },
        { name: 'word/document.xml', packed: zeroDeflate(1024, 'raw', 0x20), declaredSize: 1000 },
      ]),
    },
    {
      name: 'docx-deep.docx',
      kind: 'document',
      attack: 'tables nested 20,000 deep in word/document.xml',
      bytes: zip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES_DOCX },
        { name: '_rels/.rels', data: rels('word/document.xml') },
        { name: 'word/document.xml', data: documentXml(`${repeat('<w:tbl><w:tr><w:tc>', 20_000)}<w:p><w:r><w:t>深</w:t></w:r></w:p>${repeat('</w:tc></w:tr></w:tbl>', 20_000)}`) },
      ]),
    },
    {
      name: 'xlsx-lying-sheet.xlsx',
      kind: 'table',
      attack: 'xl/worksheets/sheet1.xml declares 1,000 bytes and inflates to 1 GB',
      bytes: zip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES_XLSX },
        { name: '_rels/.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
        { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="任务" sheetId="1" r:id="rId1"/></sheets></workbook>' },
        { name: 'xl/_rels/workbook.xml.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
        { name: 'xl/worksheets/sheet1.xml', packed: zeroDeflate(1024, 'raw', 0x20), declaredSize: 1000 },
      ]),
    },
    {
      name: 'txt-nul-bytes.txt',
      kind: 'document',
      attack: 'NUL bytes in a text file',
      bytes: new Uint8Array([...Buffer.from('一、总体要求\n'), 0, 0, 0, ...Buffer.from('二、\u0000主要任务\n')]),
    },
  ];
}

function repeat(s: string, n: number): string {
  return s.repeat(n);
}

/**
 * A deflate stream of `mb` MB of one byte, written as one compressed megabyte repeated (each block
 * ends in a full flush, so blocks stand alone): a few KB per inflated GB, made in milliseconds.
 */
function zeroDeflate(mb: number, wrap: 'raw' | 'zlib', byte = 0): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1024 * 1024, byte), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const body = Buffer.concat([...Array.from({ length: mb }, () => block), Buffer.from([0x03, 0x00])]);
  // A zlib wrapper (what PDF's FlateDecode reads) is a 2-byte header and an Adler-32; readers that stop at the cap never reach it.
  return wrap === 'raw' ? body : Buffer.concat([Buffer.from([0x78, 0xda]), body, Buffer.from([0, 0, 0, 0])]);
}

/** A one-page PDF whose content stream is the given text (FlateDecode-compressed) or precompressed bytes. */
function pdfWithContent(content: string | Buffer): Uint8Array {
  const packed = typeof content === 'string' ? zlib.deflateSync(Buffer.from(`/F1 12 Tf\n${content}`, 'latin1'), { level: 9 }) : content;
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`), packed, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(at);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    parts.push(obj);
    at += obj.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

const CONTENT_TYPES_DOCX =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const CONTENT_TYPES_XLSX =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';

function rels(main: string): string {
  return `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`;
}

function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

interface Part {
  name: string;
  data?: string;
  /** Raw-deflate bytes written as they are (with `declaredSize`, a part that lies about its size). */
  packed?: Buffer;
  declaredSize?: number;
}

/** A zip archive of the parts (deflated), with the sizes the parts declare: test/fixtures/plans/zip.ts writes it. */
function zip(parts: Part[]): Uint8Array {
  const members: ZipMember[] = parts.map((part) =>
    part.packed
      ? { name: part.name, data: new Uint8Array(0), raw: { compressed: part.packed, size: part.declaredSize ?? 0, crc: 0 } }
      : { name: part.name, data: Buffer.from(part.data ?? '', 'utf8'), deflate: true, declaredSize: part.declaredSize },
  );
  return new Uint8Array(buildZip(members));
}

/** Writes the corpus into a folder and returns the files' paths, by name. */
export function writeCorpus(dir: string): Map<string, string> {
  fs.mkdirSync(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const f of makeCorpus()) {
    const file = path.join(dir, f.name);
    fs.writeFileSync(file, f.bytes);
    paths.set(f.name, file);
  }
  return paths;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const dir = process.argv[2] ?? 'hostile-corpus';
  writeCorpus(dir);
  for (const f of makeCorpus()) console.log(`${f.name.padEnd(28)} ${String(f.bytes.length).padStart(9)} B  ${f.attack}`);
}
