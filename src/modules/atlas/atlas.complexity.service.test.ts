import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { importChain } from './atlas.chains.service.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';
import { createAtlasAnalysis, createOpportunityTargets } from './atlas.complexity.service.ts';
import { float64From } from '../complexity/complexity.repo.ts';
import { createAnalysis, getAnalysis, topOpportunities } from '../complexity/index.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let chainId: string;
const usccs = new Map<string, string>();

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
  file.chain.id = 'complexity-ic';
  chainId = (await importChain(fgw, file)).chain.id;
  const seg = (segment: string, decision: 'confirmed' | 'uncertain' | 'rejected' = 'confirmed') => ({ chainId, segment, decision });
  const add = async (e: Parameters<typeof addEnterprise>[1]) => usccs.set(e.name, (await addEnterprise(h.db, e)).uscc);
  // 天津 (two districts, counted together as the municipality): A and C design processors, B memory, C also wafers.
  await add({ region: '120116', name: '滨海复杂度甲芯片有限公司', employees: 100, founded: '2020-03-01', links: [seg('ic.design.processor')] });
  await add({ region: '120104', name: '南开复杂度乙存储有限公司', employees: 50, founded: '2018-01-01', links: [seg('ic.design.memory', 'uncertain')] });
  await add({ region: '120116', name: '滨海复杂度丙硅片有限公司', employees: 200, founded: '2015-05-05', links: [seg('ic.design.processor'), seg('ic.materials.wafer')] });
  // 北京: D processors; E (memory) was founded in 2026, after the year asked.
  await add({ region: '110108', name: '海淀复杂度丁处理器有限公司', employees: 30, founded: '2019-09-09', links: [seg('ic.design.processor')] });
  await add({ region: '110105', name: '朝阳复杂度戊存储有限公司', employees: 80, founded: '2026-02-01', links: [seg('ic.design.memory')] });
  // 保定: F wafers, and G whose processor link was rejected (never counted); 雄安 (a zone, its own city): H, undated.
  await add({ region: '130600', name: '保定复杂度己硅片有限公司', employees: 40, founded: '2010-01-01', links: [seg('ic.materials.wafer')] });
  await add({ region: '130600', name: '保定复杂度庚误标有限公司', employees: 999, founded: '2010-01-01', links: [seg('ic.design.processor', 'rejected')] });
  await add({ region: '133100', name: '雄安复杂度辛硅片有限公司', links: [seg('ic.materials.wafer')] });
  // Outside 京津冀: candidates for targets only.
  await add({ region: '310000', name: '上海复杂度壬存储有限公司', tags: ['链主/龙头'], size: 'large', employees: 5000, founded: '2000-01-01', links: [seg('ic.design.memory')] });
}, 60_000);
afterAll(async () => h?.close());

/** The stored table of an analysis: value by location and product. */
async function storedTable(id: string): Promise<Record<string, Record<string, number>>> {
  const row = await h.db.selectFrom('complexity_results').select(['locations', 'products', 'val']).where('region_code', '=', (await getAnalysis(fgw, id)).region_code).where('analysis_id', '=', id).executeTakeFirstOrThrow();
  const val = float64From(row.val);
  return Object.fromEntries(row.locations.map((l, c) => [l, Object.fromEntries(row.products.map((p, q) => [p, val[c * row.products.length + q]!]))]));
}

const analysesCount = async () => Number((await h.db.selectFrom('complexity_analyses').select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', 'in', ['120000', '000000']).executeTakeFirstOrThrow()).n);

describe('a complexity table from the atlas', () => {
  it('counts enterprises by prefecture-level city × segment, founded by the year, rejected links never, and says where the table came from', async () => {
    const a = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'prefecture' }, { waitMs: 30_000 });
    expect(a.status).toBe('done');
    expect(a.source).toMatchObject({ kind: 'atlas', chainId, chainName: '集成电路', by: 'segment', measure: 'count', year: 2025, confirmedOnly: false, scope: 'jjj', scopeName: '京津冀', level: 'prefecture', enterprises: 6, undated: 1 });
    expect(a.source!.products).toEqual({ 处理器芯片: 'ic.design.processor', 存储芯片: 'ic.design.memory', 硅片: 'ic.materials.wafer' });
    expect(a.name).toBe('集成电路 按环节 企业数 2025年（京津冀地市级）');
    expect(a.source_name).toBe('产业链图谱：集成电路');
    expect(a.summary?.labels).toMatchObject({ '120000': '天津市', '110000': '北京市', '130600': '保定市', '133100': '雄安新区' });
    // By hand: 天津 has A and C in processors, B in memory, C in wafers; 北京 only D (E came in 2026); 保定 F; 雄安 H.
    expect(await storedTable(a.id)).toEqual({
      '110000': { 处理器芯片: 1, 存储芯片: 0, 硅片: 0 },
      '120000': { 处理器芯片: 2, 存储芯片: 1, 硅片: 1 },
      '130600': { 处理器芯片: 0, 存储芯片: 0, 硅片: 1 },
      '133100': { 处理器芯片: 0, 存储芯片: 0, 硅片: 1 },
    });
    // The year moves the table: in 2026 北京 has E in memory too.
    const later = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2026, level: 'prefecture' }, { waitMs: 30_000 });
    expect((await storedTable(later.id))['110000']).toEqual({ 处理器芯片: 1, 存储芯片: 1, 硅片: 0 });
  });

  it('sums employees by GB/T 4754 code, an enterprise once per code, leaving out a region whose enterprises employ nobody known', async () => {
    const a = await createAtlasAnalysis(fgw, { chainId, by: 'industry', measure: 'employees', year: 2025, level: 'prefecture', confirmedOnly: false }, { waitMs: 30_000 });
    expect(a.source!.products).toEqual({ '6520': '6520', '3985': '3985' });
    // 6520 (design): A 100 + B 50 + C 200 in 天津, D 30 in 北京; 3985 (materials): C 200, F 40; 雄安's H has no head count.
    expect(await storedTable(a.id)).toEqual({
      '110000': { '6520': 30, '3985': 0 },
      '120000': { '6520': 350, '3985': 200 },
      '130600': { '6520': 0, '3985': 40 },
    });
  });

  it('counts confirmed links only when asked, and provinces at the province level', async () => {
    const a = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'province', confirmedOnly: true }, { waitMs: 30_000 });
    expect(await storedTable(a.id)).toEqual({
      '110000': { 处理器芯片: 1, 硅片: 0 },
      '120000': { 处理器芯片: 2, 硅片: 1 },
      '130000': { 处理器芯片: 0, 硅片: 2 },
    });
  });

  it('refuses a table with fewer than two regions or products with data, and stores nothing', async () => {
    const before = await analysesCount();
    const one = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'prefecture', regions: '110000' }).catch((e: unknown) => e);
    expect(one).toBeInstanceOf(ValidationError);
    expect((one as ValidationError).message).toContain('只有 1 个地区、1 个环节有数据，至少需要 2 个地区和 2 个环节');
    const early = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 1990, level: 'prefecture' }).catch((e: unknown) => e);
    expect((early as ValidationError).message).toMatch(/只有 1 个地区、1 个环节有数据/); // only 雄安's undated H
    expect(await analysesCount()).toBe(before);
  });

  it('is refused to a unit viewer, who reads analyses but does not run them', async () => {
    const swj = await contextAs(h, 'swj');
    await expect(createAtlasAnalysis(swj, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'prefecture' })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('opportunities as 招商 targets', () => {
  it('turns a region’s opportunity into targets elsewhere in its segment, with density and PCI as the reason, under one ledger task', async () => {
    const a = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'prefecture' }, { waitMs: 30_000 });
    const opportunities = await topOpportunities(fgw, a.id, { location: '110000' });
    const memory = opportunities.items.find((i) => i.product === '存储芯片')!;
    expect(memory).toBeTruthy();
    const plan = await h.db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%（示例）').executeTakeFirstOrThrow();
    const admin = await contextAs(h, 'admin');
    const made = await createOpportunityTargets(admin, a.id, { location: '110000', products: ['存储芯片'], planId: plan.id });
    // Memory elsewhere than 北京: 上海's 链主 first, then 南开's B (uncertain link); 朝阳's E is in 北京 itself.
    expect(made.targets.map((t) => [t.name, t.segmentKey, t.status])).toEqual([
      ['上海复杂度壬存储有限公司', 'ic.design.memory', 'lead'],
      ['南开复杂度乙存储有限公司', 'ic.design.memory', 'lead'],
    ]);
    expect(made.withoutCandidates).toEqual([]);
    const reason = `复杂度分析：密度${memory.density!.toFixed(2)}，PCI ${memory.pci!.toFixed(2)}，COG ${memory.cog!.toFixed(2)}（北京市·存储芯片）`;
    const rows = await h.db.selectFrom('atlas_targets').select(['reasons', 'task_id', 'chain_id']).where('region_code', '=', plan.region_code).where('id', 'in', made.targets.map((t) => t.id)).execute();
    expect(rows.map((r) => r.reasons[0])).toEqual([reason, reason]);
    const task = await h.db.selectFrom('tasks').select(['title', 'note']).where('region_code', '=', plan.region_code).where('id', '=', made.taskId).executeTakeFirstOrThrow();
    expect(task.title).toBe('集成电路复杂度分析招商（北京市）：存储芯片');
    expect(task.note).toContain(reason);
    // They are the chain's targets, followed like a 堵点's (线索 → 对接 → 签约 → 落地) under the task.
    expect(rows.every((r) => r.task_id === made.taskId && r.chain_id === chainId)).toBe(true);
  });

  it('names a product that is not an opportunity, refuses an uploaded analysis, and creates nothing', async () => {
    const a = await createAtlasAnalysis(fgw, { chainId, by: 'segment', measure: 'count', year: 2025, level: 'prefecture' }, { waitMs: 30_000 });
    const plan = await h.db.selectFrom('plans').select(['id', 'region_code']).where('region_code', '=', '120000').where('title', 'like', '%产业链协同发展%（示例）').executeTakeFirstOrThrow();
    const admin = await contextAs(h, 'admin');
    const targets = async () => Number((await h.db.selectFrom('atlas_targets').select((eb) => eb.fn.countAll<string>().as('n')).where('region_code', '=', plan.region_code).executeTakeFirstOrThrow()).n);
    const before = await targets();
    // 北京 already has processors (M = 1): not an opportunity.
    const present = await createOpportunityTargets(admin, a.id, { location: '110000', products: ['存储芯片', '处理器芯片'], planId: plan.id }).catch((e: unknown) => e);
    expect(present).toBeInstanceOf(ValidationError);
    expect((present as ValidationError).details).toEqual([{ field: 'products[1]', message: expect.stringContaining('「处理器芯片」不是北京市的机会产业') }]);
    const uploaded = await createAnalysis(fgw, { bytes: Buffer.from('loc,prod,val\nA,x,1\nA,y,2\nB,x,3\nB,y,1\n'), fileName: 'upload.csv', options: { columns: { loc: 'loc', prod: 'prod', val: 'val' } } }, { waitMs: 30_000 });
    expect(uploaded.source).toBeNull();
    await expect(createOpportunityTargets(admin, uploaded.id, { location: 'A', products: ['x'], planId: plan.id })).rejects.toThrow(/上传的，不对应产业链环节/);
    expect(await targets()).toBe(before);
  });

  it('is refused to whoever does not keep the atlas', async () => {
    const a = (await h.db.selectFrom('complexity_analyses').select('id').where('region_code', '=', '120000').where('source', 'is not', null).executeTakeFirstOrThrow()).id;
    const plan = await h.db.selectFrom('plans').select('id').where('region_code', '=', '120000').executeTakeFirstOrThrow();
    for (const who of ['duban', 'swj']) {
      await expect(createOpportunityTargets(await contextAs(h, who), a, { location: '110000', products: ['存储芯片'], planId: plan.id })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
