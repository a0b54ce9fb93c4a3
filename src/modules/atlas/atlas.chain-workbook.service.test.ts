import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { chainWorkbook } from './atlas.chain-workbook.ts';
import { exportChain, importChain, readChainUpload } from './atlas.chains.service.ts';

let first: DatabaseHandle;
let fresh: DatabaseHandle;
let fgw: ServiceContext;
let freshFgw: ServiceContext;

beforeAll(async () => {
  first = await openTestDatabase('demo');
  fresh = await openTestDatabase('demo');
  fgw = await contextAs(first, 'fgw');
  freshFgw = await contextAs(fresh, 'fgw');
  await importChain(fgw, JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')));
});
afterAll(async () => {
  await first?.close();
  await fresh?.close();
});

const load = async (bytes: Buffer) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
};
const save = async (book: ExcelJS.Workbook) => Buffer.from(await book.xlsx.writeBuffer());
const chainRows = async (h: DatabaseHandle) => Number((await h.db.selectFrom('atlas_chains').select((eb) => eb.fn.countAll<string>().as('n')).where('key', '=', 'integrated-circuit').executeTakeFirstOrThrow()).n);

describe('chains as Excel workbooks', () => {
  it('exports a workbook a chain office can read, which imports into a fresh database as the same chain', async () => {
    const json = await exportChain(fgw, 'integrated-circuit');
    const bytes = await chainWorkbook(json);
    const book = await load(bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(['环节', '供应关系', '说明']);
    const segments = book.getWorksheet('环节')!;
    expect(segments.getRow(1).values).toEqual([undefined, '环节编号', '环节名称', '上级环节编号', '阶段', '国民经济行业代码', '关键产品', '关键技术', '英文名称', '说明']);
    // A sub-segment shows its stage too (硅片 under 半导体材料, upstream).
    expect((segments.getRow(3).values as unknown[]).slice(1, 7)).toEqual(['ic.materials.wafer', '硅片', 'ic.materials', '上游', '3985', '12英寸硅片；8英寸硅片；SOI硅片；外延片']);
    expect(segments.rowCount).toBe(41);
    expect(book.getWorksheet('供应关系')!.rowCount).toBe(49);
    expect((book.getWorksheet('说明')!.getRow(3).values as unknown[]).slice(1)).toEqual(['产业链名称', '集成电路']);

    const { value, places } = await readChainUpload(bytes, 'ic.xlsx');
    const r = await importChain(freshFgw, value, { fileName: 'ic.xlsx', places });
    expect(r).toMatchObject({ created: true, version: 1, segments: 40, edges: 48 });
    expect(await exportChain(freshFgw, 'integrated-circuit')).toEqual(json);
    // The same workbook again is the current version: nothing written.
    expect(await importChain(freshFgw, value, { places })).toMatchObject({ unchanged: true, version: 1 });
  });

  it('finds the columns by their names in any order, and reads codes Excel keeps as numbers', async () => {
    const book = new ExcelJS.Workbook();
    const seg = book.addWorksheet('环节');
    seg.addRow(['阶段', '环节名称', '国民经济行业代码', '环节编号', '上级环节编号', '关键技术']);
    seg.addRow(['中游', '制造', 3973, 'm', '', '光刻；刻蚀\n薄膜沉积']);
    seg.addRow(['', '逻辑芯片制造', '3973、6520', 'm.logic', 'm', '']);
    seg.addRow(['upstream', '材料', '', 'a', '', '']);
    const edges = book.addWorksheet('供应关系');
    edges.addRow(['备注', '需求方环节编号', '供应方环节编号']);
    edges.addRow(['硅片', 'm.logic', 'a']);
    const info = book.addWorksheet('说明');
    info.addRow(['项目', '内容']);
    info.addRow(['产业链名称', '小链']);
    info.addRow(['产业链编号', 'small']);
    const { value, places } = await readChainUpload(await save(book), 'small.xlsx');
    await importChain(fgw, value, { places });
    expect(await exportChain(fgw, 'small')).toEqual({
      format: 'luoshi-atlas-chain',
      formatVersion: 1,
      chain: { id: 'small', name: '小链' },
      segments: [
        { id: 'm', name: '制造', stage: 'midstream', industryCodes: ['3973'], technologies: ['光刻', '刻蚀', '薄膜沉积'] },
        { id: 'm.logic', name: '逻辑芯片制造', parent: 'm', industryCodes: ['3973', '6520'] },
        { id: 'a', name: '材料', stage: 'upstream' },
      ],
      edges: [{ from: 'a', to: 'm.logic', note: '硅片' }],
    });
  });

  it('refuses a workbook with a missing segment and a supply cycle, naming sheet and row, and saves nothing', async () => {
    const before = await chainRows(fresh);
    const book = await load(await chainWorkbook(await exportChain(fgw, 'integrated-circuit')));
    const edges = book.getWorksheet('供应关系')!;
    edges.addRow(['ic.design', 'nowhere']); // row 50
    edges.addRow(['ic.manufacturing.logic', 'ic.materials.wafer']); // row 51: wafer → logic → wafer
    // Another office moved the columns and renamed the chain: rows are still named as Excel shows them.
    book.getWorksheet('说明')!.getRow(3).getCell(2).value = '集成电路（改）';
    const bytes = await save(book);
    const { value, places } = await readChainUpload(bytes, 'bad.xlsx');
    const error = await importChain(freshFgw, value, { fileName: 'bad.xlsx', places }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const details = (error as ValidationError).details.map((d) => `${d.field}：${d.message}`);
    expect(details).toEqual([
      expect.stringMatching(/^供应关系 第50行 需求方环节编号：环节 nowhere 不存在/),
      expect.stringMatching(/^供应关系 第\d+行：供应关系成环：.*ic\.materials\.wafer → .*ic\.manufacturing\.logic → ic\.materials\.wafer/),
    ]);
    expect((error as ValidationError).message).toMatch(/^bad\.xlsx 有 2 处错误，未导入任何内容/);
    expect(await chainRows(fresh)).toBe(before);
    expect((await exportChain(freshFgw, 'integrated-circuit')).chain.name).toBe('集成电路');
  });

  it('names a duplicate segment by both rows, and a workbook without the 环节 sheet or its columns by sheet', async () => {
    const book = await load(await chainWorkbook(await exportChain(fgw, 'integrated-circuit')));
    book.getWorksheet('环节')!.addRow(['ic.design', '又一个设计', '', '中游']); // row 42; ic.design is on row 2 or later
    const { value, places } = await readChainUpload(await save(book), 'dup.xlsx');
    const error = (await importChain(fgw, value, { dryRun: true, places }).catch((e: unknown) => e)) as ValidationError;
    const designRow = places!.segments[(value as { segments: { id: string }[] }).segments.findIndex((s) => s.id === 'ic.design')];
    expect(error.details.map((d) => `${d.field}：${d.message}`)).toEqual([expect.stringMatching(new RegExp(`^环节 第42行 环节编号：环节编号 ic\\.design 重复（与 环节 第${designRow}行 相同）`))]);

    const bare = new ExcelJS.Workbook();
    bare.addWorksheet('供应关系').addRow(['供应方环节编号', '需求方环节编号']);
    bare.addWorksheet('说明').addRow(['产业链编号', 'x']);
    const missing = await readChainUpload(await save(bare), 'bare.xlsx').catch((e: unknown) => e);
    expect((missing as ValidationError).details.map((d) => `${d.field}：${d.message}`)).toEqual([expect.stringMatching(/^环节：缺少工作表「环节」/)]);

    const noName = new ExcelJS.Workbook();
    noName.addWorksheet('环节').addRow(['编号', '阶段']);
    noName.addWorksheet('供应关系');
    noName.addWorksheet('说明');
    const columns = await readChainUpload(await save(noName), 'cols.xlsx').catch((e: unknown) => e);
    expect((columns as ValidationError).details.map((d) => `${d.field}：${d.message}`)).toEqual([expect.stringMatching(/^环节：缺少「环节名称」列/)]);

    const noEdges = new ExcelJS.Workbook();
    noEdges.addWorksheet('环节').addRow(['环节编号', '环节名称', '阶段']);
    noEdges.addWorksheet('说明');
    const edgesMissing = await readChainUpload(await save(noEdges), 'edges.xlsx').catch((e: unknown) => e);
    expect((edgesMissing as ValidationError).details.map((d) => `${d.field}：${d.message}`)).toEqual([expect.stringMatching(/^供应关系：缺少工作表「供应关系」/)]);
  });
});
