import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DemoSeeder } from '../../server/module.ts';
import { searchTokens } from '../../lib/search-tokens.ts';
import { systemActor } from '../org/index.ts';
import { importChain } from './atlas.chains.service.ts';
import { normaliseName } from './atlas.enterprise.domain.ts';
import { USCC_CHARSET, usccCheckChar } from './atlas.uscc.domain.ts';
import { makeCentroidLookup } from './atlas.analysis.domain.ts';
import { CENTROIDS_TEXT } from './atlas.centroids.data.ts';
import { seedDemoClusters } from './atlas.clusters.seed.ts';
import { indexEnterpriseTerms } from './atlas.directory.repo.ts';
import { forgetCoverage } from './atlas.analysis.repo.ts';
import type { Stage } from './atlas.chain-format.domain.ts';

/** A segment in short: key, parent key (or stage for a root), name, GB/T 4754 codes. */
type Seg = [key: string, parentOrStage: string, name: string, codes?: string[]];

interface DemoChain {
  key: string;
  name: string;
  nameEn: string;
  segments: Seg[];
  edges: [string, string][];
  /** Leaf segments where 京津冀 has no demo enterprise (the gaps the demo shows). */
  jjjAbsent: string[];
  /** Leaf segments where 京津冀 is thin. */
  jjjWeak: string[];
  chokepoints: { segment: string; technology?: string; importDependency: number; domesticSuppliers: number; note: string }[];
}

const STAGES = new Set(['upstream', 'midstream', 'downstream']);

const CHAINS: DemoChain[] = [
  {
    key: 'demo-integrated-circuit',
    name: '集成电路（示例）',
    nameEn: 'Integrated circuits (demo)',
    segments: [
      ['materials', 'upstream', '半导体材料', ['3985']], ['materials.wafer', 'materials', '硅片'], ['materials.photoresist', 'materials', '光刻胶'], ['materials.gas', 'materials', '电子特种气体'], ['materials.target', 'materials', '溅射靶材'],
      ['equipment', 'upstream', '半导体设备', ['3562']], ['equipment.litho', 'equipment', '光刻设备'], ['equipment.etch', 'equipment', '刻蚀设备'], ['equipment.deposition', 'equipment', '薄膜沉积设备'], ['equipment.test', 'equipment', '测试设备'],
      ['eda', 'upstream', 'EDA 工具与 IP 核', ['6513']],
      ['design', 'midstream', '芯片设计', ['6520']], ['design.processor', 'design', '处理器芯片'], ['design.memory', 'design', '存储芯片'], ['design.analog', 'design', '模拟与功率芯片'],
      ['manufacturing', 'midstream', '晶圆制造', ['3973']], ['manufacturing.logic', 'manufacturing', '逻辑工艺'], ['manufacturing.specialty', 'manufacturing', '特色工艺'],
      ['packaging', 'midstream', '封装测试', ['3973']], ['packaging.advanced', 'packaging', '先进封装'], ['packaging.testing', 'packaging', '测试服务'],
      ['apps', 'downstream', '应用'], ['apps.computing', 'apps', '计算与服务器'], ['apps.automotive', 'apps', '汽车电子'], ['apps.consumer', 'apps', '消费电子'],
    ],
    edges: [
      ['materials.wafer', 'manufacturing.logic'], ['materials.wafer', 'manufacturing.specialty'], ['materials.photoresist', 'manufacturing.logic'], ['materials.gas', 'manufacturing.logic'], ['materials.target', 'manufacturing.logic'],
      ['equipment.litho', 'manufacturing.logic'], ['equipment.etch', 'manufacturing.logic'], ['equipment.deposition', 'manufacturing.specialty'], ['equipment.test', 'packaging.testing'],
      ['eda', 'design'], ['design', 'manufacturing'], ['manufacturing', 'packaging'], ['packaging', 'apps.computing'], ['packaging', 'apps.automotive'], ['packaging', 'apps.consumer'],
    ],
    jjjAbsent: ['materials.photoresist', 'equipment.litho'],
    jjjWeak: ['materials.gas', 'packaging.advanced', 'apps.consumer'],
    chokepoints: [
      { segment: 'materials.photoresist', technology: 'ArF 光刻胶', importDependency: 90, domesticSuppliers: 3, note: '高端光刻胶主要依赖进口（示例数据）' },
      { segment: 'equipment.litho', importDependency: 95, domesticSuppliers: 1, note: '前道光刻机国内仅一家整机企业（示例数据）' },
      { segment: 'eda', technology: '全流程数字 EDA', importDependency: 85, domesticSuppliers: 3, note: '示例数据' },
    ],
  },
  {
    key: 'demo-hydrogen',
    name: '氢能（示例）',
    nameEn: 'Hydrogen energy (demo)',
    segments: [
      ['production', 'upstream', '制氢'], ['production.electrolysis', 'production', '电解水制氢'], ['production.byproduct', 'production', '工业副产氢'],
      ['storage', 'upstream', '储运'], ['storage.gas', 'storage', '高压气态储运'], ['storage.liquid', 'storage', '液氢储运'], ['storage.pipeline', 'storage', '管道输氢'],
      ['refuel', 'midstream', '加注'], ['refuel.station', 'refuel', '加氢站建设运营'], ['refuel.equipment', 'refuel', '加注设备'],
      ['fuelcell', 'midstream', '燃料电池'], ['fuelcell.stack', 'fuelcell', '电堆'], ['fuelcell.mea', 'fuelcell', '膜电极'], ['fuelcell.membrane', 'fuelcell', '质子交换膜'], ['fuelcell.catalyst', 'fuelcell', '催化剂'], ['fuelcell.plate', 'fuelcell', '双极板'], ['fuelcell.compressor', 'fuelcell', '空压机'],
      ['use', 'downstream', '应用'], ['use.vehicle', 'use', '燃料电池汽车'], ['use.power', 'use', '储能与发电'], ['use.industry', 'use', '工业用氢（冶金、化工）'],
    ],
    edges: [
      ['production', 'storage'], ['storage', 'refuel'], ['refuel', 'use.vehicle'], ['fuelcell.membrane', 'fuelcell.mea'], ['fuelcell.catalyst', 'fuelcell.mea'], ['fuelcell.mea', 'fuelcell.stack'],
      ['fuelcell.plate', 'fuelcell.stack'], ['fuelcell.stack', 'use.vehicle'], ['fuelcell.compressor', 'use.vehicle'], ['fuelcell.stack', 'use.power'], ['storage', 'use.industry'],
    ],
    jjjAbsent: ['storage.liquid', 'fuelcell.membrane'],
    jjjWeak: ['fuelcell.catalyst', 'storage.pipeline'],
    chokepoints: [
      { segment: 'fuelcell.membrane', importDependency: 80, domesticSuppliers: 4, note: '示例数据' },
      { segment: 'fuelcell.catalyst', technology: '低铂催化剂', importDependency: 70, domesticSuppliers: 5, note: '示例数据' },
    ],
  },
  {
    key: 'demo-robotics',
    name: '机器人（示例）',
    nameEn: 'Robotics (demo)',
    segments: [
      ['parts', 'upstream', '核心零部件'], ['parts.reducer', 'parts', '精密减速器'], ['parts.servo', 'parts', '伺服系统'], ['parts.controller', 'parts', '控制器'], ['parts.sensor', 'parts', '传感器'],
      ['body', 'midstream', '机器人本体'], ['body.industrial', 'body', '工业机器人'], ['body.service', 'body', '服务机器人'], ['body.special', 'body', '特种机器人'], ['body.humanoid', 'body', '人形机器人'],
      ['integration', 'midstream', '系统集成'],
      ['apps', 'downstream', '应用'], ['apps.auto', 'apps', '汽车制造'], ['apps.electronics', 'apps', '3C 电子'], ['apps.logistics', 'apps', '仓储物流'], ['apps.medical', 'apps', '医疗康复'],
    ],
    edges: [
      ['parts.reducer', 'body.industrial'], ['parts.reducer', 'body.humanoid'], ['parts.servo', 'body.industrial'], ['parts.servo', 'body.service'], ['parts.controller', 'body'], ['parts.sensor', 'body'],
      ['body.industrial', 'integration'], ['integration', 'apps.auto'], ['integration', 'apps.electronics'], ['body.service', 'apps.logistics'], ['body.service', 'apps.medical'], ['body.special', 'apps.logistics'],
    ],
    jjjAbsent: ['parts.reducer'],
    jjjWeak: ['parts.servo', 'apps.electronics'],
    chokepoints: [{ segment: 'parts.reducer', technology: 'RV 减速器', importDependency: 60, domesticSuppliers: 6, note: '示例数据' }],
  },
];

/** Regions the demo enterprises are registered in: [code, short name used in the names]. */
const JJJ_REGIONS: [string, string][] = [
  ['110108', '海淀'], ['110105', '朝阳'], ['110115', '大兴'], ['110114', '昌平'], ['110113', '顺义'],
  ['120116', '滨海'], ['120111', '西青'], ['120113', '北辰'], ['120110', '东丽'], ['120114', '武清'],
  ['130100', '石家庄'], ['130200', '唐山'], ['130600', '保定'], ['131000', '廊坊'], ['133100', '雄安'],
];
const OTHER_REGIONS: [string, string][] = [
  ['310000', '上海'], ['320500', '苏州'], ['320100', '南京'], ['330100', '杭州'], ['340100', '合肥'],
  ['440300', '深圳'], ['440100', '广州'], ['441900', '东莞'], ['420000', '湖北'], ['510000', '四川'],
];
/** Cities the shipped regions lack (they hold provinces, not their cities, outside 京津冀): added for the demo. */
const EXTRA_REGIONS = [
  { code: '320500', name: '苏州市', parent: '320000' }, { code: '320100', name: '南京市', parent: '320000' }, { code: '330100', name: '杭州市', parent: '330000' },
  { code: '340100', name: '合肥市', parent: '340000' }, { code: '440300', name: '深圳市', parent: '440000' }, { code: '440100', name: '广州市', parent: '440000' },
  { code: '441900', name: '东莞市', parent: '440000' },
];

const SUFFIXES = ['科技', '技术', '智能', '新材料', '装备', '电子'];

/** The demo wafer fab whose suppliers and customers `luoshi atlas match` shows (docs/atlas-analysis.md). */
export const DEMO_MATCH_USCC = demoUscc('120116', 0);

/** A small deterministic generator, so the demo is the same at every start. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** The demo's credit code: 91 + region + a 9-character serial + the check character. */
function demoUscc(region: string, serial: number): string {
  let body = '';
  for (let n = serial + 700_000, i = 0; i < 9; i++, n = Math.floor(n / 31)) body = USCC_CHARSET[n % 31]! + body;
  const first17 = `91${region}${body}`;
  return first17 + usccCheckChar(first17)!;
}

/**
 * The atlas demo: three chains (集成电路, 氢能, 机器人, shared definitions) with a few hundred synthetic enterprises
 * ("示例" in every name, valid codes) in 京津冀, 长三角 and the Greater Bay Area, linked to segments with evidence, so
 * that coverage, gaps (京津冀 absent or thin in some segments), chokepoints and matches show on first start.
 */
export const seedDemoAtlas: DemoSeeder = async (db, { log }) => {
  const have = await db.selectFrom('atlas_chains').select('id').where('key', '=', CHAINS[0]!.key).executeTakeFirst();
  // Clusters came after the chains: a demo database from before them gets its zones and clusters at the next start.
  if (have) return seedDemoClusters(db, log);
  await db
    .insertInto('regions')
    .values(EXTRA_REGIONS.map((r, i) => ({ code: r.code, name: r.name, short_name: r.name.replace(/市$/, ''), level: 'prefecture' as const, parent_code: r.parent, sort_order: 1000 + i })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const ctx = { db, actor: systemActor('system', 'atlas demo') };
  const centre = makeCentroidLookup(CENTROIDS_TEXT);
  const rnd = random(20261203);
  const enterprises: Record<string, unknown>[] = [];
  const links: Record<string, unknown>[] = [];
  let serial = 0;
  for (const [ci, c] of CHAINS.entries()) {
    const file = {
      format: 'luoshi-atlas-chain',
      formatVersion: 1,
      chain: { id: c.key, name: c.name, nameEn: c.nameEn, label: '2026（示例）', sources: [{ title: '演示数据，非真实产业链图谱 / demo data' }] },
      segments: c.segments.map(([key, p, name, codes]) => ({
        id: key,
        name,
        ...(STAGES.has(p) ? { stage: p as Stage } : { parent: p }),
        ...(codes ? { industryCodes: codes } : {}),
      })),
      edges: c.edges.map(([from, to]) => ({ from, to })),
    };
    const { chain } = await importChain(ctx, file, { regionCode: '000000' });
    const parents = new Set(c.segments.map((s) => s[1]));
    const leaves = c.segments.filter(([key]) => !parents.has(key));
    for (const [key, , segName] of leaves) {
      const jjjCount = c.jjjAbsent.includes(key) ? 0 : c.jjjWeak.includes(key) ? 1 : 3 + Math.floor(rnd() * 4);
      const otherCount = 3 + Math.floor(rnd() * 4);
      const pick = (pool: [string, string][], n: number) => Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)]!);
      for (const [region, short] of [...pick(JJJ_REGIONS, jjjCount), ...pick(OTHER_REGIONS, otherCount)]) {
        serial++;
        const id = crypto.randomUUID();
        const r = rnd();
        const size = r < 0.12 ? 'large' : r < 0.4 ? 'medium' : r < 0.85 ? 'small' : 'micro';
        const employees = { large: 1000 + Math.floor(rnd() * 4000), medium: 300 + Math.floor(rnd() * 700), small: 20 + Math.floor(rnd() * 280), micro: 3 + Math.floor(rnd() * 15) }[size];
        const tags: string[] = [];
        if (size === 'large' && rnd() < 0.45) tags.push('链主/龙头');
        const t = rnd();
        if (t < 0.1) tags.push('专精特新“小巨人”');
        else if (t < 0.28) tags.push('专精特新');
        if (size !== 'micro' && rnd() < 0.35) tags.push('高新技术企业');
        if ((size === 'large' || size === 'medium') && rnd() < 0.25) tags.push('上市');
        const name = `${short}示例${segName.replace(/[（）()\s]/g, '').slice(0, 6)}${SUFFIXES[serial % SUFFIXES.length]}${ci + 1}${String(serial).padStart(3, '0')}有限公司`;
        const at = centre(region);
        const exact = at && rnd() < 0.5;
        enterprises.push({
          id,
          region_code: region,
          uscc: demoUscc(region, serial),
          name,
          name_norm: normaliseName(name),
          address: null,
          size_band: size,
          employees,
          tags,
          main_products: [segName],
          founded_on: `${2000 + Math.floor(rnd() * 24)}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
          search_tokens: searchTokens(name, segName, ...tags),
          lat: exact ? Math.round((at.lat + (rnd() - 0.5) * 0.1) * 1e5) / 1e5 : null,
          lng: exact ? Math.round((at.lng + (rnd() - 0.5) * 0.1) * 1e5) / 1e5 : null,
        });
        const e = rnd();
        const d = rnd();
        links.push({
          region_code: region,
          enterprise_id: id,
          chain_id: chain.id,
          segment_key: key,
          evidence: e < 0.45 ? 'strong' : e < 0.85 ? 'medium' : 'weak',
          source: e < 0.45 ? '专利与产品目录（示例）' : e < 0.85 ? '经营范围与行业代码（示例）' : '企业名称（示例）',
          as_of: d < 0.7 ? '2026-09-30' : '2026-06-30',
          decision: d < 0.7 ? 'confirmed' : d < 0.95 ? 'uncertain' : 'rejected',
        });
      }
    }
    if (ci === 0) {
      // The anchor of the docs' and the CLI's 成龙配套 example: a wafer fab in 滨海新区 with its coordinates.
      const id = crypto.randomUUID();
      const name = '滨海示例晶圆制造有限公司';
      enterprises.push({
        id, region_code: '120116', uscc: DEMO_MATCH_USCC, name, name_norm: normaliseName(name), address: '天津市滨海新区（示例地址）', size_band: 'large', employees: 3200,
        tags: ['链主/龙头', '高新技术企业'], main_products: ['12 英寸晶圆代工'], founded_on: '2012-05-18', search_tokens: searchTokens(name, '晶圆代工', '链主/龙头'), lat: 39.05, lng: 117.72,
      });
      links.push({ region_code: '120116', enterprise_id: id, chain_id: chain.id, segment_key: 'manufacturing.logic', evidence: 'strong', source: '产品目录（示例）', as_of: '2026-09-30', decision: 'confirmed' });
    }
    for (const k of c.chokepoints) {
      await db
        .insertInto('atlas_chokepoints')
        .values({ chain_id: chain.id, segment_key: k.segment, technology: k.technology ?? null, import_dependency: k.importDependency, domestic_suppliers: k.domesticSuppliers, note: k.note, source: '演示数据 / demo' })
        .execute();
    }
  }
  await sql`insert into atlas_enterprises (id, region_code, uscc, name, name_norm, address, size_band, employees, tags, main_products, founded_on, search_tokens, lat, lng)
    select * from jsonb_to_recordset(${JSON.stringify(enterprises)}::jsonb) as r(id uuid, region_code text, uscc text, name text, name_norm text, address text,
      size_band text, employees integer, tags text[], main_products text[], founded_on date, search_tokens text[], lat double precision, lng double precision)`.execute(db);
  await indexEnterpriseTerms(db, enterprises.map((e) => ({ region_code: String(e.region_code), id: String(e.id) })));
  await sql`insert into atlas_enterprise_segments (region_code, enterprise_id, chain_id, segment_key, evidence, source, as_of, decision)
    select * from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as r(region_code text, enterprise_id uuid, chain_id uuid, segment_key text, evidence text,
      source text, as_of date, decision text)`.execute(db);
  await forgetCoverage(db, null);
  log(`atlas: ${CHAINS.length} demo chains, ${enterprises.length} demo enterprises`);
  await seedDemoClusters(db, log);
};
