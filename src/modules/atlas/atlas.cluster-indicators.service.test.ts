import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ValidationError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { clusterReadiness, exportIndicatorTable, importIndicatorTable, indicatorSeries, setIndicatorValues, setReadinessThresholds } from './atlas.cluster-indicators.service.ts';
import type { ClusterBody } from './atlas.clusters.schema.ts';
import { createCluster, deleteCluster, listClusters, updateCluster } from './atlas.clusters.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let swj: ServiceContext;
let admin: ServiceContext;
let clusterId: string;
let body: ClusterBody;

const csv = (text: string) => new TextEncoder().encode(text);

async function refusal(work: Promise<unknown>): Promise<ValidationError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  [fgw, swj, admin] = [await contextAs(h, 'fgw'), await contextAs(h, 'swj'), await contextAs(h, 'admin')];
  const hydrogen = (await listClusters(swj)).find((c) => c.name === '天津滨海新区氢能产业集群')!;
  body = { name: '指标测试氢能集群', regionCode: '120000', level: 'provincial', chainIds: hydrogen.chains.map((c) => c.id), zoneIds: [hydrogen.zones[0]!.id] };
  clusterId = (await createCluster(fgw, body)).id;
}, 240_000);
afterAll(async () => h?.close());

const annual = (s: Awaited<ReturnType<typeof indicatorSeries>>, indicator: string) =>
  s.values.filter((v) => v.indicator === indicator && v.quarter === 0).map((v) => [v.year, v.value]);

describe('a cluster’s indicator series', () => {
  it('keeps values the chain office sets, with who entered them, beside the counts computed from the directory', async () => {
    const s = await setIndicatorValues(fgw, clusterId, {
      values: [
        { indicator: 'output', year: 2023, value: 900, source: '统计局年报（示例）' },
        { indicator: 'output', year: 2024, value: 1050 },
        { indicator: 'output', year: 2025, value: 1200 },
        { indicator: 'rd_spending', year: 2025, value: 24 },
        { indicator: '有效发明专利', year: 2025, quarter: 2, value: 310 },
      ],
    });
    expect(annual(s, 'output')).toEqual([[2023, 900], [2024, 1050], [2025, 1200]]);
    expect(s.values.find((v) => v.indicator === 'patents')).toMatchObject({ year: 2025, quarter: 2, value: 310, unit: '件', enteredBy: '陈联络' });
    expect(s.values.find((v) => v.year === 2023)).toMatchObject({ unit: '亿元', source: '统计局年报（示例）' });
    expect(s.years).toEqual([2023, 2024, 2025]);
    expect(s.canEdit).toBe(true);
    const enterprises = s.computed.find((c) => c.indicator === 'enterprises')!;
    expect(enterprises.value).toBeGreaterThan(0);
    expect(enterprises.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const changed = await setIndicatorValues(fgw, clusterId, { values: [{ indicator: 'output', year: 2024, value: null }, { indicator: 'patents', year: 2025, quarter: 2, value: 320 }] });
    expect(annual(changed, 'output')).toEqual([[2023, 900], [2025, 1200]]);
    expect(changed.values.find((v) => v.indicator === 'patents')!.value).toBe(320);
    expect((await indicatorSeries(swj, clusterId)).canEdit).toBe(false);
  });

  it('refuses bad values naming each, saves none of them, and refuses those who only read', async () => {
    const e = await refusal(
      setIndicatorValues(fgw, clusterId, {
        values: [
          { indicator: 'output', year: 2026, value: 1300 },
          { indicator: 'leading_share', year: 2025, value: 120 },
          { indicator: '市值', year: 2025, value: 1 },
          { indicator: 'enterprises', year: 2025, value: 12.5 },
        ],
      }),
    );
    expect(e.details.map((d) => d.field)).toEqual(['values[1].value', 'values[2].indicator', 'values[3].value']);
    expect(e.details[0]!.message).toContain('占比应在 0–100 之间');
    expect(annual(await indicatorSeries(swj, clusterId), 'output')).toEqual([[2023, 900], [2025, 1200]]);
    await expect(setIndicatorValues(swj, clusterId, { values: [{ indicator: 'output', year: 2026, value: 1 }] })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(importIndicatorTable(swj, clusterId, csv('指标,年份,数值\n产值,2026,1\n'), 'x.csv', { dryRun: true })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('importing a table of values', () => {
  const long = '集群指标表（示例）\n\n指标,年份,季度,数值,单位,来源\n产值（亿元）,2024,,1080,亿元,园区填报\n产值,2025,,1200,,\n研发经费,2025,,30,亿元,统计公报\n企业数量,2025,Q4,"1,050",家,\n';

  it('lists in a dry run what would change, keeps nothing, then writes the same', async () => {
    const dry = await importIndicatorTable(fgw, clusterId, csv(long), '指标.csv', { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, headerRow: 3, layout: 'long', added: 2, changed: 1, unchanged: 1 });
    expect(dry.changes.map((c) => [c.row, c.indicator, c.year, c.quarter, c.before, c.after, c.kind])).toEqual([
      [4, 'output', 2024, 0, null, 1080, 'add'],
      [5, 'output', 2025, 0, 1200, 1200, 'same'],
      [6, 'rd_spending', 2025, 0, 24, 30, 'change'],
      [7, 'enterprises', 2025, 4, null, 1050, 'add'],
    ]);
    expect(annual(await indicatorSeries(swj, clusterId), 'output')).toEqual([[2023, 900], [2025, 1200]]);

    const done = await importIndicatorTable(fgw, clusterId, csv(long), '指标.csv');
    expect(done).toMatchObject({ dryRun: false, added: 2, changed: 1 });
    const s = await indicatorSeries(swj, clusterId);
    expect(annual(s, 'output')).toEqual([[2023, 900], [2024, 1080], [2025, 1200]]);
    expect(s.values.find((v) => v.indicator === 'rd_spending')).toMatchObject({ value: 30, source: '统计公报' });
  });

  it('reads years as columns from an xlsx workbook', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('表1');
    sheet.addRow(['指标', '单位', '2023年', '2024年', '2025年']);
    sheet.addRow(['有效发明专利', '件', 250, '', 330]);
    sheet.addRow(['出口交货值', '亿元', 40, 45.5, 52]);
    const r = await importIndicatorTable(fgw, clusterId, new Uint8Array(await book.xlsx.writeBuffer()), '按年.xlsx');
    expect(r).toMatchObject({ layout: 'wide', headerRow: 1, added: 5, changed: 0 });
    expect(annual(await indicatorSeries(swj, clusterId), 'exports')).toEqual([[2023, 40], [2024, 45.5], [2025, 52]]);
  });

  it('names the row and field of every problem and imports nothing from a table with any', async () => {
    const bad = '指标,年份,数值\n产值,2026,1400\n市值,2025,3\n发明专利,20x5,4\n研发投入,2025,-1\n产值,2026,1500\n';
    const e = await refusal(importIndicatorTable(fgw, clusterId, csv(bad), '坏表.csv'));
    expect(e.message).toContain('坏表.csv 有 4 处错误');
    expect(e.details.map((d) => [d.row, d.field])).toEqual([
      [3, 'indicator'],
      [4, 'year'],
      [5, 'value'],
      [6, 'indicator'],
    ]);
    expect(e.details[0]!.message).toContain('第 3 行 indicator：无法识别的指标「市值」');
    expect(e.details[3]!.message).toContain('与第 2 行重复');
    expect(annual(await indicatorSeries(swj, clusterId), 'output').map(([y]) => y)).not.toContain(2026);

    const none = await refusal(importIndicatorTable(fgw, clusterId, csv('名称,金额\n产值,3\n'), '无表头.csv'));
    expect(none.message).toContain('没有找到表头');
    await refusal(importIndicatorTable(fgw, clusterId, csv('x'), '指标.txt'));
  });

  it('exports a workbook that the import reads back unchanged', async () => {
    const file = await exportIndicatorTable(swj, clusterId);
    expect(file.fileName).toBe('指标测试氢能集群-指标.xlsx');
    const again = await importIndicatorTable(fgw, clusterId, new Uint8Array(file.bytes), file.fileName, { dryRun: true });
    const kept = (await indicatorSeries(swj, clusterId)).values.length;
    expect(again).toMatchObject({ layout: 'long', added: 0, changed: 0, unchanged: kept });
  });
});

describe('readiness towards national status', () => {
  it('computes each criterion from the values entered and the directory, and says which figures are missing', async () => {
    await setIndicatorValues(fgw, clusterId, { values: [{ indicator: 'rd_spending', year: 2025, value: 24 }] });
    const r = await clusterReadiness(swj, clusterId);
    expect(r).toMatchObject({ target: 'national', targetName: { zh: '国家先进制造业集群' }, illustrative: true, canEdit: false });
    const by = Object.fromEntries(r.items.map((i) => [i.criterion, i]));
    expect(r.items).toHaveLength(8);
    expect(by.output_scale).toMatchObject({ value: 1200, threshold: 1000, status: 'met', note: { zh: '2025 年填报值' } });
    // (1200 / 900)^(1/2) − 1 = 15.47 %.
    expect(by.output_growth).toMatchObject({ value: 15.47, status: 'met', note: { zh: '2023–2025 年复合增速' } });
    // 24 / 1200 = 2 % against 2.5 %.
    expect(by.rd_intensity).toMatchObject({ value: 2, threshold: 2.5, status: 'unmet' });
    expect(by.patents).toMatchObject({ value: 330, threshold: 1000, status: 'unmet', note: { zh: '2025 年填报值' } });
    expect(by.promotion_body).toMatchObject({ value: 0, status: 'unmet' });
    expect(by.zones).toMatchObject({ value: 1, threshold: 2, status: 'unmet' });
    expect(by.specialised!.note.zh).toMatch(/^按目录计算（截至 \d{4}-\d{2}-\d{2}）$/);
    expect(r.met + r.unmet + r.unknown).toBe(8);

    const sme = await clusterReadiness(swj, clusterId, { target: 'national_sme' });
    expect(sme.items.find((i) => i.criterion === 'rd_intensity')).toMatchObject({ threshold: 2, status: 'met' });

    const fresh = (await createCluster(fgw, { ...body, name: '空白指标集群', level: 'cultivating', promotionBody: '示例集群发展促进中心' })).id;
    const empty = await clusterReadiness(swj, fresh);
    expect(empty.target).toBe('national_sme');
    expect(empty.items.filter((i) => i.status === 'unknown').map((i) => i.criterion)).toEqual(['output_scale', 'output_growth', 'rd_intensity', 'patents']);
    expect(empty.items.find((i) => i.criterion === 'promotion_body')).toMatchObject({ status: 'met', note: { zh: '示例集群发展促进中心' } });
    await deleteCluster(fgw, fresh);
  });

  it('takes the thresholds administrators set instead of the illustrative defaults', async () => {
    await expect(setReadinessThresholds(fgw, { target: 'national', thresholds: [{ criterion: 'rd_intensity', threshold: 1.5 }] })).rejects.toBeInstanceOf(ForbiddenError);
    await setReadinessThresholds(admin, { target: 'national', thresholds: [{ criterion: 'rd_intensity', threshold: 1.5, note: '测试' }] });
    const item = (await clusterReadiness(admin, clusterId)).items.find((i) => i.criterion === 'rd_intensity')!;
    expect(item).toMatchObject({ threshold: 1.5, thresholdIsDefault: false, status: 'met' });
    expect(item.thresholdNote).toBe('测试');
    await setReadinessThresholds(admin, { target: 'national', thresholds: [{ criterion: 'rd_intensity', threshold: null }] });
    expect((await clusterReadiness(admin, clusterId)).items.find((i) => i.criterion === 'rd_intensity')).toMatchObject({ threshold: 2.5, thresholdIsDefault: true, thresholdNote: null });
  });

  it('refuses a wrong threshold naming the field and the criterion, and saves none of the others', async () => {
    const error = await setReadinessThresholds(admin, {
      target: 'national',
      thresholds: [
        { criterion: 'patents', threshold: 500 },
        { criterion: 'leading', threshold: 2.5 },
        { criterion: 'rd_intensity', threshold: 120 },
        { criterion: 'output_scale', threshold: -1 },
      ],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const details = (error as ValidationError).details;
    expect(details.map((d) => d.field)).toEqual(['thresholds[1].threshold', 'thresholds[2].threshold', 'thresholds[3].threshold']);
    expect(details.map((d) => d.message.split(' / ')[0])).toEqual(['链主（龙头）企业数：应为整数', '研发投入强度（研发投入/产值）：占比应在 0–100 之间', '产值规模：阈值应为不小于 0 的数']);
    expect((await clusterReadiness(admin, clusterId)).items.find((i) => i.criterion === 'patents')).toMatchObject({ threshold: 1000, thresholdIsDefault: true });
  });
});

describe('a cluster’s values follow the cluster', () => {
  it('moves them with a cluster moved to another region and deletes them with it', async () => {
    const before = (await indicatorSeries(swj, clusterId)).values.length;
    await updateCluster(fgw, clusterId, { ...body, regionCode: '120116' });
    expect((await indicatorSeries(swj, clusterId)).values).toHaveLength(before);
    await deleteCluster(fgw, clusterId);
    const left = await h.db.selectFrom('atlas_cluster_indicators').select('indicator').where('region_code', 'in', ['120000', '120116']).where('cluster_id', '=', clusterId).execute();
    expect(left).toEqual([]);
  });
});
