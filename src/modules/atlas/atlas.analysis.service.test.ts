import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { importChain } from './atlas.chains.service.ts';
import { chainCoverage, matchEnterprise } from './atlas.analysis.service.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let chainId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
  file.chain.id = 'analysis-ic';
  chainId = (await importChain(fgw, file)).chain.id;
  // Shenzhen is not among the shipped regions; the atlas demo adds the Bay Area cities the same way.
  await h.db.insertInto('regions').values({ code: '440300', name: '深圳市', level: 'prefecture', parent_code: '440000' }).onConflict((oc) => oc.doNothing()).execute();
  const seg = (segment: string, more: Partial<{ decision: 'confirmed' | 'uncertain' | 'rejected'; asOf: string; evidence: 'strong' | 'medium' | 'weak' }> = {}) => ({ chainId, segment, ...more });
  await addEnterprise(h.db, { region: '120116', name: '滨海示例芯片设计有限公司', tags: ['链主/龙头'], size: 'large', employees: 2000, links: [seg('ic.design.processor', { asOf: '2026-06-30' })] });
  await addEnterprise(h.db, { region: '120116', name: '滨海示例存储科技有限公司', tags: ['专精特新“小巨人”'], size: 'medium', links: [seg('ic.design.memory', { decision: 'uncertain', asOf: '2026-05-01' })] });
  await addEnterprise(h.db, { region: '110108', name: '海淀示例处理器有限公司', tags: ['专精特新'], links: [seg('ic.design.processor', { asOf: '2026-03-01' }), seg('ic.design.memory', { asOf: '2026-03-01' })] });
  await addEnterprise(h.db, { region: '130600', name: '保定示例误标有限公司', tags: ['链主/龙头'], links: [seg('ic.design.processor', { decision: 'rejected', asOf: '2026-09-01' })] });
  await addEnterprise(h.db, { region: '133100', name: '雄安示例硅片有限公司', links: [seg('ic.materials.wafer')] });
  await addEnterprise(h.db, { region: '310000', name: '上海示例芯片有限公司', tags: ['上市'], links: [seg('ic.design.processor')] });
  await addEnterprise(h.db, { region: '440300', name: '深圳示例芯片有限公司', links: [seg('ic.design.analog')] });
}, 60_000);
afterAll(async () => h?.close());

const cell = (c: Awaited<ReturnType<typeof chainCoverage>>, segment: string, region: string) => {
  const i = c.regions.findIndex((r) => r.key === region);
  return c.segments.find((s) => s.key === segment)!.cells[i]!;
};

describe('coverage', () => {
  it('counts enterprises, leading and 专精特新 by segment and region, a segment taking in its sub-segments and a region its districts', async () => {
    const c = await chainCoverage(fgw, chainId, { regions: '120000,120116,110000,130000,jjj,yrd,gba' });
    expect(c.regions.map((r) => r.key)).toEqual(['120000', '120116', '110000', '130000', 'jjj', 'yrd', 'gba']);
    expect(c.decisions).toEqual(['confirmed', 'uncertain']);
    // 天津: the 链主 (processor) and the 小巨人 (memory) are both in 集成电路设计.
    expect(cell(c, 'ic.design', '120000')).toMatchObject({ enterprises: 2, leading: 1, specialised: 1, littleGiants: 1, points: 8, score: 55, level: 'medium', asOf: '2026-06-30' });
    expect(cell(c, 'ic.design.processor', '120116')).toMatchObject({ enterprises: 1, leading: 1, points: 5, score: 39, level: 'weak' });
    // 海淀's enterprise is linked to two sub-segments of 设计 and counts once there.
    expect(cell(c, 'ic.design', '110000')).toMatchObject({ enterprises: 1, specialised: 1, littleGiants: 0, points: 2 });
    expect(cell(c, 'ic.design', 'jjj')).toMatchObject({ enterprises: 3, leading: 1 });
    // 雄安 (a zone under 河北) rolls up to 河北; the rejected link of 保定 counts nowhere.
    expect(cell(c, 'ic.materials', '130000')).toMatchObject({ enterprises: 1 });
    expect(cell(c, 'ic.design.processor', '130000')).toMatchObject({ enterprises: 0, score: 0, level: 'absent', asOf: null });
    expect(cell(c, 'ic.design', 'yrd')).toMatchObject({ enterprises: 1 });
    expect(cell(c, 'ic.design.analog', 'gba')).toMatchObject({ enterprises: 1 });
    expect(c.asOf).toBe('2026-06-30');
    expect(c.formula.zh).toContain('1 − e^(−P/10)');
    expect(c.counted.en).toContain('rejected links never');
  });

  it('counts confirmed links only when asked', async () => {
    const c = await chainCoverage(fgw, chainId, { regions: '120000', confirmedOnly: true });
    expect(c.decisions).toEqual(['confirmed']);
    expect(cell(c, 'ic.design', '120000')).toMatchObject({ enterprises: 1, leading: 1, littleGiants: 0, asOf: '2026-06-30' });
  });

  it('names the regions it does not know', async () => {
    const error = await chainCoverage(fgw, chainId, { regions: '120000,999999,珠三角' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('999999、珠三角');
    await expect(chainCoverage(fgw, '00000000-0000-4000-8000-000000000000', {})).rejects.toThrow(/不存在/);
  });
});

describe('成龙配套', () => {
  it('ranks suppliers upstream and customers downstream by closeness, with distance bands, and leaves rejected links out', async () => {
    const seg = (segment: string, decision: 'confirmed' | 'rejected' = 'confirmed') => ({ chainId, segment, decision });
    const fab = await addEnterprise(h.db, { region: '120116', name: '滨海示例晶圆制造有限公司', lat: 39.03, lng: 117.7, links: [seg('ic.manufacturing')] });
    await addEnterprise(h.db, { region: '120116', name: '滨海示例光刻胶有限公司', lat: 39.05, lng: 117.65, tags: ['专精特新'], links: [seg('ic.materials.photoresist')] });
    await addEnterprise(h.db, { region: '310000', name: '上海示例电子气体有限公司', tags: ['链主/龙头'], size: 'large', links: [seg('ic.materials.gas')] });
    await addEnterprise(h.db, { region: '120116', name: '滨海示例误配有限公司', lat: 39.03, lng: 117.7, links: [seg('ic.materials.target', 'rejected')] });
    await addEnterprise(h.db, { region: '120104', name: '南开示例封测有限公司', links: [seg('ic.packaging.testing')] });
    const m = await matchEnterprise(fgw, fab.uscc.toLowerCase());
    expect(m.enterprise).toMatchObject({ name: '滨海示例晶圆制造有限公司', located: 'coordinates', regionCode: '120116' });
    // 设计 supplies 制造 too (its enterprises are listed); the materials suppliers, in their order:
    expect(m.suppliers.some((s) => s.name.includes('误配'))).toBe(false);
    expect(m.suppliers.some((s) => s.segment.key === 'ic.design.processor')).toBe(true);
    const materials = m.suppliers.filter((s) => s.segment.key.startsWith('ic.materials'));
    expect(materials.map((s) => [s.name, s.band])).toEqual([
      ['滨海示例光刻胶有限公司', 'same_district'],
      ['雄安示例硅片有限公司', 'jjj'],
      ['上海示例电子气体有限公司', 'elsewhere'],
    ]);
    const [near, xiongan, shanghai] = materials;
    expect(near!.km!).toBeLessThan(6);
    expect(near!.withinRadius).toBe(true);
    expect(xiongan!.located).toBe('centroid_city'); // 雄安新区, placed by hand (no GB/T 2260 code)
    expect(xiongan!.km!).toBeGreaterThan(120);
    expect(xiongan!.km!).toBeLessThan(170);
    expect(shanghai!.km!).toBeGreaterThan(900);
    expect(shanghai!.withinRadius).toBe(false);
    expect(m.customers.map((c) => [c.name, c.band, c.located])).toEqual([['南开示例封测有限公司', 'same_city', 'centroid_district']]);
    expect(m.radiusKm).toEqual({ min: 100, max: 150 });
    expect(m.suppliers.map((s) => s.score)).toEqual([...m.suppliers.map((s) => s.score)].sort((a, b) => b - a));
  });

  it('names a code with a wrong check character, and one not in the directory', async () => {
    await expect(matchEnterprise(fgw, '91120116MA05K1234X')).rejects.toThrow(/校验/);
    await expect(matchEnterprise(fgw, '91350100M000100Y43')).rejects.toThrow(/不在企业名录中/);
  });
});
