import { describe, expect, it } from 'vitest';
import { buildAtlasTable, opportunityReason, rowRegion, tableCsv, type LevelledRegion } from './atlas.complexity.domain.ts';

const REGIONS = new Map<string, LevelledRegion>(
  [
    { code: '110000', name: '北京市', level: 'province', parent_code: null },
    { code: '110108', name: '海淀区', level: 'county', parent_code: '110000' },
    { code: '130000', name: '河北省', level: 'province', parent_code: null },
    { code: '130600', name: '保定市', level: 'prefecture', parent_code: '130000' },
    { code: '130602', name: '竞秀区', level: 'county', parent_code: '130600' },
    { code: '133100', name: '雄安新区', level: 'zone', parent_code: '130000' },
  ].map((r) => [r.code, r as LevelledRegion]),
);

describe('the rows of an atlas table', () => {
  it('puts a municipality’s district under the municipality, a county under its city, and 雄安 on its own, at the prefecture level', () => {
    expect(rowRegion('110108', 'prefecture', REGIONS)).toBe('110000');
    expect(rowRegion('130602', 'prefecture', REGIONS)).toBe('130600');
    expect(rowRegion('133100', 'prefecture', REGIONS)).toBe('133100');
    expect(rowRegion('130000', 'prefecture', REGIONS)).toBe('130000');
    expect(rowRegion('130602', 'province', REGIONS)).toBe('130000');
    expect(rowRegion('130602', 'county', REGIONS)).toBe('130602');
    expect(rowRegion('999999', 'province', REGIONS)).toBe('999999');
  });
});

describe('buildAtlasTable', () => {
  const segments = [
    { key: 'a', name: '设计', industryCodes: ['6520'] },
    { key: 'b', name: '材料', industryCodes: ['3985', '2661'] },
    { key: 'c', name: '设计', industryCodes: ['6520'] },
  ];
  it('counts an enterprise once per row and product, names a shared segment name with its key, and a segment under each of its codes', () => {
    const links = [
      { enterpriseId: 'e1', regionCode: '110108', segmentKey: 'a', employees: 10, foundedOn: '2020-01-01' },
      { enterpriseId: 'e1', regionCode: '110108', segmentKey: 'c', employees: 10, foundedOn: '2020-01-01' },
      { enterpriseId: 'e2', regionCode: '130602', segmentKey: 'b', employees: null, foundedOn: null },
      { enterpriseId: 'e3', regionCode: '130602', segmentKey: 'gone', employees: 5, foundedOn: null },
    ];
    const rowOf = (c: string) => rowRegion(c, 'prefecture', REGIONS);
    const bySegment = buildAtlasTable(links, segments, { by: 'segment', measure: 'count', rowOf });
    expect(bySegment.products).toEqual({ '设计（a）': 'a', '设计（c）': 'c', 材料: 'b' });
    expect(Object.fromEntries([...bySegment.cells].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({ '110000': { '设计（a）': 1, '设计（c）': 1 }, '130600': { 材料: 1 } });
    expect(bySegment).toMatchObject({ enterprises: 2, undated: 1 });
    const byCode = buildAtlasTable(links, segments, { by: 'industry', measure: 'employees', rowOf });
    expect(Object.fromEntries([...byCode.cells].map(([k, v]) => [k, Object.fromEntries(v)]))).toEqual({ '110000': { '6520': 10 }, '130600': { '3985': 0, '2661': 0 } });
    // The CSV leaves out 保定, whose only enterprise has no head count, and the codes with no value anywhere.
    expect(tableCsv(byCode, new Map([['110000', '北京市']]))).toBe('region,region_name,product,value\n110000,北京市,6520,10\n');
  });
});

describe('words', () => {
  it('says why a target was chosen', () => {
    expect(opportunityReason({ density: 0.4213, pci: 1.3, cog: null })).toBe('复杂度分析：密度0.42，PCI 1.30，COG —');
  });
});
