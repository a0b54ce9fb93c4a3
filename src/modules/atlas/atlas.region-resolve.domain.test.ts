import { describe, expect, it } from 'vitest';
import { REGIONS } from '../org/org.regions.data.ts';
import { headerColumns, readEnterpriseRow } from './atlas.enterprise.domain.ts';
import { RegionResolver } from './atlas.region-resolve.domain.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';

// The regions Luoshi ships: provinces, Beijing's and Tianjin's districts, Hebei's cities, 雄安新区.
const regions = new RegionResolver(REGIONS);
const column = (text: string) => {
  const r = regions.ofColumns(text);
  return 'code' in r ? `${r.code}${r.within ? ' (within)' : ''}` : `miss: ${r.en}`;
};

describe('reading the region of an enterprise file row', () => {
  it('takes a listed code as it is, and a finer division code as the listed region it lies in', () => {
    expect(column('120116')).toBe('120116');
    expect(column('120116 滨海新区')).toBe('120116');
    // 长安区 of 石家庄 (Hebei is listed by city), 苏州's 姑苏区 (Jiangsu by province), 雄县 (administered by 雄安新区).
    expect(column('130102')).toBe('130100 (within)');
    expect(column('320508')).toBe('320000 (within)');
    expect(column('130638')).toBe('133100 (within)');
    expect(column('999999')).toBe('miss: 999999 is not a region code (GB/T 2260)');
    // A mistyped code is not read as its province.
    expect(column('120199')).toBe('miss: 120199 is not a region code (GB/T 2260)');
  });

  it('reads a place name, whole or short, with or without its province and city', () => {
    expect(column('滨海新区')).toBe('120116');
    expect(column('天津市滨海新区')).toBe('120116');
    expect(column('天津 滨海')).toBe('120116');
    expect(column('海淀')).toBe('110108');
    expect(column('北京市')).toBe('110000');
    expect(column('河北省石家庄市长安区')).toBe('130100 (within)');
    expect(column('石家庄市长安区')).toBe('130100 (within)');
    expect(column('保定市雄县')).toBe('133100 (within)');
    expect(column('江苏省苏州市')).toBe('320000 (within)');
    expect(column('苏州')).toBe('320000 (within)');
    // One name, two places: the listed one, else the higher level, else it must be said which.
    expect(column('朝阳区')).toBe('110105');
    expect(column('河北区')).toBe('120105');
    expect(column('河北')).toBe('130000');
    expect(column('长安区')).toMatch(/^miss: "长安区" names more than one place/);
    expect(column('陕西省西安市长安区')).toBe('610000 (within)');
    expect(column('经济技术开发区')).toBe('miss: "经济技术开发区" is neither a region code nor a place name');
  });

  it('tells a region from an address only where the address starts with a place', () => {
    expect(regions.ofAddress('北京市海淀区中关村大街1号')).toEqual({ code: '110108', source: 'address', within: false });
    expect(regions.ofAddress('河北省廊坊市固安县新兴产业示范区')).toEqual({ code: '131000', source: 'address', within: true });
    expect(regions.ofAddress('滨海新区第三大街 58 号')?.code).toBe('120116');
    expect(regions.ofAddress('中关村大街1号')).toBeNull();
  });

  it("tells a region from the USCC's registering authority, refined by the address", () => {
    expect(regions.ofUscc(withCheckChar('91120116MA05K3XL1'))).toEqual({ code: '120116', source: 'uscc', within: false });
    // A code of a division since merged (大港区, into 滨海新区 in 2009) still names its province.
    expect(regions.ofUscc(withCheckChar('91120109MA05K3XL1'))?.code).toBe('120000');
    // Registered with a national authority: no place.
    expect(regions.ofUscc(withCheckChar('91100000MA05K3XL1'))).toBeNull();
  });
});

describe('an enterprise file without region codes', () => {
  it('reads separate province, city and district columns', () => {
    const map = headerColumns(['企业名称', '所属省份', '所属城市', '所属区县'])!;
    expect(map).toEqual({ name: 0, province: 1, city: 2, region: 3 });
    expect(readEnterpriseRow(['示例甲有限公司', '天津市', '天津市', '河北区'], map, 2, regions).record?.regionCode).toBe('120105');
    expect(readEnterpriseRow(['示例乙有限公司', '河北省', '石家庄市', '长安区'], map, 3, regions).record?.regionCode).toBe('130100');
    expect(readEnterpriseRow(['示例丙有限公司', '北京市', '', '海淀区'], map, 4, regions).record?.regionCode).toBe('110108');
    const r = readEnterpriseRow(['示例丁有限公司', '', '', '不存在区'], map, 5, regions);
    expect(r.issues?.map((i) => `${i.row} ${i.field}: ${i.message}`)).toEqual([
      '5 地区: 地区“不存在区”不是行政区划代码或地区名称 / region "不存在区" is neither a region code nor a place name',
    ]);
  });

  it('takes the USCC, or the address where it is the same place or finer, when the file has no region column', () => {
    const map = headerColumns(['企业名称', '统一社会信用代码', '注册地址'])!;
    const read = (uscc: string, address: string) => readEnterpriseRow(['示例企业有限公司', uscc, address], map, 9, regions);
    expect(read(withCheckChar('91120116MA05K3XL1'), '').region).toMatchObject({ code: '120116', source: 'uscc' });
    // Registered with 天津市's own authority: the address tells the district.
    expect(read(withCheckChar('91120000MA05K3XL1'), '天津市滨海新区第三大街').region).toMatchObject({ code: '120116', source: 'address' });
    // Registered in 海淀 and with an address in Tianjin: where it is registered counts.
    expect(read(withCheckChar('91110108MA05K3XL1'), '天津市滨海新区第三大街').region).toMatchObject({ code: '110108', source: 'uscc' });
    expect(read('', '河北省保定市雄县').region).toMatchObject({ code: '133100', source: 'address', within: true });
    expect(read(withCheckChar('91100000MA05K3XL1'), '').issues?.map((i) => i.message)).toEqual([
      '地区为空，且无法从统一社会信用代码或地址推定 / region is empty and cannot be told from the USCC or the address',
    ]);
    // A wrong check character is reported once, not again as a missing region.
    expect(read('91120116MA05K3XL10', '').issues?.map((i) => i.field)).toEqual(['统一社会信用代码', '地区']);
  });
});
