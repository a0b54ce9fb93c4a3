import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { checkEvidence, sniffFamily } from './tracking.evidence.domain.ts';

const MB = 1024 * 1024;
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

async function office(main: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file(main, '<x/>');
  return zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
}

describe('evidence files', () => {
  it('accepts pdf, images and office files whose content matches their extension', async () => {
    expect(checkEvidence('会议纪要.pdf', PDF, 20 * MB)).toEqual({ contentType: 'application/pdf' });
    expect(checkEvidence('现场.PNG', PNG, 20 * MB)).toEqual({ contentType: 'image/png' });
    expect(checkEvidence('台账.xlsx', await office('xl/workbook.xml'), 20 * MB)).toMatchObject({ contentType: expect.stringContaining('spreadsheetml') });
    expect(sniffFamily(await office('word/document.xml'))).toBe('docx');
  });

  it('refuses content that does not match the extension, with a message naming the file', async () => {
    const r = checkEvidence('照片.jpg', PDF, 20 * MB);
    expect(r).toEqual({ error: expect.stringMatching(/照片\.jpg：文件内容与扩展名 \.jpg 不符.* \/ 照片\.jpg: the content does not match the extension \.jpg \(it is pdf\)/) });
    expect(checkEvidence('报告.docx', await office('xl/workbook.xml'), 20 * MB)).toHaveProperty('error');
    expect(checkEvidence('script.pdf.exe', PDF, 20 * MB)).toEqual({ error: expect.stringContaining('not an accepted file type') });
    expect(checkEvidence('a.pdf', new TextEncoder().encode('<html>'), 20 * MB)).toHaveProperty('error');
  });

  it('refuses a file over the limit', () => {
    const big = new Uint8Array(2 * MB + 1);
    big.set(PDF);
    expect(checkEvidence('大文件.pdf', big, 2 * MB)).toEqual({ error: expect.stringContaining('larger than 2 MB') });
  });
});
