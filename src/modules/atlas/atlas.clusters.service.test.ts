import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { importChain } from './atlas.chains.service.ts';
import { exportClusters, importClusters } from './atlas.clusters.file.ts';
import type { ClusterBody, ZoneBody } from './atlas.clusters.schema.ts';
import { clusterDetail, createCluster, createZone, deleteCluster, deleteZone, listClusters, listZones, updateCluster, updateZone } from './atlas.clusters.service.ts';
import { addEnterprise } from './atlas.analysis.test-helpers.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let swj: ServiceContext;
let chainId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  swj = await contextAs(h, 'swj');
  const file = JSON.parse(fs.readFileSync('test/fixtures/atlas/integrated-circuit.chain.json', 'utf8')) as { chain: { id: string } };
  file.chain.id = 'cluster-ic';
  chainId = (await importChain(fgw, file)).chain.id;
  const seg = (segment: string, more: Partial<{ decision: 'confirmed' | 'uncertain' | 'rejected'; asOf: string }> = {}) => ({ chainId, segment, ...more });
  // Inside the 20 km around 滨海's centre: a 链主, a 小巨人 (an uncertain link) and one whose only link was rejected.
  await addEnterprise(h.db, { region: '120116', name: '滨海集群示例处理器有限公司', tags: ['链主/龙头'], lat: 39.03, lng: 117.7, links: [seg('ic.design.processor', { asOf: '2026-06-30' })] });
  await addEnterprise(h.db, { region: '120116', name: '滨海集群示例存储有限公司', tags: ['专精特新“小巨人”'], lat: 39.05, lng: 117.68, links: [seg('ic.design.memory', { decision: 'uncertain', asOf: '2026-05-01' })] });
  await addEnterprise(h.db, { region: '120116', name: '滨海集群示例误配有限公司', lat: 39.04, lng: 117.7, links: [seg('ic.materials.wafer', { decision: 'rejected' })] });
  // In 滨海新区 but some 50 km south of the centre: outside the zone's radius.
  await addEnterprise(h.db, { region: '120116', name: '滨海集群示例远郊有限公司', tags: ['专精特新'], lat: 38.6, lng: 117.5, links: [seg('ic.design.analog')] });
  await addEnterprise(h.db, { region: '110108', name: '海淀集群示例芯片有限公司', tags: ['专精特新'], links: [seg('ic.design.processor'), seg('ic.manufacturing.logic')] });
  await addEnterprise(h.db, { region: '310000', name: '上海集群示例芯片有限公司', tags: ['链主/龙头'], links: [seg('ic.design.processor')] });
}, 240_000);
afterAll(async () => h?.close());

const zone = (over: Partial<ZoneBody> = {}): ZoneBody => ({ name: '测试滨海载体', kind: 'new_area', regionCode: '120116', lat: 39.03, lng: 117.7, radiusKm: 20, ...over });
const cluster = (over: Partial<ClusterBody>): ClusterBody => ({ name: '测试集成电路产业集群', regionCode: '120000', level: 'provincial', chainIds: [chainId], zoneIds: [], ...over });

async function problems(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details.map((d) => `${d.field}: ${d.message}`);
}

describe('demo clusters', () => {
  it('shows the three clusters of DESIGN.md with figures, covered and missing segments on first start', async () => {
    const list = await listClusters(swj);
    const demo = list.filter((c) => ['天津滨海新区氢能产业集群', '中关村集成电路设计产业集群', '雄安新区智能机器人产业集群'].includes(c.name));
    expect(demo).toHaveLength(3);
    for (const c of demo) {
      expect(c.totals.enterprises, c.name).toBeGreaterThan(0);
      expect(c.asOf, c.name).toMatch(/^2026-/);
      expect(c.chains[0]!.covered, c.name).toBeGreaterThan(0);
      expect(c.chains[0]!.covered, c.name).toBeLessThan(c.chains[0]!.segments);
      expect(c.canEdit).toBe(false);
    }
    const robots = demo.find((c) => c.name.startsWith('雄安'))!;
    expect(robots.zones.map((z) => z.name)).toEqual(['雄安新区', '保定国家高新技术产业开发区']);
    // 精密减速器 has no demo enterprise in 京津冀: every 京津冀 cluster of the robot chain lacks it.
    const detail = await clusterDetail(swj, robots.id);
    expect(detail.chainFigures[0]!.missing.map((s) => s.name)).toContain('精密减速器');
    expect(detail.chainFigures[0]!.covered.length).toBe(robots.chains[0]!.covered);
    expect(detail.enterprises.items.every((e) => e.zones.length > 0 && ['133100', '130600'].includes(e.regionCode))).toBe(true);
  });
});

describe('clusters and carrier zones', () => {
  let binhai: string;
  let haidian: string;
  let clusterId: string;

  it('counts a cluster’s enterprises by segment and by zone, within a zone’s radius, by the link decisions counted', async () => {
    binhai = (await createZone(fgw, zone({ focus: [{ chainId, segmentKeys: ['ic.design'] }] }))).id;
    haidian = (await createZone(fgw, zone({ name: '测试海淀载体', kind: 'high_tech_zone', regionCode: '110108', lat: null, lng: null, radiusKm: null }))).id;
    const c = await createCluster(fgw, cluster({ zoneIds: [binhai, haidian], leading: [{ name: '滨海集群示例处理器有限公司' }], targets: [{ indicator: 'output', value: 200, year: 2027 }] }));
    clusterId = c.id;
    expect(c.totals).toEqual({ enterprises: 3, leading: 1, specialised: 2, littleGiants: 1 });
    expect(c.asOf).toBe('2026-06-30');
    expect(c.targets).toEqual([{ indicator: 'output', name: { zh: '产值', en: 'Output value' }, value: 200, unit: '亿元', year: 2027 }]);
    // By zone, each with its district's name (海淀区, not 110108).
    expect(c.zoneFigures.map((z) => [z.name, z.regionName, z.enterprises])).toEqual([['测试滨海载体', '滨海新区', 2], ['测试海淀载体', '海淀区', 1]]);
    const figures = c.chainFigures[0]!;
    const seg = (key: string) => figures.segments.find((s) => s.key === key)!;
    // 设计 counts its three enterprises once each: P = 3 + 4 (链主) + 2 (小巨人) + 1 (专精特新) = 10 → 63.
    expect(seg('ic.design')).toMatchObject({ enterprises: 3, leading: 1, specialised: 2, littleGiants: 1, score: 63, level: 'medium', covered: true, focus: true });
    expect(seg('ic.design.analog')).toMatchObject({ enterprises: 0, covered: false, level: 'absent' });
    expect(seg('ic.materials.wafer')).toMatchObject({ enterprises: 0, covered: false });
    expect(figures.covered.map((s) => s.key)).toEqual(['ic.design.processor', 'ic.design.memory', 'ic.manufacturing.logic']);
    expect(figures.missing.map((s) => s.key)).toContain('ic.eda');
    expect(figures.missing).toHaveLength(figures.segments.filter((s) => s.leaf).length - 3);
    // 链主 first, then by pinyin (滨 bin before 海 hai).
    expect(c.enterprises.items.map((e) => e.name)).toEqual(['滨海集群示例处理器有限公司', '滨海集群示例存储有限公司', '海淀集群示例芯片有限公司']);

    const confirmed = await clusterDetail(swj, clusterId, { confirmedOnly: true });
    expect(confirmed.totals.enterprises).toBe(2);
    expect(confirmed.chainFigures[0]!.missing.map((s) => s.key)).toContain('ic.design.memory');
  });

  it('takes in the districts a zone spans and drops the radius when it is cleared', async () => {
    await updateZone(fgw, binhai, zone({ radiusKm: null }));
    expect((await clusterDetail(swj, clusterId)).zoneFigures[0]!.enterprises).toBe(3);
    await updateZone(fgw, haidian, zone({ name: '测试海淀载体', kind: 'high_tech_zone', regionCode: '110108', lat: null, lng: null, radiusKm: null, districtCodes: ['310000'] }));
    const wider = await clusterDetail(swj, clusterId);
    expect(wider.zoneFigures[1]!.enterprises).toBe(2);
    expect(wider.totals).toMatchObject({ enterprises: 5, leading: 2 });
  });

  it('refuses an unknown chain, an unknown zone and a bad region code, naming the field, and writes nothing', async () => {
    const before = (await listClusters(swj)).length;
    expect(await problems(createCluster(fgw, cluster({ name: '坏集群', chainIds: ['00000000-0000-4000-8000-000000000000'], zoneIds: [binhai] })))).toEqual([
      'chainIds[0]: 产业链「00000000-0000-4000-8000-000000000000」不存在 / unknown chain "00000000-0000-4000-8000-000000000000"',
    ]);
    expect(await problems(createCluster(fgw, cluster({ name: '坏集群', zoneIds: [binhai, 'not-a-zone'] })))).toEqual(['zoneIds[1]: 载体「not-a-zone」不存在 / unknown carrier zone "not-a-zone"']);
    const bad = await problems(createCluster(fgw, cluster({ name: '坏集群', regionCode: '12345', zoneIds: [], leading: [{ uscc: '911201160000000000', name: '某公司' }] })));
    expect(bad[0]).toContain('regionCode: 地区代码「12345」应为 6 位行政区划代码');
    expect(bad.some((p) => p.startsWith('zoneIds:'))).toBe(true);
    expect(bad.some((p) => p.startsWith('leading[0].uscc:'))).toBe(true);
    expect(await problems(createZone(fgw, zone({ name: '坏载体', regionCode: '999999' })))).toEqual(['regionCode: 地区代码「999999」不在地区表中 / region code "999999" is not in the regions table']);
    expect(await problems(createZone(fgw, zone({ name: '坏载体', focus: [{ chainId, segmentKeys: ['ic.nowhere'] }] })))).toEqual([
      'focus[0].segmentKeys[0]: 环节「ic.nowhere」不在产业链 集成电路 中 / segment "ic.nowhere" is not in chain 集成电路',
    ]);
    expect(await problems(createCluster(fgw, cluster({ zoneIds: [binhai] })))).toEqual([
      'name: 该地区已有名为「测试集成电路产业集群」的产业集群 / the region already has a cluster named "测试集成电路产业集群"',
    ]);
    expect((await listClusters(swj)).length).toBe(before);
    expect((await listZones(swj)).some((z) => z.name === '坏载体')).toBe(false);
  });

  it('lets only the chain office change clusters and zones, and keeps a zone that still carries a cluster', async () => {
    await expect(createZone(swj, zone({ name: '越权载体' }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateCluster(swj, clusterId, cluster({ zoneIds: [binhai] }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteZone(fgw, binhai)).rejects.toBeInstanceOf(ConflictError);
    const moved = await updateCluster(fgw, clusterId, cluster({ regionCode: '120116', zoneIds: [haidian], level: 'cultivating' }));
    expect(moved).toMatchObject({ id: clusterId, regionCode: '120116', level: 'cultivating', levelName: { zh: '培育中' } });
    expect(moved.zones.map((z) => z.name)).toEqual(['测试海淀载体']);
    expect(await deleteZone(fgw, binhai)).toEqual({ ok: true });
    const audit = await h.db.selectFrom('audit_log').select(['action', 'entity']).where('entity', 'in', ['cluster', 'carrier_zone']).execute();
    expect(audit.filter((a) => a.entity === 'carrier_zone').map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update', 'delete']));
    expect(audit.filter((a) => a.entity === 'cluster').map((a) => a.action)).toEqual(expect.arrayContaining(['create', 'update']));
  });

  it('exports clusters and zones and reads them back: a dry run writes nothing, a bad file is refused whole', async () => {
    const file = await exportClusters(swj);
    expect(file.clusters.find((c) => c.name === '测试集成电路产业集群')).toMatchObject({ regionCode: '120116', chains: ['cluster-ic'], zones: [{ regionCode: '110108', name: '测试海淀载体' }] });
    const renamed = structuredClone(file);
    renamed.zones.push({ name: '导入的新载体', kind: 'park', regionCode: '120116', focus: [{ chain: 'cluster-ic', segmentKeys: ['ic.eda'] }] });
    renamed.clusters.push({ name: '导入的新集群', regionCode: '120000', level: 'municipal', chains: ['cluster-ic'], zones: [{ regionCode: '120116', name: '导入的新载体' }] });
    const dry = await importClusters(fgw, renamed, { dryRun: true });
    expect(dry).toEqual({ dryRun: true, zones: { created: 1, updated: file.zones.length }, clusters: { created: 1, updated: file.clusters.length } });
    expect((await listClusters(swj)).some((c) => c.name === '导入的新集群')).toBe(false);

    const broken = structuredClone(renamed);
    broken.clusters.at(-1)!.chains = ['no-such-chain'];
    broken.zones.at(-1)!.regionCode = '12011x';
    expect(await problems(importClusters(fgw, broken))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^zones\[\d+\]\.regionCode: 地区代码「12011x」/), expect.stringMatching(/^clusters\[\d+\]\.chains\[0\]: 产业链「no-such-chain」不存在/)]),
    );
    expect((await listZones(swj)).some((z) => z.name === '导入的新载体')).toBe(false);

    const done = await importClusters(fgw, renamed);
    expect(done.clusters.created).toBe(1);
    const imported = (await listClusters(swj)).find((c) => c.name === '导入的新集群')!;
    expect(imported.zones.map((z) => z.name)).toEqual(['导入的新载体']);
    expect(await deleteCluster(fgw, imported.id)).toEqual({ ok: true });
  });
});
