import { describe, expect, it } from 'vitest';
import { REGIONS } from '../org/org.regions.data.ts';
import { headerColumns, missingColumns, normaliseName, parseDate, readEnterpriseRow } from './atlas.enterprise.domain.ts';
import { RegionResolver } from './atlas.region-resolve.domain.ts';

const regions = new RegionResolver(REGIONS);

describe('reading an enterprise file', () => {
  it('finds the header by its wording, in any order, and skips a title row', () => {
    expect(headerColumns(['2026年重点企业名录', '', ''])).toBeNull();
    // A name header this reader does not know does not hide the columns it does (the person maps the name).
    expect(headerColumns(['单位简称', '信用代码', '区划', '主营产品', '产业链', '所属环节'])).toEqual({ uscc: 1, region: 2, products: 3, chain: 4, segments: 5 });
    expect(headerColumns(['单位全称', '信用代码'])).toEqual({ name: 0, uscc: 1 });
    expect(headerColumns(['序号', '备注', '信用代码'])).toBeNull();
    expect(headerColumns(['序号', '统一社会信用代码', '企业名称', '所在地区代码', '主营产品', '成立时间'])).toEqual({ uscc: 1, name: 2, region: 3, products: 4, founded: 5 });
    // A region is read from its own columns, or else from the USCC or the address: only a file with none lacks it.
    expect(missingColumns({ name: 0, uscc: 1 })).toEqual([]);
    expect(missingColumns({ name: 0, products: 1 })).toEqual([
      { field: 'region', message: '缺少地区列（行政区划代码或地区名称；也可由统一社会信用代码或地址推定） / no region column (a region code or place name; the USCC or the address also tell it)' },
    ]);
  });

  it('reads a row: code as typed, size, tags by their usual names, products, date', () => {
    const map = headerColumns(['企业名称', '统一社会信用代码', '行政区划代码', '规模', '从业人数', '标签', '主要产品', '成立日期'])!;
    const r = readEnterpriseRow(['示例芯片（天津）有限公司', '91350100m000100y43', '120116', '中型', '1,200', '高新技术企业；小巨人；链主', 'MCU、电源管理芯片', '2015年3月8日'], map, 2, regions);
    expect(r.record).toEqual({
      name: '示例芯片（天津）有限公司',
      nameNorm: '示例芯片(天津)有限公司',
      uscc: '91350100M000100Y43',
      regionCode: '120116',
      address: null,
      sizeBand: 'medium',
      employees: 1200,
      tags: ['高新技术企业', '专精特新“小巨人”', '链主/龙头'],
      mainProducts: ['MCU', '电源管理芯片'],
      foundedOn: '2015-03-08',
      lat: null,
      lng: null,
    });
  });

  it('reports every problem of a row by row and field', () => {
    const map = headerColumns(['企业名称', '统一社会信用代码', '行政区划代码', '规模', '标签', '成立日期'])!;
    const r = readEnterpriseRow(['', '91350100M000100Y44', '999999', '巨型', '独角兽', '2019-02-30'], map, 7, regions);
    expect(r.issues?.map((i) => `${i.row} ${i.field}: ${i.message.split(' / ')[1]}`)).toEqual([
      '7 企业名称: name is empty',
      '7 统一社会信用代码: USCC 91350100M000100Y44 is not valid: check character should be 3, is 4',
      '7 地区: region 999999 is not a region code (GB/T 2260)',
      '7 规模: size 巨型 must be one of large, medium, small, micro (大型、中型、小型、微型)',
      '7 标签: tags "独角兽" is not a tag (上市, 高新技术企业, 专精特新, 专精特新“小巨人”, 链主/龙头)',
      '7 成立日期: founding date 2019-02-30 is not a valid date',
    ]);
  });

  it('takes dates as offices write them, and names differing only in full-width brackets or spaces as the same', () => {
    expect(['2019-03-01', '2019/3/1', '2019.3.1', '20190301', '２０１９年３月１日'].map(parseDate)).toEqual(Array(5).fill('2019-03-01'));
    expect(parseDate('2019-13-01')).toBeNull();
    expect(normaliseName('天津 示例（科技）有限公司')).toBe(normaliseName('天津示例(科技)有限公司'));
  });
});
