/** One administrative division (GB/T 2260) or carrier zone. */
export interface RegionSeed {
  code: string;
  name: string;
  shortName: string;
  level: 'province' | 'prefecture' | 'county' | 'zone';
  parent: string | null;
  carrierZone?: boolean;
}

const provinces: [string, string, string][] = [
  ['110000', '北京市', '北京'], ['120000', '天津市', '天津'], ['130000', '河北省', '河北'], ['140000', '山西省', '山西'],
  ['150000', '内蒙古自治区', '内蒙古'], ['210000', '辽宁省', '辽宁'], ['220000', '吉林省', '吉林'], ['230000', '黑龙江省', '黑龙江'],
  ['310000', '上海市', '上海'], ['320000', '江苏省', '江苏'], ['330000', '浙江省', '浙江'], ['340000', '安徽省', '安徽'],
  ['350000', '福建省', '福建'], ['360000', '江西省', '江西'], ['370000', '山东省', '山东'], ['410000', '河南省', '河南'],
  ['420000', '湖北省', '湖北'], ['430000', '湖南省', '湖南'], ['440000', '广东省', '广东'], ['450000', '广西壮族自治区', '广西'],
  ['460000', '海南省', '海南'], ['500000', '重庆市', '重庆'], ['510000', '四川省', '四川'], ['520000', '贵州省', '贵州'],
  ['530000', '云南省', '云南'], ['540000', '西藏自治区', '西藏'], ['610000', '陕西省', '陕西'], ['620000', '甘肃省', '甘肃'],
  ['630000', '青海省', '青海'], ['640000', '宁夏回族自治区', '宁夏'], ['650000', '新疆维吾尔自治区', '新疆'],
  ['710000', '台湾省', '台湾'], ['810000', '香港特别行政区', '香港'], ['820000', '澳门特别行政区', '澳门'],
];

const beijingDistricts: [string, string][] = [
  ['110101', '东城区'], ['110102', '西城区'], ['110105', '朝阳区'], ['110106', '丰台区'], ['110107', '石景山区'], ['110108', '海淀区'],
  ['110109', '门头沟区'], ['110111', '房山区'], ['110112', '通州区'], ['110113', '顺义区'], ['110114', '昌平区'], ['110115', '大兴区'],
  ['110116', '怀柔区'], ['110117', '平谷区'], ['110118', '密云区'], ['110119', '延庆区'],
];

/** Tianjin's sixteen districts (GB/T 2260). */
export const tianjinDistricts: [string, string][] = [
  ['120101', '和平区'], ['120102', '河东区'], ['120103', '河西区'], ['120104', '南开区'], ['120105', '河北区'], ['120106', '红桥区'],
  ['120110', '东丽区'], ['120111', '西青区'], ['120112', '津南区'], ['120113', '北辰区'], ['120114', '武清区'], ['120115', '宝坻区'],
  ['120116', '滨海新区'], ['120117', '宁河区'], ['120118', '静海区'], ['120119', '蓟州区'],
];

const hebeiCities: [string, string][] = [
  ['130100', '石家庄市'], ['130200', '唐山市'], ['130300', '秦皇岛市'], ['130400', '邯郸市'], ['130500', '邢台市'], ['130600', '保定市'],
  ['130700', '张家口市'], ['130800', '承德市'], ['130900', '沧州市'], ['131000', '廊坊市'], ['131100', '衡水市'],
];

const CARRIER_ZONES = new Set(['120116', '110108', '133100']);
const strip = (name: string) => name.replace(/(新区|区|市)$/, '') || name;

/**
 * The regions Luoshi ships with: every provincial-level division, Beijing's and Tianjin's districts,
 * Hebei's prefecture-level cities, and the carrier zones Binhai New Area, Haidian and Xiong'an New Area.
 */
export const REGIONS: RegionSeed[] = [
  ...provinces.map(([code, name, shortName]) => ({ code, name, shortName, level: 'province' as const, parent: null })),
  ...beijingDistricts.map(([code, name]) => ({ code, name, shortName: strip(name), level: 'county' as const, parent: '110000' })),
  ...tianjinDistricts.map(([code, name]) => ({ code, name, shortName: name === '滨海新区' ? '滨海' : strip(name), level: 'county' as const, parent: '120000' })),
  ...hebeiCities.map(([code, name]) => ({ code, name, shortName: strip(name), level: 'prefecture' as const, parent: '130000' })),
  { code: '133100', name: '雄安新区', shortName: '雄安', level: 'zone' as const, parent: '130000' },
].map((r): RegionSeed => ({ ...r, carrierZone: CARRIER_ZONES.has(r.code) }));
