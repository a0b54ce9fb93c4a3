import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { importChain } from './atlas.chains.service.ts';
import { chainChokepoints, chainCoverage, chainGaps, createTargets, gapTargetsWorkbook, markChokepoint, matchEnterprise, moveTarget } from './atlas.analysis.service.ts';
import { chainTargets } from './atlas.targets.service.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { addLink, decideLink } from './atlas.directory.service.ts';

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

  it('follows a link added or decided after the cells were counted', async () => {
    const before = await chainCoverage(fgw, chainId, { regions: '130000' });
    expect(cell(before, 'ic.design.processor', '130000')).toMatchObject({ enterprises: 0 });
    const baoding = await addEnterprise(h.db, { region: '130600', name: '保定示例后来者有限公司', links: [] });
    await chainCoverage(fgw, chainId, { regions: '130000' });
    await addLink(fgw, '130600', baoding.id, { chainId, segmentKey: 'ic.design.memory', evidence: 'strong', source: '走访', asOf: '2026-10-01', decision: 'confirmed' });
    const added = await chainCoverage(fgw, chainId, { regions: '130000' });
    expect(cell(added, 'ic.design', '130000')).toMatchObject({ enterprises: 1, asOf: '2026-10-01' });
    await decideLink(fgw, { regionCode: '130600', enterpriseId: baoding.id, chainId, segmentKey: 'ic.design.memory' }, { decision: 'rejected' });
    const rejected = await chainCoverage(fgw, chainId, { regions: '130000' });
    expect(cell(rejected, 'ic.design', '130000')).toMatchObject({ enterprises: 0, asOf: null });
    expect(cell(rejected, 'ic.design.processor', '130000')).toMatchObject({ enterprises: 0 });
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
    const fab = await addEnterprise(h.db, { region: '120116', name: '滨海测试晶圆制造有限公司', lat: 39.03, lng: 117.7, links: [seg('ic.manufacturing')] });
    await addEnterprise(h.db, { region: '120116', name: '滨海示例光刻胶有限公司', lat: 39.05, lng: 117.65, tags: ['专精特新'], links: [seg('ic.materials.photoresist')] });
    await addEnterprise(h.db, { region: '310000', name: '上海示例电子气体有限公司', tags: ['链主/龙头'], size: 'large', links: [seg('ic.materials.gas')] });
    await addEnterprise(h.db, { region: '120116', name: '滨海示例误配有限公司', lat: 39.03, lng: 117.7, links: [seg('ic.materials.target', 'rejected')] });
    await addEnterprise(h.db, { region: '120104', name: '南开示例封测有限公司', links: [seg('ic.packaging.testing')] });
    const m = await matchEnterprise(fgw, fab.uscc.toLowerCase());
    expect(m.enterprise).toMatchObject({ name: '滨海测试晶圆制造有限公司', located: 'coordinates', regionCode: '120116' });
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

describe('堵点 and 卡点', () => {
  let gapChain: string;
  beforeAll(async () => {
    const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
    file.chain.id = 'gap-ic';
    gapChain = (await importChain(fgw, file)).chain.id;
    const link = (segment: string, decision: 'confirmed' | 'rejected' = 'confirmed', evidence: 'strong' | 'medium' = 'medium') => [{ chainId: gapChain, segment, decision, evidence }];
    await addEnterprise(h.db, { region: '310000', name: '上海示例龙头处理器有限公司', tags: ['链主/龙头'], size: 'large', links: link('ic.design.processor', 'confirmed', 'strong') });
    await addEnterprise(h.db, { region: '320000', name: '江苏示例处理器有限公司', size: 'small', links: link('ic.design.processor') });
    await addEnterprise(h.db, { region: '330000', name: '浙江示例处理器有限公司', size: 'medium', links: link('ic.design.processor') });
    await addEnterprise(h.db, { region: '310000', name: '上海示例特气有限公司', tags: ['专精特新“小巨人”'], size: 'large', employees: 1000, links: link('ic.materials.gas') });
    await addEnterprise(h.db, { region: '340000', name: '安徽示例特气有限公司', size: 'small', employees: 100, links: link('ic.materials.gas') });
    await addEnterprise(h.db, { region: '340000', name: '安徽示例误标特气有限公司', tags: ['链主/龙头'], links: link('ic.materials.gas', 'rejected') });
    await addEnterprise(h.db, { region: '120116', name: '天津示例处理器有限公司', size: 'small', links: link('ic.design.processor') });
    await addEnterprise(h.db, { region: '110108', name: '北京示例存储甲有限公司', links: link('ic.design.memory') });
    await addEnterprise(h.db, { region: '130100', name: '河北示例存储乙有限公司', tags: ['高新技术企业'], size: 'medium', links: link('ic.design.memory', 'confirmed', 'strong') });
  });

  it('finds the segments where 京津冀 is absent or weak against 长三角, largest shortfall first, with ranked candidates elsewhere and their reasons', async () => {
    const g = await chainGaps(fgw, gapChain, {});
    expect([g.region.key, g.benchmark.key]).toEqual(['jjj', 'yrd']);
    expect(g.gaps.map((x) => [x.segment.key, x.reasons.map((r) => r.code), x.shortfall])).toEqual([
      ['ic.materials', ['absent'], 58],
      ['ic.materials.gas', ['absent'], 58],
      ['ic.design.processor', ['weak_vs_benchmark'], 56.7],
    ]);
    const gas = g.gaps[1]!;
    expect(gas.local.enterprises).toBe(0);
    expect(gas.benchmark).toMatchObject({ enterprises: 2, littleGiants: 1, score: 33 });
    // The rejected link of 安徽示例误标 makes no candidate.
    expect(gas.candidates.map((c) => c.name)).toEqual(['上海示例特气有限公司', '安徽示例特气有限公司']);
    expect(gas.candidates[0]!.reasons.map((r) => r.code)).toEqual(['confirmed', 'little_giant', 'large']);
    const processor = g.gaps[2]!;
    // Candidates lie outside 京津冀: the Tianjin enterprise is not one.
    expect(processor.candidates.map((c) => c.name)).toEqual(['上海示例龙头处理器有限公司', '浙江示例处理器有限公司', '江苏示例处理器有限公司']);
    expect(processor.candidates[0]).toMatchObject({ score: 85, reasons: expect.arrayContaining([expect.objectContaining({ code: 'leading', zh: '链主/龙头' })]) });
    expect(g.rule.zh).toContain('50%');
    expect(processor.targets).toEqual({ lead: 0, contact: 0, signed: 0, landed: 0, dropped: 0 });
  });

  it('compares one region with another benchmark and refuses two regions at once', async () => {
    const g = await chainGaps(fgw, gapChain, { region: '120000', benchmark: '110000', candidates: 0 });
    expect(g.gaps.find((x) => x.segment.key === 'ic.design.memory')?.reasons.map((r) => r.code)).toEqual(['absent']);
    expect(g.gaps.every((x) => x.candidates.length === 0)).toBe(true);
    await expect(chainGaps(fgw, gapChain, { region: '120000,110000' })).rejects.toThrow(/只能是一个地区/);
  });

  it('exports the target list as a workbook', async () => {
    const file = await gapTargetsWorkbook(fgw, gapChain, {});
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.buffer as unknown as ArrayBuffer);
    const rows = book.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[2]).toContain('企业名称');
    expect(rows.some((r) => r.includes('上海示例特气有限公司') && r.includes('本地区空白'))).toBe(true);
    expect(file.fileName).toBe('gap-ic-jjj-招商目标.xlsx');
  });

  it('marks chokepoints and measures their supplier concentration, flagging a single supplier and naming joint R&D leads in the region', async () => {
    await markChokepoint(fgw, gapChain, { segmentKey: 'ic.materials.gas', technology: '高纯电子特气', importDependency: 85, domesticSuppliers: 3, source: '测试清单' });
    await markChokepoint(fgw, gapChain, { segmentKey: 'ic.design.memory', importDependency: 60, source: '测试清单' });
    await markChokepoint(fgw, gapChain, { segmentKey: 'ic.design.memory', importDependency: 55, source: '测试清单（修订）' });
    const c = await chainChokepoints(fgw, gapChain, {});
    expect(c.chokepoints).toHaveLength(2);
    const memory = c.chokepoints.find((x) => x.segment.key === 'ic.design.memory')!;
    expect(memory).toMatchObject({ importDependency: 55, source: '测试清单（修订）', suppliers: 2, regionSuppliers: 2, singleSupplier: false });
    expect(memory.leads.map((l) => l.name)).toEqual(['河北示例存储乙有限公司', '北京示例存储甲有限公司']);
    const gas = c.chokepoints.find((x) => x.segment.key === 'ic.materials.gas')!;
    // 1000 and 100 employees: shares 90.9% and 9.1%, HHI 8,347 (the rejected link not counted).
    expect(gas).toMatchObject({ technology: '高纯电子特气', importDependency: 85, domesticSuppliers: 3, suppliers: 2, regionSuppliers: 0, hhi: 8347, concentration: 'high', singleSupplier: false, leads: [] });
    await addEnterprise(h.db, { region: '120116', name: '滨海示例靶材有限公司', links: [{ chainId: gapChain, segment: 'ic.materials.target' }] });
    await markChokepoint(fgw, gapChain, { segmentKey: 'ic.materials.target', source: '测试清单' });
    const target = (await chainChokepoints(fgw, gapChain, {})).chokepoints.find((x) => x.segment.key === 'ic.materials.target')!;
    expect(target).toMatchObject({ suppliers: 1, hhi: 10000, singleSupplier: true, concentration: 'high' });
    expect(target.leads.map((l) => l.name)).toEqual(['滨海示例靶材有限公司']);
  });

  it('names every bad field of a chokepoint and writes nothing', async () => {
    const before = await h.db.selectFrom('atlas_chokepoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const error = await markChokepoint(fgw, gapChain, { segmentKey: 'ic.nowhere', importDependency: 120, domesticSuppliers: -1, source: ' ' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(['segmentKey', 'importDependency', 'domesticSuppliers', 'source']);
    const after = await h.db.selectFrom('atlas_chokepoints').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('招商 targets', () => {
  it('turns chosen candidates into one ledger task and targets at 线索, all or nothing, and a target into a project when it signs', async () => {
    const plan = await h.db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%（示例）').executeTakeFirstOrThrow();
    const duban = await contextAs(h, 'admin'); // keeps the atlas and may add tasks to the demo plan
    const gas = await addEnterprise(h.db, { region: '320000', name: '江苏示例目标特气有限公司', tags: ['专精特新'], links: [{ chainId, segment: 'ic.materials.gas' }] });
    const tasks = async () => Number((await h.db.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).executeTakeFirstOrThrow()).n);
    const before = await tasks();
    const bad = await createTargets(duban, chainId, { planId: plan.id, targets: [{ uscc: gas.uscc, segmentKey: 'ic.materials.gas' }, { uscc: gas.uscc.slice(0, 17) + (gas.uscc[17] === '0' ? '1' : '0'), segmentKey: 'ic.nowhere' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).details.map((d) => d.field)).toEqual(['targets[1].uscc']);
    expect(await tasks()).toBe(before);
    const made = await createTargets(duban, chainId, { planId: plan.id, targets: [{ uscc: gas.uscc, segmentKey: 'ic.materials.gas' }] });
    expect(await tasks()).toBe(before + 1);
    expect(made.targets).toEqual([expect.objectContaining({ name: '江苏示例目标特气有限公司', status: 'lead' })]);
    const gaps = await chainGaps(fgw, chainId, { region: '120000', candidates: 0 });
    expect(gaps.gaps.find((g) => g.segment.key === 'ic.materials.gas')?.targets).toMatchObject({ lead: 1 });
    // The default view (京津冀) counts the Tianjin plan's targets too, not only Beijing's (its first member).
    const together = await chainGaps(fgw, chainId, { region: 'jjj', candidates: 0 });
    expect(together.gaps.find((g) => g.segment.key === 'ic.materials.gas')?.targets).toMatchObject({ lead: 1 });
    const id = made.targets[0]!.id;
    await expect(moveTarget(duban, plan.region_code, id, { status: 'landed' })).rejects.toThrow(/不能从「线索」转为「落地」/);
    expect(await moveTarget(duban, plan.region_code, id, { status: 'contact' })).toMatchObject({ status: 'contact', projectId: null });
    const signed = await moveTarget(duban, plan.region_code, id, { status: 'signed', amount: 5000 });
    expect(signed.projectId).toBeTruthy();
    const project = await h.db.selectFrom('task_projects').selectAll().where('region_code', '=', plan.region_code).where('id', '=', signed.projectId!).executeTakeFirstOrThrow();
    expect(project).toMatchObject({ task_id: made.taskId, partner_uscc: gas.uscc, stage: 'signed', source_kind: 'atlas', source_ref: id });
    // The chain office follows them on the 堵点 page: listed for 京津冀 (the Tianjin plan's), with where each may go next.
    const listed = await chainTargets(fgw, chainId, { region: 'jjj' });
    expect(listed.targets).toEqual([expect.objectContaining({ id, regionCode: '120000', name: '江苏示例目标特气有限公司', status: 'signed', next: ['landed'], taskId: made.taskId, projectId: signed.projectId })]);
    expect((await chainTargets(fgw, chainId, { region: '110000' })).targets).toEqual([]);
  });

  it('lets the chain office that made the targets sign them (its unit leads the task), and never makes one enterprise a target twice', async () => {
    const plan = await h.db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%招商引资工作台账（示例）').executeTakeFirstOrThrow();
    const fgwUnit = fgw.actor.unitId!;
    const wet = await addEnterprise(h.db, { region: '320000', name: '江苏示例招商湿化学品有限公司', tags: ['专精特新'], links: [{ chainId, segment: 'ic.materials.wet' }] });
    const made = await createTargets(fgw, chainId, { planId: plan.id, targets: [{ uscc: wet.uscc, segmentKey: 'ic.materials.wet' }] });
    const lead = await h.db.selectFrom('task_units').select('unit_id').where('region_code', '=', plan.region_code).where('task_id', '=', made.taskId).where('role', '=', 'lead').executeTakeFirst();
    expect(lead?.unit_id).toBe(fgwUnit);
    const id = made.targets[0]!.id;
    await moveTarget(fgw, plan.region_code, id, { status: 'contact' });
    // Before, the task had no lead unit and only a supervisor could sign: the chain office got 403 at 签约.
    const signed = await moveTarget(fgw, plan.region_code, id, { status: 'signed', amount: 12000 });
    expect(signed).toMatchObject({ status: 'signed', projectId: expect.any(String) });
    expect(await moveTarget(fgw, plan.region_code, id, { status: 'landed' })).toMatchObject({ status: 'landed' });

    // The 堵点 page marks it as followed, and making it a target again is refused with its status, creating nothing.
    const gaps = await chainGaps(fgw, chainId, { region: '120000' });
    const candidate = gaps.gaps.flatMap((g) => g.candidates).find((c) => c.uscc === wet.uscc);
    expect(candidate?.target).toBe('landed');
    const again = await createTargets(fgw, chainId, { planId: plan.id, targets: [{ uscc: wet.uscc, segmentKey: 'ic.materials.wet' }] }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect((again as ValidationError).details.map((d) => d.message)).toEqual([`江苏示例招商湿化学品有限公司（${wet.uscc}）已是招商目标（落地） / 江苏示例招商湿化学品有限公司 (${wet.uscc}) is already a target (Landed)`]);
    expect(await h.db.selectFrom('atlas_targets').select('id').where('enterprise_uscc', '=', wet.uscc).execute()).toHaveLength(1);
  });
});
