import fs from 'node:fs';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { pickLanguage } from '../../web/i18n.ts';
import { seededRandom } from '../../../test/fixtures/plans/generate.ts';
import { variantLayout, workbookBytes, workbookOfCells, type Cell } from '../../../test/fixtures/plans/tables.ts';
import { buildZip, deflatedZeros, readZip } from '../../../test/fixtures/plans/zip.ts';
import { MAX_TABLE_BYTES, MAX_TABLE_CELLS, MAX_UNCOMPRESSED_BYTES } from './ledger.xlsx.guard.ts';
import { readTaskTable } from './ledger.xlsx.import.ts';
import { TableInputError } from './ledger.xlsx.types.ts';

const PLANS = new URL('../../../test/fixtures/real/plans/', import.meta.url);
const example = () => fs.readFileSync(new URL('task-division-example.xlsx', PLANS));

async function refusal(bytes: Uint8Array, fileName = '分工方案.xlsx'): Promise<TableInputError> {
  const err = await readTaskTable(bytes, fileName).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TableInputError);
  const message = (err as Error).message;
  // Every refusal names the file in both halves, and the Chinese page gets a Chinese reason.
  const zh = pickLanguage(message, 'zh-CN');
  expect(zh.startsWith(`${fileName}：`)).toBe(true);
  expect(zh.slice(fileName.length)).toMatch(/[\u3400-\u9fff]/);
  expect(pickLanguage(message, 'en-US').startsWith(`${fileName}: `)).toBe(true);
  return err as TableInputError;
}

const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

describe('readTaskTable refuses what is not a readable task table', () => {
  it('names an empty file, random bytes, text and CSV', async () => {
    expect((await refusal(new Uint8Array(0))).message).toContain('empty');
    const random = seededRandom(7);
    const noise = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    expect((await refusal(noise)).message).toContain('not an Excel .xlsx workbook');
    expect((await refusal(Buffer.from('序号,重点任务,牵头单位\n1,任务甲,市商务局\n'))).message).toContain('CSV');
    expect((await refusal(Buffer.from('这是一份说明文字。'))).message).toContain('plain-text');
    expect((await refusal(Buffer.from('%PDF-1.7\n'))).message).toContain('PDF');
  });

  it('names a renamed Word document', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('重点任务分工方案')] }] }));
    expect((await refusal(docx)).message).toContain('Word document');
  });

  it('names a zip that is not a workbook, and a truncated workbook', async () => {
    const zip = buildZip([{ name: 'readme.txt', data: Buffer.from('hello') }]);
    expect((await refusal(zip)).message).toContain('zip archive but not an Excel');
    const bytes = example();
    expect((await refusal(bytes.subarray(0, Math.floor(bytes.length / 2)))).message).toMatch(/truncated|damaged/);
  });

  it('says a CFB file is password-protected or a legacy .xls', async () => {
    const encrypted = Buffer.concat([CFB, Buffer.alloc(500), Buffer.from('EncryptionInfo', 'utf16le'), Buffer.alloc(100)]);
    expect((await refusal(encrypted)).message).toContain('password-protected');
    const legacy = Buffer.concat([CFB, Buffer.alloc(500), Buffer.from('Workbook', 'utf16le'), Buffer.alloc(100)]);
    expect((await refusal(legacy, 'old.xls')).message).toContain('.xls');
  });

  // How quickly these refusals come is a budget in bench/guards.bench.ts, not a test.
  it('refuses a file over the size limit, naming the limit', async () => {
    const err = await refusal(Buffer.alloc(100 * 1024 * 1024, 0x50));
    expect(err.message).toContain(`larger than ${Math.round(MAX_TABLE_BYTES / 1024 / 1024)}`);
  });

  it('refuses a zip bomb whether its directory tells the truth or lies', async () => {
    const zeros = await deflatedZeros(MAX_UNCOMPRESSED_BYTES + 1024 * 1024);
    const base = [
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    ];
    const honest = buildZip([...base, { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(0), raw: zeros }]);
    expect((await refusal(honest)).message).toMatch(/zip bomb/);
    const lying = buildZip([
      ...base,
      { name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(0), raw: { ...zeros, size: 10_000 } },
    ]);
    expect((await refusal(lying)).message).toContain('inflates beyond its declared size');
  });

  it('refuses a sheet that merges a whole worksheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('S').getCell('A1').value = '序号';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const patched = await patchSheet(bytes, (xml) => xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'));
    expect((await refusal(patched)).message).toContain('merges too many cells');
  });

  it('refuses a workbook with more cells than any task table', async () => {
    expect((await refusal(await workbookOfCells(MAX_TABLE_CELLS + 10))).message).toContain('cells; a task table has far fewer');
  }, 60_000);

  it('lists the header words it looked for when no header is found, and names the sheet', async () => {
    const bytes = await workbookBytes([['姓名', '年龄'], ['张三', 30]], [], '花名册');
    const err = await refusal(bytes);
    expect(err.message).toContain('"花名册"');
    expect(err.message).toContain('重点任务');
    expect(err.message).toContain('牵头单位');
  });

  it('says so when a workbook has no sheet', async () => {
    const zip = await patchSheet(await workbookBytes([['x']]), (xml) => xml, (entries) => {
      entries.delete('xl/worksheets/sheet1.xml');
      const wb = entries.get('xl/workbook.xml')!.toString().replace(/<sheets>.*<\/sheets>/, '<sheets/>');
      entries.set('xl/workbook.xml', Buffer.from(wb));
    });
    expect((await refusal(zip)).message).toMatch(/no worksheet|cannot be read/);
  });
});

describe('readTaskTable under fuzzing', () => {
  it('meets 150 mutated copies of a valid workbook with a result or a TableInputError, never a crash', async () => {
    const valid = await variantLayout();
    const random = seededRandom(20240601);
    let refused = 0;
    for (let i = 0; i < 150; i++) {
      const bytes = Buffer.from(valid);
      const flips = 1 + Math.floor(random() * 8);
      for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      if (random() < 0.2) bytes.copyWithin(Math.floor(random() * bytes.length), Math.floor(random() * bytes.length));
      const outcome = await readTaskTable(bytes, `fuzz-${i}.xlsx`).then(
        (r) => r,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      if (outcome instanceof Error) {
        expect(outcome, String(outcome)).toBeInstanceOf(TableInputError);
        refused++;
      } else {
        expect(Array.isArray(outcome.tasks)).toBe(true);
      }
    }
    expect(refused).toBeGreaterThan(0);
  }, 40_000);

  it('meets 60 workbooks with damaged XML inside a well-formed zip with a result or a TableInputError', async () => {
    const parts = readZip(await variantLayout());
    const random = seededRandom(4242);
    const names = [...parts.keys()].filter((n) => n.endsWith('.xml'));
    for (let i = 0; i < 60; i++) {
      const copy = new Map(parts);
      const name = names[Math.floor(random() * names.length)];
      const xml = Buffer.from(copy.get(name)!);
      for (let f = 0; f < 1 + Math.floor(random() * 5); f++) {
        const at = Math.floor(random() * xml.length);
        xml[at] = random() < 0.5 ? Math.floor(random() * 256) : '<>"/=0123456789'.charCodeAt(Math.floor(random() * 15));
      }
      copy.set(name, random() < 0.3 ? xml.subarray(0, Math.floor(random() * xml.length)) : xml);
      const bytes = buildZip([...copy].map(([n, data]) => ({ name: n, data, deflate: true })));
      const outcome = await readTaskTable(bytes, `xml-${i}.xlsx`).then(
        (r) => r,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      if (outcome instanceof Error) expect(outcome, String(outcome)).toBeInstanceOf(TableInputError);
    }
  }, 40_000);

  it('reads 30 workbooks of random cell contents and merges without crashing', async () => {
    const random = seededRandom(99);
    const headers = ['序号', '重点任务', '牵头市领导', '牵头单位', '责任单位', '完成时限', '备注', '任务分解'];
    const junk = (): Cell => {
      const k = random();
      if (k < 0.15) return null;
      if (k < 0.3) return Math.floor(random() * 1e6) / (random() < 0.5 ? 1 : 7);
      if (k < 0.4) return new Date(Date.UTC(1990 + Math.floor(random() * 60), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
      if (k < 0.45) return { richText: [{ text: randomText(random) }, { text: randomText(random) }] };
      if (k < 0.5) return { formula: 'A1+1', result: random() < 0.5 ? 3 : '#N/A' } as Cell;
      if (k < 0.55) return headers[Math.floor(random() * headers.length)];
      return randomText(random);
    };
    for (let i = 0; i < 30; i++) {
      const rows: Cell[][] = [];
      const height = 1 + Math.floor(random() * 30);
      const width = 1 + Math.floor(random() * 10);
      const headerAt = Math.floor(random() * 5);
      for (let r = 0; r < height; r++) {
        rows.push(r === headerAt && random() < 0.8 ? [...headers].sort(() => random() - 0.5) : Array.from({ length: width }, junk));
      }
      const merges: string[] = [];
      const taken = new Set<string>();
      for (let m = 0; m < 6; m++) {
        const top = 1 + Math.floor(random() * height);
        const left = 1 + Math.floor(random() * width);
        const bottom = top + Math.floor(random() * 3);
        const right = left + Math.floor(random() * 3);
        const cells: string[] = [];
        for (let r = top; r <= bottom; r++) for (let c = left; c <= right; c++) cells.push(`${r}:${c}`);
        if (cells.some((c) => taken.has(c)) || cells.length === 1) continue;
        cells.forEach((c) => taken.add(c));
        merges.push(`${String.fromCharCode(64 + left)}${top}:${String.fromCharCode(64 + right)}${bottom}`);
      }
      const bytes = await workbookBytes(rows, merges);
      const outcome = await readTaskTable(bytes, `random-${i}.xlsx`).then(
        (r) => r,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      if (outcome instanceof Error) expect(outcome, String(outcome)).toBeInstanceOf(TableInputError);
      else for (const t of outcome.tasks) expect(t.text).not.toBe('');
    }
  }, 40_000);
});

function randomText(random: () => number): string {
  const pool = '一二、（）市发展改革委商务局注：说明\n  ,;；牵头任务2024年底前\u0000\u200b\ud83d\ude00';
  return Array.from({ length: Math.floor(random() * 20) }, () => pool[Math.floor(random() * pool.length)]).join('');
}

/** Rewrites one workbook's parts with a hand-built zip (ExcelJS would not write these). */
function patchSheet(
  bytes: Buffer,
  edit: (xml: string) => string,
  more?: (entries: Map<string, Buffer>) => void,
): Buffer {
  const entries = readZip(bytes);
  entries.set('xl/worksheets/sheet1.xml', Buffer.from(edit(entries.get('xl/worksheets/sheet1.xml')!.toString())));
  more?.(entries);
  return buildZip([...entries].map(([name, data]) => ({ name, data, deflate: true })));
}
