import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownHalves } from '../../../test/bilingual.ts';
import { buildZip } from '../../../test/fixtures/documents/build-zip.ts';
import { extractDocumentText } from './documents.extract.ts';
import { parseDocumentFile } from './documents.file.ts';
import { parseDocumentText } from './documents.parse.domain.ts';
import { DocumentInputError } from './documents.types.ts';

/** The message as the Chinese and the English UI show it. */
const shown = shownHalves;

async function refusal(promise: Promise<unknown>): Promise<DocumentInputError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DocumentInputError);
  return error as DocumentInputError;
}

describe('parser warnings, in the language of the UI', () => {
  it('names the numbers, the other line and the quoted text in Chinese too; the English half is unchanged', () => {
    const page = (n: number) => ['公报 / 2024', `${'一二三'[n]}、举措${n}`, `推动改革${n}落地。`, `— ${n + 1} —`].join('\n');
    const pages = parseDocumentText([0, 1, 2].map(page).join('\n\f'));
    const numbering = parseDocumentText(['一、甲', '（一）子一。', '（一）子一又一。', '三、丙'].join('\n'));
    const date = parseDocumentText(['某县人民政府关于某事的通知', '一、甲。', '某县人民政府', '2023年2月29日'].join('\n'));
    const cases = [
      [pages.warnings[0].message, ['页眉', '“公报/2024”', '3 处'], 'running header/footer removed: "公报 / 2024" (3×)'],
      [numbering.warnings[0].message, ['编号“（一）”重复', '第 2 行'], 'duplicate number （一） (also at line 2)'],
      [numbering.warnings[1].message, ['“一、”', '“三、”', '应为“二、”'], 'numbering jumps from 一、 to 三、 (expected 二、)'],
      [date.warnings[0].message, ['日期“2023年2月29日”不存在'], 'date "2023年2月29日" does not exist'],
    ] as const;
    for (const [message, zhParts, en] of cases) {
      const halves = shown(message);
      for (const part of zhParts) expect(halves.zh).toContain(part);
      expect(halves.en).toBe(en);
    }
  });
});

describe('a refused document, in the language of the UI', () => {
  it('names the file (and the line) in both halves', async () => {
    const binary = await refusal(Promise.resolve().then(() => parseDocumentText('一、甲\n乙\u0000\u0001\u0002\u0003', { fileName: 'x.txt' })));
    const empty = await refusal(Promise.resolve().then(() => parseDocumentText(' \n', { fileName: '空白.txt' })));
    const missing = await refusal(parseDocumentFile(path.join(os.tmpdir(), 'luoshi-no-such-dir', '方案.md')));
    const zeros = new Uint8Array(12 * 1024 * 1024);
    const bomb = await refusal(extractDocumentText(buildZip([{ name: 'word/document.xml', data: zeros }]), '炸弹.docx'));
    const whole = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
    const cut = await refusal(extractDocumentText(whole.subarray(0, whole.length - 30), '半截.docx'));
    const nothing = await refusal(extractDocumentText(new Uint8Array(0), '空.pdf'));
    const workbook = await refusal(extractDocumentText(buildZip([{ name: 'xl/workbook.xml', data: '<workbook/>' }]), '表格.docx'));
    const image = await refusal(extractDocumentText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), '扫描.pdf'));
    const cases = [
      [nothing, ['空.pdf：', '文件是空的'], '空.pdf: the file is empty'],
      [workbook, ['表格.docx：', 'Excel 工作簿', '不是 Word 文档'], '表格.docx: this is an Excel workbook (.xlsx), not a Word document'],
      [image, ['扫描.pdf：', '文件不是 PDF 文件，看起来是 PNG 图片'], '扫描.pdf: the file is not a PDF: it looks like a PNG image'],
      [binary, ['x.txt 第 2 行：', '二进制数据'], 'x.txt, line 2: binary data, not text'],
      [empty, ['空白.txt：', '文件是空的'], '空白.txt: the document is empty'],
      [missing, ['方案.md：', '无法读取文件（ENOENT）'], '方案.md: cannot read the file (ENOENT)'],
      [bomb, ['炸弹.docx：', '“word/document.xml”', '疑似压缩炸弹'], /^炸弹\.docx: "word\/document\.xml" would expand \d+× \(a zip bomb\?\)$/],
      [cut, ['半截.docx：', '文件不完整或已损坏'], '半截.docx: truncated or corrupt zip archive (no end of central directory)'],
    ] as const;
    for (const [error, zhParts, en] of cases) {
      const halves = shown(error.message);
      for (const part of zhParts) expect(halves.zh).toContain(part);
      if (typeof en === 'string') expect(halves.en).toBe(en);
      else expect(halves.en).toMatch(en);
    }
  });

  it('keeps a reason given in English alone as it was', () => {
    expect(new DocumentInputError('a.pdf', 'corrupt PDF (invalid structure)').message).toBe('a.pdf: corrupt PDF (invalid structure)');
  });
});
