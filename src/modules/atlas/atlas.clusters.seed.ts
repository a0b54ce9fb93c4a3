import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import { CLUSTER_INDICATORS, type ClusterIndicator, type ClusterLevel, type ZoneKind } from './atlas.clusters.domain.ts';
import type { ClusterTarget } from './atlas.clusters.tables.ts';

interface DemoZone {
  name: string;
  kind: ZoneKind;
  region: string;
  districts?: string[];
  centre?: [number, number];
  focus: { chain: string; segments: string[] }[];
  note: string;
}

/** The carrier zones of the demo: real zones (public bodies), focus segments of the demo chains. */
const ZONES: DemoZone[] = [
  { name: '天津滨海新区', kind: 'new_area', region: '120116', centre: [39.03, 117.7], focus: [{ chain: 'demo-hydrogen', segments: ['production', 'storage', 'fuelcell'] }], note: '国家级新区（演示数据）' },
  { name: '天津滨海高新技术产业开发区', kind: 'high_tech_zone', region: '120116', districts: ['120111'], focus: [{ chain: 'demo-hydrogen', segments: ['fuelcell.stack', 'fuelcell.mea'] }], note: '华苑、滨海科技园（演示数据）' },
  { name: '中关村科学城（海淀园）', kind: 'high_tech_zone', region: '110108', centre: [39.96, 116.3], focus: [{ chain: 'demo-integrated-circuit', segments: ['design', 'eda'] }], note: '中关村国家自主创新示范区核心区（演示数据）' },
  { name: '北京经济技术开发区', kind: 'development_zone', region: '110115', focus: [{ chain: 'demo-integrated-circuit', segments: ['manufacturing', 'equipment'] }], note: '亦庄（演示数据）' },
  { name: '雄安新区', kind: 'new_area', region: '133100', focus: [{ chain: 'demo-robotics', segments: ['body.humanoid', 'body.service'] }], note: '国家级新区（演示数据）' },
  { name: '保定国家高新技术产业开发区', kind: 'high_tech_zone', region: '130600', focus: [{ chain: 'demo-robotics', segments: ['parts'] }], note: '演示数据' },
];

interface DemoCluster {
  name: string;
  region: string;
  level: ClusterLevel;
  chains: string[];
  zones: string[];
  targets: ClusterTarget[];
  description: string;
  promotionBody?: string;
  /** Illustrative values 2023–2025 (示例), per indicator. */
  values: Partial<Record<ClusterIndicator, [number, number, number]>>;
}

/** The three clusters of DESIGN.md, around 滨海, 海淀 and 雄安. */
const CLUSTERS: DemoCluster[] = [
  {
    name: '天津滨海新区氢能产业集群',
    region: '120000',
    level: 'provincial',
    chains: ['demo-hydrogen'],
    zones: ['天津滨海新区', '天津滨海高新技术产业开发区'],
    targets: [{ indicator: 'output', value: 300, unit: '亿元', year: 2027 }, { indicator: 'enterprises', value: 120, unit: '家', year: 2027 }],
    description: '以滨海新区为核心载体，制氢—储运—加注—燃料电池—应用全链布局（演示数据）',
    values: { output: [120, 150, 185], revenue: [110, 140, 172], enterprises: [86, 102, 118], specialised: [18, 24, 31], rd_spending: [4.1, 5.3, 6.8], patents: [420, 510, 640], leading_share: [38, 36, 35], exports: [8, 11, 15] },
  },
  {
    name: '中关村集成电路设计产业集群',
    region: '110000',
    level: 'national_sme',
    chains: ['demo-integrated-circuit'],
    zones: ['中关村科学城（海淀园）', '北京经济技术开发区'],
    targets: [{ indicator: 'output', value: 1500, unit: '亿元', year: 2027 }, { indicator: 'specialised', value: 80, unit: '家', year: 2027 }],
    description: '海淀设计、亦庄制造，向国家级先进制造业集群迈进（演示数据）',
    promotionBody: '中关村集成电路设计产业集群促进中心（示例）',
    values: { output: [980, 1120, 1290], revenue: [1010, 1160, 1335], enterprises: [310, 345, 382], leading: [6, 7, 8], specialised: [58, 66, 79], rd_spending: [62, 75, 91], patents: [5200, 6100, 7050], leading_share: [42, 41, 40], exports: [120, 138, 150] },
  },
  {
    name: '雄安新区智能机器人产业集群',
    region: '130000',
    level: 'cultivating',
    chains: ['demo-robotics'],
    zones: ['雄安新区', '保定国家高新技术产业开发区'],
    targets: [{ indicator: 'enterprises', value: 60, unit: '家', year: 2028 }, { indicator: 'patents', value: 500, unit: '件', year: 2028 }],
    description: '承接北京非首都功能疏解，培育人形与服务机器人（演示数据）',
    values: { output: [18, 26, 37], enterprises: [22, 31, 44], specialised: [5, 8, 12], rd_spending: [1.1, 1.6, 2.4], patents: [45, 70, 104] },
  },
];

/**
 * The demo's carrier zones and its three clusters, on the demo chains: each cluster names as 链主 the demo
 * enterprises tagged 链主/龙头 in its zones, so that its figures, covered and missing segments show on first start.
 * Runs once (a second start finds the zones).
 */
export async function seedDemoClusters(db: Db, log: (line: string) => void): Promise<void> {
  const have = await db.selectFrom('atlas_zones').select('id').where('region_code', '=', ZONES[0]!.region).where('name', '=', ZONES[0]!.name).executeTakeFirst();
  if (have) return seedDemoClusterIndicators(db, log);
  const chains = new Map((await db.selectFrom('atlas_chains').select(['id', 'key']).where('region_code', '=', '000000').execute()).map((c) => [c.key, c.id]));
  if (!CLUSTERS.every((c) => c.chains.every((k) => chains.has(k)))) return;
  const zoneIds = new Map<string, string>();
  for (const z of ZONES) {
    const row = await db
      .insertInto('atlas_zones')
      .values({
        region_code: z.region,
        name: z.name,
        kind: z.kind,
        district_codes: z.districts ?? [],
        lat: z.centre?.[0] ?? null,
        lng: z.centre?.[1] ?? null,
        focus: JSON.stringify(z.focus.map((f) => ({ chainId: chains.get(f.chain)!, segmentKeys: f.segments }))),
        note: z.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    zoneIds.set(z.name, row.id);
  }
  for (const c of CLUSTERS) {
    const regions = [...new Set(c.zones.flatMap((name) => { const z = ZONES.find((x) => x.name === name)!; return [z.region, ...(z.districts ?? [])]; }))];
    const chainIds = c.chains.map((k) => chains.get(k)!);
    const leading = await db
      .selectFrom('atlas_enterprise_segments as l')
      .innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id'))
      .select(['e.uscc', 'e.name'])
      .distinct()
      .where('l.region_code', 'in', regions)
      .where('l.chain_id', 'in', chainIds)
      .where('l.decision', '<>', 'rejected')
      .where(sql<boolean>`'链主/龙头' = any(e.tags)`)
      .orderBy('e.name')
      .limit(3)
      .execute();
    await db
      .insertInto('atlas_clusters')
      .values({
        region_code: c.region,
        name: c.name,
        level: c.level,
        chain_ids: chainIds,
        zone_ids: c.zones.map((n) => zoneIds.get(n)!),
        leading_enterprises: JSON.stringify(leading.map((l) => ({ uscc: l.uscc, name: l.name }))),
        targets: JSON.stringify(c.targets),
        description: c.description,
        promotion_body: c.promotionBody ?? null,
      })
      .execute();
  }
  log(`atlas: ${ZONES.length} demo carrier zones, ${CLUSTERS.length} demo clusters`);
  await seedDemoClusterIndicators(db, log);
}

const DEMO_YEARS = [2023, 2024, 2025] as const;

/**
 * Illustrative indicator values (示例) of the demo clusters for 2023–2025, so that the 指标 tab, its chart and the
 * readiness checklist show something on first start; a demo cluster that has values already keeps them (also those
 * seeded before the values existed get them on the next start).
 */
async function seedDemoClusterIndicators(db: Db, log: (line: string) => void): Promise<void> {
  let seeded = 0;
  for (const c of CLUSTERS) {
    const row = await db.selectFrom('atlas_clusters').select(['region_code', 'id']).where('region_code', '=', c.region).where('name', '=', c.name).executeTakeFirst();
    if (!row) continue;
    const has = await db.selectFrom('atlas_cluster_indicators').select('indicator').where('region_code', '=', row.region_code).where('cluster_id', '=', row.id).limit(1).executeTakeFirst();
    if (has) continue;
    const values = Object.entries(c.values).flatMap(([indicator, series]) =>
      DEMO_YEARS.map((year, i) => ({
        region_code: row.region_code,
        cluster_id: row.id,
        indicator: indicator as ClusterIndicator,
        year,
        value: series[i]!,
        unit: CLUSTER_INDICATORS[indicator as ClusterIndicator].unit,
        source: '示例数据（演示，非统计数据）',
      })),
    );
    await db.insertInto('atlas_cluster_indicators').values(values).execute();
    seeded++;
  }
  if (seeded) log(`atlas: illustrative indicator values 2023–2025 for ${seeded} demo clusters`);
}
