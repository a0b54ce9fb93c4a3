import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import { importEnterprises } from './atlas.enterprises.import.service.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-import-'));

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
});
afterAll(async () => {
  await h?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HEADER = '企业名称,统一社会信用代码,行政区划代码,地址,规模,从业人数,标签,主要产品,成立日期';
const REGIONS = ['120116', '110108', '130100', '120000'];
/** A made-up enterprise: a 示例 name and a code that passes the check but is nobody's. */
const line = (i: number, prefix = 'A') =>
  `示例${prefix}${i}科技有限公司,${withCheckChar(`9112011${i % 10}${prefix}${String(i).padStart(8, '0')}`)},${REGIONS[i % 4]},示例路${i}号,${['大型', '中型', '小型', '微型'][i % 4]},${i % 500},${i % 7 === 0 ? '专精特新' : ''},芯片;模组,2010-01-0${1 + (i % 9)}`;
function write(name: string, text: string | Buffer) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
const count = async () => Number((await h.db.selectFrom('atlas_enterprises').select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', 'in', REGIONS).where('name', 'like', '示例%').executeTakeFirstOrThrow()).n); // the demo's names start with their region
const failure = async (p: Promise<unknown>) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ValidationError);
  return e as ValidationError;
};

describe('luoshi atlas import', () => {
  it('streams a file of 6,000 rows in batches, reporting progress, after a dry run that saves nothing (read in a worker thread, as a large file is)', async () => {
    const file = write('big.csv', ['2026年企业名录（示例数据）', HEADER, ...Array.from({ length: 6_000 }, (_, i) => line(i))].join('\n') + '\n');
    const seen: number[] = [];
    const dry = await importEnterprises(fgw, file, { dryRun: true, inWorker: false });
    expect(dry).toMatchObject({ dryRun: true, rows: 6_000, imported: 6_000, headerRow: 2, encoding: 'utf-8' });
    expect(await count()).toBe(0);
    const r = await importEnterprises(fgw, file, { onProgress: (p) => seen.push(p.rows), inWorker: true });
    expect(r).toMatchObject({ dryRun: false, rows: 6_000, imported: 6_000 });
    expect(r.columns).toMatchObject({ name: '企业名称', uscc: '统一社会信用代码', region: '行政区划代码' });
    expect(seen.length).toBeGreaterThan(1);
    expect(await count()).toBe(6_000);
    const one = await h.db.selectFrom('atlas_enterprises').selectAll().where('region_code', '=', '120000').where('name', '=', '示例A7科技有限公司').executeTakeFirstOrThrow();
    expect(one).toMatchObject({ size_band: 'micro', employees: 7, tags: ['专精特新'], main_products: ['芯片', '模组'], founded_on: expect.anything() });
    expect(one.search_tokens).toEqual(expect.arrayContaining(['示例', '芯片']));
  }, 180_000);

  it.each([false, true])('reports duplicates of the file and of the directory by row, and imports nothing from that file (in a worker: %s)', async (inWorker) => {
    const before = await count();
    const file = write('dups.csv', [HEADER, line(1, 'B'), line(2, 'B'), line(1, 'B').replace('示例B1', '示例B1另'), line(5), line(2, 'B').replace(/,9\w{17},/, ',,')].join('\n'));
    const e = await failure(importEnterprises(fgw, file, { inWorker }));
    expect(e.message).toBe('dups.csv 有 3 处错误，未导入任何企业 / dups.csv has 3 problems; no enterprise was imported');
    expect(e.details.map((d) => `${d.row} ${d.field}: ${d.message.split(' / ')[1]}`)).toEqual([
      expect.stringMatching(/^4 统一社会信用代码: USCC \w{18} repeats row 2$/),
      '6 企业名称: the name "示例B2科技有限公司" in the same region repeats row 3',
      expect.stringMatching(/^5 统一社会信用代码: USCC \w{18} is already in the directory$/),
    ]);
    expect(await count()).toBe(before);
  });

  it('reads a GBK file (Excel on Chinese Windows) and reports a wrong check character by row', async () => {
    const text = [HEADER, line(1, 'C'), line(2, 'C').replace(/,(9\w{16})\w,/, ',$1Y,')].join('\r\n');
    const file = write('gbk.csv', encodeGbk(text));
    const e = await failure(importEnterprises(fgw, file));
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatchObject({ row: 3, field: '统一社会信用代码' });
    expect(e.details[0]!.message).toMatch(/校验位应为 \w，实为 Y/);
    const ok = write('gbk-ok.csv', encodeGbk([HEADER, line(1, 'C')].join('\r\n')));
    expect(await importEnterprises(fgw, ok)).toMatchObject({ encoding: 'gbk', imported: 1 });
    expect(await h.db.selectFrom('atlas_enterprises').select('name').where('region_code', '=', '110108').where('name', '=', '示例C1科技有限公司').executeTakeFirst()).toBeDefined();
  });

  it('reads an xlsx file’s first sheet below its title rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业名录');
    ws.addRow(['重点企业名录（示例）']);
    ws.addRow(HEADER.split(','));
    for (let i = 0; i < 3; i++) ws.addRow(line(i, 'D').split(','));
    const file = path.join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await importEnterprises(fgw, file)).toMatchObject({ rows: 3, imported: 3, headerRow: 2, encoding: null });
  });

  it('reads coordinates (经度/纬度) when the file has them, and keeps the pinyin key and search tokens of the bulk path', async () => {
    const file = write('coords.csv', ['企业名称,行政区划代码,经度,纬度,主要产品', '示例坐标甲科技有限公司,120116,117.7,39.05,芯片', '示例坐标乙科技有限公司,110108,,,'].join('\n'));
    expect(await importEnterprises(fgw, file)).toMatchObject({ rows: 2, imported: 2, columns: { lng: '经度', lat: '纬度' } });
    const rows = await h.db.selectFrom('atlas_enterprises').select(['name', 'lat', 'lng', 'name_pinyin', 'search_tokens']).where('region_code', 'in', ['120116', '110108']).where('name', 'like', '示例坐标%').orderBy('name_pinyin').execute();
    expect(rows.map((r) => [r.name, r.lat === null ? null : Number(r.lat), r.lng === null ? null : Number(r.lng)])).toEqual([
      ['示例坐标甲科技有限公司', 39.05, 117.7],
      ['示例坐标乙科技有限公司', null, null],
    ]);
    expect(rows[0]!.name_pinyin).toBe('shi li zuo biao jia ke ji you xian gong si');
    expect(rows[0]!.search_tokens).toEqual(expect.arrayContaining(['坐标', '芯片']));
  });

  it('reports coordinates out of range, not numbers, or one without the other by row, and imports nothing', async () => {
    const before = await count();
    const file = write('bad-coords.csv', [
      '企业名称,行政区划代码,longitude,latitude',
      '示例坐标丙科技有限公司,120116,117.2,39.1',
      '示例坐标丁科技有限公司,120116,217.2,39.1',
      '示例坐标戊科技有限公司,120116,117.2,北纬39',
      '示例坐标己科技有限公司,120116,117.2,',
    ].join('\n'));
    const e = await failure(importEnterprises(fgw, file));
    expect(e.details.map((d) => `${d.row} ${d.field}: ${d.message.split(' / ')[1]}`)).toEqual([
      '3 经度: longitude 217.2 is out of range (-180 to 180)',
      '4 纬度: latitude 北纬39 is not a number (decimal degrees, e.g. 39.0842)',
      '5 纬度: latitude is empty while the longitude is given: give both coordinates or neither',
    ]);
    expect(await count()).toBe(before);
  });

  it('refuses a file without a header or without its required columns, and a unit viewer', async () => {
    expect((await failure(importEnterprises(fgw, write('nohead.csv', 'a,b\n1,2\n')))).message).toMatch(/no header row/);
    for (const inWorker of [false, true]) {
      expect((await failure(importEnterprises(fgw, write('noregion.csv', '企业名称,统一社会信用代码\n示例,\n'), { inWorker }))).details).toEqual([
        { field: 'region', row: 1, message: '缺少“行政区划代码”列 / no region code column' },
      ]);
    }
    await expect(importEnterprises(await contextAs(h, 'swj'), write('x.csv', HEADER))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

/** GBK bytes of a text (Node decodes GBK but does not encode it): the test's Chinese characters mapped by decoding every double byte once. */
function encodeGbk(text: string): Buffer {
  const table = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}
let cached: Map<string, [number, number]> | null = null;
function gbkTable() {
  if (cached) return cached;
  cached = new Map();
  const d = new TextDecoder('gbk');
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
    if (b === 0x7f) continue;
    const ch = d.decode(new Uint8Array([a, b]));
    if (ch.length === 1 && ch !== '\ufffd' && !cached.has(ch)) cached.set(ch, [a, b]);
  }
  return cached;
}
