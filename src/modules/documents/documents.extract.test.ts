import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, extractDocumentText } from './documents.extract.ts';
import { parseDocumentFile } from './documents.file.ts';
import { parseDocumentText } from './documents.parse.domain.ts';
import { DocumentInputError } from './documents.types.ts';
import { buildPdf } from '../../../test/fixtures/documents/build-pdf.ts';
import { buildZip } from '../../../test/fixtures/documents/build-zip.ts';
import { halves } from '../../lib/bilingual.ts';

const cell = (text: string, extra: { columnSpan?: number; rowSpan?: number } = {}) =>
  new TableCell({ children: text.split('\n').map((t) => new Paragraph(t)), ...extra });

async function sampleDocx(): Promise<Uint8Array> {
  const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          p('天津市发展和改革委员会关于印发2024年产业链工作要点的通知'),
          p('津发改产业〔2024〕21号'),
          p('各区发展改革委，市有关部门：'),
          p('现将《2024年产业链工作要点》印发给你们，请认真组织实施。'),
          p('天津市发展和改革委员会'),
          p('2024年2月20日'),
          p('2024年产业链工作要点'),
          p('一、强化链长制'),
          p('（一）完善工作机制。健全链长、链主、专班协同推进机制。'),
          p('（二）开展专项督查。每季度开展一次督查。'),
          p('二、推进补链强链'),
          p('（三）精准招商。围绕堵点开展联合招商。'),
          p('附件：重点任务清单'),
          p('附件'),
          p('重点任务清单'),
          new Table({
            rows: [
              new TableRow({ children: ['序号', '任务', '牵头市领导', '牵头单位', '完成时限'].map((t) => cell(t)) }),
              new TableRow({ children: [cell('一、强化链长制', { columnSpan: 5 })] }),
              new TableRow({ children: [cell('1'), cell('完善工作机制'), cell('张某某', { rowSpan: 2 }), cell('市发展改革委\n市工业和信息化局'), cell('2024年3月底前')] }),
              new TableRow({ children: [cell('2'), cell('开展专项督查'), cell('市发展改革委'), cell('每季度')] }),
            ],
          }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

async function expectRefusal(promise: Promise<unknown>, pattern: RegExp, fileName: string) {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DocumentInputError);
  expect((err as DocumentInputError).fileName).toBe(fileName);
  expect((err as Error).message).toMatch(pattern);
  // Both halves of "中文 / English" name the file; the English one reads as it always has.
  expect((err as Error).message.startsWith(fileName)).toBe(true);
  expect(halves((err as Error).message).en.startsWith(`${fileName}:`)).toBe(true);
}

describe('Word documents (.docx)', () => {
  it('extracts paragraphs and tables, with group rows and merged cells, and parses them', async () => {
    const bytes = await sampleDocx();
    const extracted = await extractDocumentText(bytes, '要点.docx');
    expect(extracted.format).toBe('docx');
    expect(extracted.text).toContain('（一）完善工作机制。健全链长、链主、专班协同推进机制。');
    expect(extracted.tables).toHaveLength(1);
    const table = extracted.tables[0];
    expect(table.title).toBe('重点任务清单');
    expect(table.headers).toEqual(['序号', '任务', '牵头市领导', '牵头单位', '完成时限']);
    expect(table.rows).toEqual([
      { kind: 'group', text: '一、强化链长制', sourceLine: 0 },
      { kind: 'row', cells: ['1', '完善工作机制', '张某某', '市发展改革委\n市工业和信息化局', '2024年3月底前'], sourceLine: 0 },
      { kind: 'row', cells: ['2', '开展专项督查', '张某某', '市发展改革委', '每季度'], sourceLine: 0 },
    ]);

    const doc = parseDocumentText(extracted.text);
    expect(doc).toMatchObject({
      title: '天津市发展和改革委员会关于印发2024年产业链工作要点的通知',
      docNumber: '津发改产业〔2024〕21号',
      issuer: '天津市发展和改革委员会',
      date: '2024-02-20',
      embeddedTitle: '2024年产业链工作要点',
    });
    expect(doc.nodes.map((n) => n.marker)).toEqual(['一、', '二、', '附件']);
    expect(doc.nodes[0].children.map((c) => c.heading)).toEqual(['完善工作机制', '开展专项督查']);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]).toMatchObject({ annex: '附件', title: '重点任务清单', headers: table.headers });
    expect(doc.tables[0].rows.map(({ sourceLine: _, ...r }) => r)).toEqual(table.rows.map(({ sourceLine: _, ...r }) => r));
  });

  it('refuses a truncated .docx', async () => {
    const bytes = await sampleDocx();
    await expectRefusal(extractDocumentText(bytes.subarray(0, Math.floor(bytes.length / 2)), 'cut.docx'), /truncated or corrupt zip/, 'cut.docx');
  });

  it('refuses a zip whose document part is not a Word document', async () => {
    const zip = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: 'not xml at all <<<' }]);
    await expectRefusal(extractDocumentText(zip, 'broken.docx'), /corrupt Word document/, 'broken.docx');
  });

  it('refuses an Excel workbook renamed .docx, and text renamed .docx', async () => {
    const xlsx = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'xl/workbook.xml', data: '<workbook/>' }]);
    await expectRefusal(extractDocumentText(xlsx, 'table.docx'), /Excel workbook \(\.xlsx\), not a Word document/, 'table.docx');
    await expectRefusal(extractDocumentText(new TextEncoder().encode('一、总体要求'), 'plain.docx'), /not a Word \(\.docx\) document: it looks like text/, 'plain.docx');
  });

  it('refuses a zip bomb from the central directory, before inflating anything', async () => {
    const zeros = new Uint8Array(12 * 1024 * 1024);
    const bomb = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: zeros }]);
    expect(bomb.length).toBeLessThan(40 * 1024);
    await expectRefusal(extractDocumentText(bomb, 'bomb.docx'), /would expand \d+× \(a zip bomb\?\)/, 'bomb.docx');
  });

  it('refuses a zip bomb that lies about its size', async () => {
    const zeros = new Uint8Array(5 * 1024 * 1024);
    const liar = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }, { name: 'word/document.xml', data: zeros, declaredSize: 2000 }]);
    await expectRefusal(extractDocumentText(liar, 'liar.docx'), /expands beyond its declared size/, 'liar.docx');
  });

  it('caps the total unpacked size', async () => {
    const parts = Array.from({ length: 3 }, (_, i) => ({ name: `word/part${i}.xml`, data: 'x', declaredSize: 20 * 1024 * 1024 }));
    const zip = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }, ...parts]);
    await expectRefusal(extractDocumentText(zip, 'big.docx'), /unpacks to 60 MB, over the limit of 50 MB/, 'big.docx');
  });

  it('names legacy .doc files', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expectRefusal(extractDocumentText(ole, 'old.docx'), /legacy Office 97–2003/, 'old.docx');
    await expectRefusal(extractDocumentText(ole, 'old.doc'), /unsupported file type \.doc.*save the file as \.docx/, 'old.doc');
  });
});

describe('PDF documents', () => {
  it('extracts the text layer page by page and parses page numbers and headers away', async () => {
    const pdf = buildPdf([
      ['Work Plan on Supply Chains', '1. Strengthen leadership. Lead units report monthly.', '2. Build the platform.', '- 1 -'],
      ['Luoshi Test Gazette', '3. Hold matchmaking events.', '(1) Spring fair.', '- 2 -'],
      ['Luoshi Test Gazette', '(2) Autumn fair.', '4. Review results.', '- 3 -'],
    ]);
    // As read from disk or an upload: a Node Buffer, which pdf.js refuses unless given a plain copy.
    const extracted = await extractDocumentText(Buffer.from(pdf), 'plan.pdf');
    expect(extracted.format).toBe('pdf');
    expect(extracted.text.split('\f')).toHaveLength(3);
    const doc = parseDocumentText(extracted.text);
    expect(doc.nodes.map((n) => [n.marker, n.heading, n.children.map((c) => c.marker)])).toEqual([
      ['1.', 'Strengthen leadership', []],
      ['2.', 'Build the platform', []],
      ['3.', 'Hold matchmaking events', ['(1)', '(2)']],
      ['4.', 'Review results', []],
    ]);
    expect(doc.nodes[0].text).toBe('Lead units report monthly.');
    expect(JSON.stringify({ ...doc, warnings: [] })).not.toMatch(/Gazette|- \d -/);
    expect(doc.warnings.map((w) => ({ ...w, message: halves(w.message).en }))).toEqual([{ line: 5, message: 'running header/footer removed: "Luoshi Test Gazette" (2×)' }]);
  });

  it('reads a Chinese text layer and normalises its Kangxi radicals', async () => {
    const pdf = buildPdf([['国务院关于加快发展的意见', '⼀、总体要求', '（⼀）指导思想。坚持⾼质量发展。', '（⼆）⼯作目标。到2025年全⾯完成。', '— 1 —']], { cjk: true });
    const extracted = await extractDocumentText(pdf, '意见.pdf');
    expect(extracted.text).toContain('⼀、总体要求');
    const doc = parseDocumentText(extracted.text);
    expect(doc.title).toBe('国务院关于加快发展的意见');
    expect(doc.nodes[0]).toMatchObject({ marker: '一、', heading: '总体要求' });
    expect(doc.nodes[0].children.map((c) => [c.marker, c.heading, c.text])).toEqual([
      ['（一）', '指导思想', '坚持高质量发展。'],
      ['（二）', '工作目标', '到2025年全面完成。'],
    ]);
  });

  it('recovers an annex table from the positions of its cells, across a page break, and parses it like a .docx table', async () => {
    const line = (text: string, y: number, x = 72) => ({ text, x, y, size: 10 });
    // Columns: 序号 72–102, 改革举措 110–200, 主要内容 210–400, 推广范围 410–520; titles centred, cells left-aligned.
    const header = (y: number) => [line('序号', y, 77), line('改革举措', y, 135), line('主要内容', y, 285), line('推广范围', y, 445)];
    const pdf = buildPdf([
      [
        line('国务院关于推广第二批改革举措的通知', 790, 150),
        line('一、总体要求', 760),
        line('（一）指导思想。坚持以制度创新为核心。', 745),
        line('附件', 715),
        line('改革举措推广清单', 695, 220),
        ...header(670),
        line('一、投资管理领域', 652),
        line('1', 636, 84), line('企业开办全程', 636, 110), line('全面推行企业开办全程网上办理，实现一', 636, 210), line('全国', 636, 410),
        line('网上办理', 622, 110), line('日办结。', 622, 210),
        line('— 1 —', 40, 285),
      ],
      [
        ...header(790),
        line('2', 772, 84), line('跨境贸易', 772, 110), line('推行“两步申报”通关模式。', 772, 210), line('自由贸易试验', 772, 410),
        line('区', 758, 410),
        line('二、贸易便利化领域', 740),
        line('3', 722, 84), line('国际贸易', 722, 110), line('拓展“单一窗口”功能。', 722, 210), line('全国', 722, 410),
        line('— 2 —', 40, 285),
      ],
    ], { cjk: true });
    const extracted = await extractDocumentText(pdf, '通知.pdf');
    expect(extracted.text).not.toMatch(/^网上办理$/m);
    const rows = [
      { kind: 'group', text: '一、投资管理领域' },
      { kind: 'row', cells: ['1', '企业开办全程网上办理', '全面推行企业开办全程网上办理，实现一日办结。', '全国'] },
      { kind: 'row', cells: ['2', '跨境贸易', '推行“两步申报”通关模式。', '自由贸易试验区'] },
      { kind: 'group', text: '二、贸易便利化领域' },
      { kind: 'row', cells: ['3', '国际贸易', '拓展“单一窗口”功能。', '全国'] },
    ];
    expect(extracted.tables).toHaveLength(1);
    expect(extracted.tables[0]).toMatchObject({ title: '改革举措推广清单', headers: ['序号', '改革举措', '主要内容', '推广范围'] });
    expect(extracted.tables[0].rows.map(({ sourceLine: _, ...r }) => r)).toEqual(rows);

    const doc = parseDocumentText(extracted.text);
    expect(doc.nodes.map((n) => n.marker)).toEqual(['一、', '附件']);
    expect(doc.nodes[1].children).toEqual([]);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]).toMatchObject({ annex: '附件', title: '改革举措推广清单', headers: ['序号', '改革举措', '主要内容', '推广范围'] });
    expect(doc.tables[0].rows.map(({ sourceLine: _, ...r }) => r)).toEqual(rows);
  });

  it('refuses an encrypted PDF', async () => {
    await expectRefusal(extractDocumentText(buildPdf([['secret']], { encrypted: true }), 'locked.pdf'), /encrypted \(password-protected\)/, 'locked.pdf');
  });

  it('refuses a PDF without a text layer', async () => {
    await expectRefusal(extractDocumentText(buildPdf([[]]), 'scan.pdf'), /no text layer/, 'scan.pdf');
  });

  it('refuses a corrupt PDF', async () => {
    const bad = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
    await expectRefusal(extractDocumentText(bad, 'bad.pdf'), /PDF/, 'bad.pdf');
  });

  it('refuses random bytes and an image named .pdf', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await expectRefusal(extractDocumentText(png, 'photo.pdf'), /not a PDF: it looks like a PNG image/, 'photo.pdf');
    let seed = 7;
    const random = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    await expectRefusal(extractDocumentText(random, 'noise.pdf'), /not a PDF/, 'noise.pdf');
    await expectRefusal(extractDocumentText(random, 'noise.txt'), /binary data|neither UTF-8/, 'noise.txt');
  });
});

describe('text files', () => {
  it('decodes UTF-8 with a BOM, UTF-16 and GB18030', async () => {
    const text = '一、总体要求';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect((await extractDocumentText(utf8, 'a.txt')).text).toBe(text);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    expect((await extractDocumentText(utf16, 'b.txt')).text).toBe(text);
    const gbk = new Uint8Array([0xd2, 0xbb, 0xa1, 0xa2, 0xd7, 0xdc, 0xcc, 0xe5, 0xd2, 0xaa, 0xc7, 0xf3]);
    expect((await extractDocumentText(gbk, 'c.txt')).text).toBe(text);
  });

  it('reads markdown heading marks in a .txt as in a .md: the chapters stay, the articles sit under them', async () => {
    const text = ['某市促进条例', '## 第一章 总则', '第一条 为了促进发展，制定本条例。', '第二条 本条例适用于本市。', '## 第二章 促进措施', '第三条 市人民政府应当加强组织领导。', '第四条 各区人民政府负责本区工作。'].join('\n');
    const read = async (name: string) => {
      const extracted = await extractDocumentText(new TextEncoder().encode(text), name);
      return parseDocumentText(extracted.text, { fileName: name });
    };
    const asTxt = await read('条例.txt');
    expect(asTxt.nodes.map((n) => [n.marker, n.heading, n.children.map((c) => c.marker)])).toEqual([
      ['第一章', '总则', ['第一条', '第二条']],
      ['第二章', '促进措施', ['第三条', '第四条']],
    ]);
    expect(asTxt.nodes).toEqual((await read('条例.md')).nodes);
  });

  it('warns when a 第X章 line is not read as a heading because of marks in front, instead of dropping the level silently', () => {
    const doc = parseDocumentText(['某市促进条例', '>> 第一章 总则', '第一条 为了促进发展，制定本条例。', '第二条 本条例适用于本市。', '【第二章】促进措施', '第三条 市人民政府应当加强组织领导。'].join('\n'));
    expect(doc.warnings.map((w) => [w.line, halves(w.message).en])).toEqual([
      [2, expect.stringContaining('">> 第一章 总则" looks like a numbered heading (第一章)')],
      [5, expect.stringContaining('"【第二章】促进措施" looks like a numbered heading (第二章)')],
    ]);
    expect(halves(doc.warnings[0].message).zh).toContain('没有作为标题读取');
  });

  it('returns the `| … |` tables of markdown text', async () => {
    const md = '清单\n\n| 序号 | 任务 |\n|---|---|\n| 一、第一类 |\n| 1 | 甲 |\n';
    const { tables } = await extractDocumentText(new TextEncoder().encode(md), 'x.md');
    expect(tables).toEqual([
      { title: '清单', headers: ['序号', '任务'], annex: null, sourceLine: 3, rows: [
        { kind: 'group', text: '一、第一类', sourceLine: 5 },
        { kind: 'row', cells: ['1', '甲'], sourceLine: 6 },
      ] },
    ]);
  });

  it('refuses empty and blank files', async () => {
    await expectRefusal(extractDocumentText(new Uint8Array(0), 'empty.txt'), /the file is empty/, 'empty.txt');
    await expectRefusal(extractDocumentText(new TextEncoder().encode(' \n\u3000\n'), 'blank.md'), /contains no text/, 'blank.md');
    expect(() => parseDocumentText('', { fileName: 'empty.txt' })).toThrow(/empty\.txt: the document is empty/);
  });

  it('refuses unsupported types', async () => {
    await expectRefusal(extractDocumentText(new Uint8Array([1]), 'sheet.xlsx'), /unsupported file type \.xlsx/, 'sheet.xlsx');
  });
});

describe('files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'luoshi-docs-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('refuses a 100 MB upload from its size, without reading it', async () => {
    const file = path.join(dir, 'huge.pdf');
    const handle = await fs.open(file, 'w');
    await handle.truncate(100 * 1024 * 1024); // sparse: nothing is written
    await handle.close();
    expect(MAX_DOCUMENT_BYTES).toBeLessThan(100 * 1024 * 1024);
    // how quickly is a budget in bench/guards.bench.ts
    await expectRefusal(parseDocumentFile(file), /the file is 100 MB, over the limit of 50 MB/, 'huge.pdf');
  });

  it('parses a .docx file end to end', async () => {
    const file = path.join(dir, '要点.docx');
    await fs.writeFile(file, await sampleDocx());
    const doc = await parseDocumentFile(file);
    expect(doc.nodes[0].children.map((c) => c.marker)).toEqual(['（一）', '（二）']);
    expect(doc.tables[0].rows[1]).toMatchObject({ kind: 'row', cells: ['1', '完善工作机制', '张某某', '市发展改革委\n市工业和信息化局', '2024年3月底前'] });
  });

  it('names a missing file', async () => {
    await expectRefusal(parseDocumentFile(path.join(dir, 'missing.md')), /cannot read the file \(ENOENT\)/, 'missing.md');
  });
});

describe('markdown layout marks', () => {
  it('drops heading and bold marks of a .md file, keeping the lines in place', async () => {
    const md = '# 关于加强某项工作的意见\n\n国办发〔2020〕1号\n\n## **一、总体要求**\n\n（一）指导思想。坚持问题导向。\n';
    const { text } = await extractDocumentText(new TextEncoder().encode(md), 'a.md');
    expect(text.split('\n')).toEqual(['关于加强某项工作的意见', '', '国办发〔2020〕1号', '', '一、总体要求', '', '（一）指导思想。坚持问题导向。', '']);
    const doc = parseDocumentText(text);
    expect(doc.title).toBe('关于加强某项工作的意见');
    expect(doc.nodes[0].marker).toBe('一、');
  });
});
