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
import { importChain } from './atlas.chains.service.ts';
import { segmentCounts } from './atlas.directory.service.ts';

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
      expect((await failure(importEnterprises(fgw, write('noregion.csv', '企业名称,主要产品\n示例,芯片\n'), { inWorker }))).details).toEqual([
        {
          field: 'region',
          row: 1,
          message: '缺少地区列（行政区划代码或地区名称；也可由统一社会信用代码或地址推定） / no region column (a region code or place name; the USCC or the address also tell it)',
        },
      ]);
    }
    await expect(importEnterprises(await contextAs(h, 'swj'), write('x.csv', HEADER))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('a list without region codes, as offices receive them', () => {
  it('reads the region from place names, the USCC or the address, says how in the result, and files finer places under the listed region', async () => {
    const file = write(
      'zjtx.csv',
      [
        '序号,企业名称,统一社会信用代码,所属地区,注册地址',
        `1,示例地名甲精密有限公司,${withCheckChar('91120116MAPL00001')},天津市滨海新区,`,
        `2,示例地名乙精密有限公司,${withCheckChar('91130102MAPL00002')},河北省石家庄市长安区,`,
        `3,示例地名丙精密有限公司,${withCheckChar('91120116MAPL00003')},,`,
        `4,示例地名丁精密有限公司,${withCheckChar('91120000MAPL00004')},,天津市西青区精武镇`,
        // 姑苏区 of 苏州 (the demo lists 苏州市).
        `5,示例地名戊精密有限公司,${withCheckChar('91320508MAPL00005')},,`,
      ].join('\n'),
    );
    const regionOf = async (name: string) => (await h.db.selectFrom('atlas_enterprises').select('region_code').where('name', '=', name).executeTakeFirst())?.region_code;
    for (const inWorker of [false, true]) {
      const dry = await importEnterprises(fgw, file, { dryRun: true, inWorker });
      expect(dry).toMatchObject({ rows: 5, imported: 5, regions: { fromUscc: 2, fromAddress: 1, within: 2 } });
    }
    expect(await regionOf('示例地名甲精密有限公司')).toBeUndefined();
    await importEnterprises(fgw, file);
    expect(await Promise.all(['甲', '乙', '丙', '丁', '戊'].map((k) => regionOf(`示例地名${k}精密有限公司`)))).toEqual(['120116', '130100', '120116', '120111', '320500']);

    // A place the file names that is no place, or names two: the row and its text, and nothing imported.
    const bad = write('zjtx-bad.csv', ['企业名称,所属区县', '示例地名己有限公司,长安区', '示例地名庚有限公司,高新区'].join('\n'));
    const e = await failure(importEnterprises(fgw, bad));
    expect(e.details.map((d) => `${d.row} ${d.field}: ${d.message.split(' / ')[1]}`)).toEqual([
      '2 地区: region "长安区" names more than one place: add its province or city (e.g. 河北省石家庄市长安区), or give the region code',
      '3 地区: region "高新区" is neither a region code nor a place name',
    ]);
    expect(await regionOf('示例地名己有限公司')).toBeUndefined();
  });
});

describe('links to chain segments from the 产业链 and 环节 columns', () => {
  let chainId: string;
  const CHAIN = '示例导入集成电路';
  const LINK_HEADER = '企业名称,行政区划代码,产业链,环节,链接依据,数据日期';
  beforeAll(async () => {
    // The integrated-circuit fixture with two segments named alike (测试, under 半导体设备 and under 封装测试).
    const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string; name: string }; segments: { id: string; name: string }[] };
    file.chain.id = 'import-ic';
    file.chain.name = CHAIN;
    for (const s of file.segments) if (s.id === 'ic.equipment.test' || s.id === 'ic.packaging.testing') s.name = '测试';
    chainId = (await importChain(fgw, file)).chain.id;
  });
  const links = () =>
    h.db
      .selectFrom('atlas_enterprise_segments as l')
      .innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id'))
      .select(['e.name', 'l.segment_key', 'l.evidence', 'l.source', 'l.as_of', 'l.decision', 'l.match_points', 'l.lat'])
      .where('l.chain_id', '=', chainId)
      .orderBy('e.name_pinyin')
      .orderBy('l.segment_key')
      .execute();
  const total = async (key: string) => (await segmentCounts(fgw, chainId)).segments.find((s) => s.key === key)!.total;

  it('imports each row’s segments — by name, key, id, "上级/名称" path, several to a cell — as uncertain links the map counts at its next reading', async () => {
    // Counted before the import: the import must make the counts stale, not leave the old ones standing.
    expect(await total('ic.design')).toBe(0);
    const file = write('chain-links.csv', [
      LINK_HEADER,
      `链测甲芯片有限公司,120116,${CHAIN},处理器芯片；存储芯片,,`,
      '链测乙设备有限公司,110108,import-ic,ic.equipment.litho、半导体设备/测试,强,2026-06-30',
      `链测丙封测有限公司,130100,${chainId},封装测试 / 测试|硅片,weak,2026/5/1`,
      '链测丁无链有限公司,120116,,,,',
    ].join('\n'));
    const dry = await importEnterprises(fgw, file, { dryRun: true, inWorker: false });
    expect(dry).toMatchObject({ dryRun: true, imported: 4, links: 6 });
    expect(await links()).toEqual([]);
    // Resolved in the worker thread, as for a large file (the dry run above read it in this thread).
    const r = await importEnterprises(fgw, file, { inWorker: true });
    expect(r).toMatchObject({ imported: 4, links: 6, columns: { chain: '产业链', segments: '环节', evidence: '链接依据', asOf: '数据日期' } });
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const day = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d)).slice(0, 10);
    expect((await links()).map((l) => [l.name, l.segment_key, l.evidence, l.source, day(l.as_of), l.decision])).toEqual([
      ['链测丙封测有限公司', 'ic.materials.wafer', 'weak', 'chain-links.csv', '2026-05-01', 'uncertain'],
      ['链测丙封测有限公司', 'ic.packaging.testing', 'weak', 'chain-links.csv', '2026-05-01', 'uncertain'],
      ['链测甲芯片有限公司', 'ic.design.memory', 'medium', 'chain-links.csv', today, 'uncertain'],
      ['链测甲芯片有限公司', 'ic.design.processor', 'medium', 'chain-links.csv', today, 'uncertain'],
      ['链测乙设备有限公司', 'ic.equipment.litho', 'strong', 'chain-links.csv', '2026-06-30', 'uncertain'],
      ['链测乙设备有限公司', 'ic.equipment.test', 'strong', 'chain-links.csv', '2026-06-30', 'uncertain'],
    ]);
    // Placed and scored as a link made by hand is (成龙配套 reads them): medium evidence 8 points, strong 15, weak 3.
    expect((await links()).map((l) => [l.match_points, l.lat === null])).toEqual([[3, false], [3, false], [8, false], [8, false], [15, false], [15, false]]);
    expect(await total('ic.design')).toBe(1);
    expect(await total('ic.equipment')).toBe(1);
    expect(await total('ic.packaging.testing')).toBe(1);
  });

  it.each([false, true])('reports a segment without a chain, an unknown chain or segment, an ambiguous name and bad evidence by row and field, and saves nothing (in a worker: %s)', async (inWorker) => {
    const before = await links();
    const enterprises = await count();
    const file = write('bad-links.csv', [
      LINK_HEADER,
      `示例链错甲有限公司,120116,${CHAIN},处理器芯片,,`,
      '示例链错乙有限公司,120116,,处理器芯片,,',
      '示例链错丙有限公司,120116,不存在的链,处理器芯片,,',
      `示例链错丁有限公司,120116,${CHAIN},量子芯片；存储芯片,,`,
      `示例链错戊有限公司,120116,${CHAIN},测试,,`,
      `示例链错己有限公司,120116,${CHAIN},硅片,很强,2026-02-30`,
      `示例链错庚有限公司,120116,${CHAIN},,,`,
    ].join('\n'));
    const e = await failure(importEnterprises(fgw, file, { inWorker }));
    expect(e.message).toBe('bad-links.csv 有 7 处错误，未导入任何企业 / bad-links.csv has 7 problems; no enterprise was imported');
    expect(e.details.map((d) => `${d.row} ${d.field}: ${d.message}`)).toEqual([
      '3 产业链: 产业链为空，但填写了环节：请填写环节所属的产业链 / chain is empty while segments are given: name the chain they belong to',
      '4 产业链: 产业链“不存在的链”不存在或不可用（填写本地区可用产业链的名称、编码或 ID） / chain "不存在的链" is not a chain you may use (give the name, key or id of a chain of your region)',
      `5 环节: 环节“量子芯片”不在产业链“${CHAIN}”的当前版本中（填写环节名称、编码或“上级/名称”） / segment "量子芯片" is not in the current version of the chain ${CHAIN} (give the segment's name, key or "parent/name" path)`,
      `6 环节: 环节“测试”在产业链“${CHAIN}”中有 2 个同名环节（半导体设备/测试、封装测试/测试），请填写环节编码或“上级/名称”路径 / segment "测试" is the name of 2 segments of the chain ${CHAIN} (半导体设备/测试, 封装测试/测试); give the key or the "parent/name" path`,
      '7 链接依据: 链接依据“很强”应为 强、中、弱 之一 / evidence "很强" must be one of strong, medium, weak (强、中、弱)',
      '7 数据日期: 数据日期 2026-02-30 不是有效日期 / data date 2026-02-30 is not a valid date',
      `8 环节: 环节为空，但填写了产业链“${CHAIN}”：请填写企业所属的环节 / segment is empty while the chain ${CHAIN} is given: name the enterprise's segments`,
    ]);
    expect(await count()).toBe(enterprises);
    expect(await links()).toEqual(before);
    // The dry run checks them the same way.
    expect((await failure(importEnterprises(fgw, file, { dryRun: true, inWorker }))).details).toHaveLength(7);
  });

  it.each([false, true])('proposes uncertain links from the main products of rows naming no segment, only when asked, and says which words (in a worker: %s)', async (inWorker) => {
    const tag = inWorker ? '乙' : '甲';
    const file = write(`products-${tag}.csv`, [
      '企业名称,行政区划代码,主要产品,产业链,环节',
      `示例推荐${tag}一有限公司,120116,12英寸硅片、外延片,,`,
      `示例推荐${tag}二有限公司,120116,车规级MCU；NAND闪存,,`,
      `示例推荐${tag}三有限公司,120116,办公家具,,`,
      // Its own segment stands: nothing is proposed beside it.
      `示例推荐${tag}四有限公司,120116,探针台,${CHAIN},硅片`,
    ].join('\n'));
    const ours = async () => (await links()).filter((l) => l.name.startsWith(`示例推荐${tag}`)).map((l) => [l.name.slice(5, 6), l.segment_key, l.evidence, l.source, l.decision]);
    const plain = await importEnterprises(fgw, file, { dryRun: true, inWorker });
    expect(plain).toMatchObject({ imported: 4, links: 1, proposed: { rows: 0, links: 0 } });
    const r = await importEnterprises(fgw, file, { inWorker, proposeLinks: true });
    // Rows 1 and 2 may also name segments of the demo's own chains; this chain's are checked.
    expect(r.proposed.rows).toBe(2);
    expect(r.links).toBe(1 + r.proposed.links);
    expect(await ours()).toEqual([
      ['二', 'ic.design.memory', 'strong', `按主要产品推荐：“nand闪存”“mcu”；products-${tag}.csv`, 'uncertain'],
      ['二', 'ic.design.processor', 'strong', `按主要产品推荐：“nand闪存”“mcu”；products-${tag}.csv`, 'uncertain'],
      ['四', 'ic.materials.wafer', 'medium', `products-${tag}.csv`, 'uncertain'],
      ['一', 'ic.materials.wafer', 'strong', `按主要产品推荐：“12英寸硅片”；products-${tag}.csv`, 'uncertain'],
    ]);
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
