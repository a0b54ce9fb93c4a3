import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { IntermediaryKind, MemberRole } from './atlas.intermediaries.domain.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';

interface DemoIntermediary {
  name: string;
  kind: IntermediaryKind;
  region: string;
  /** Its own code's first 17 characters (authority, type, region, a made-up serial), when it has one. */
  code?: string;
  contact: string;
  address: string;
  chains: string[];
  clusters: string[];
  /** Whose enterprises join: linked to its chains in these regions (a GB/T 2260 prefix: '12' is 天津, '3' 华东 …). */
  members: { prefixes: string[]; limit: number };
  note: string;
}

/**
 * The demo's intermediaries: made up ("示例" in every name, codes nobody's), serving the demo chains and clusters, with
 * members among the demo enterprises. Two of them reach beyond 京津冀 (长三角 and 大湾区 enterprises), so that the
 * 堵点 page shows 对接渠道 for candidates there.
 */
const INTERMEDIARIES: DemoIntermediary[] = [
  {
    name: '天津市氢能产业联盟（示例）',
    kind: 'alliance',
    region: '120000',
    code: '51120000MJ0H2A001',
    contact: '联盟秘书处 022-0000-0001（示例）',
    address: '天津市滨海新区（示例地址）',
    chains: ['demo-hydrogen'],
    clusters: ['天津滨海新区氢能产业集群'],
    members: { prefixes: ['12'], limit: 12 },
    note: '演示数据，非真实组织',
  },
  {
    name: '京津冀—长三角氢能协同创新联盟（示例）',
    kind: 'alliance',
    region: '110000',
    code: '51110000MJ0H2B002',
    contact: '联络处 010-0000-0002（示例）',
    address: '北京市（示例地址）',
    chains: ['demo-hydrogen'],
    clusters: [],
    members: { prefixes: ['3', '11', '12', '13'], limit: 40 },
    note: '跨区域联盟：成员含长三角企业，可作为京津冀氢能堵点的招商对接渠道（演示数据）',
  },
  {
    name: '中关村集成电路设计产业协会（示例）',
    kind: 'association',
    region: '110108',
    code: '51110108MJ0JC0003',
    contact: '秘书处 010-0000-0003（示例）',
    address: '北京市海淀区（示例地址）',
    chains: ['demo-integrated-circuit'],
    clusters: ['中关村集成电路设计产业集群'],
    members: { prefixes: ['11'], limit: 15 },
    note: '演示数据，非真实组织',
  },
  {
    name: '粤港澳大湾区集成电路产业促进会（示例）',
    kind: 'association',
    region: '440000',
    code: '51440000MJ0JC0004',
    contact: '会员服务部 020-0000-0004（示例）',
    address: '广东省（示例地址）',
    chains: ['demo-integrated-circuit'],
    clusters: [],
    members: { prefixes: ['44'], limit: 30 },
    note: '演示数据，非真实组织',
  },
  {
    name: '雄安新区机器人产业公共服务平台（示例）',
    kind: 'platform',
    region: '133100',
    contact: '平台运营中心 0312-0000-0005（示例）',
    address: '河北雄安新区（示例地址）',
    chains: [],
    clusters: ['雄安新区智能机器人产业集群'],
    members: { prefixes: ['13'], limit: 10 },
    note: '检测认证、中试验证与供需对接服务（演示数据）',
  },
  {
    name: '天津市科技成果转化服务中心（示例）',
    kind: 'service',
    region: '120000',
    contact: '服务热线 022-0000-0006（示例）',
    address: '天津市（示例地址）',
    chains: ['demo-robotics', 'demo-machine-tools'],
    clusters: [],
    members: { prefixes: ['12'], limit: 8 },
    note: '技术转移、知识产权与投融资服务（演示数据）',
  },
];

const ROLE_ORDER: MemberRole[] = ['president', 'vice_president', 'vice_president', 'director', 'director', 'director'];

/**
 * Seeds the demo intermediaries once (a second start finds the first): each names its chains and clusters, and takes
 * as members the demo enterprises linked to its chains in its regions — 链主 first, the first as 会长, then 副会长 and
 * 理事, the rest 会员.
 */
export async function seedDemoIntermediaries(db: Db, log: (line: string) => void): Promise<void> {
  const first = INTERMEDIARIES[0]!;
  const have = await db.selectFrom('atlas_intermediaries').select('id').where('region_code', '=', first.region).where('name', '=', first.name).executeTakeFirst();
  if (have) return;
  const chains = new Map((await db.selectFrom('atlas_chains').select(['id', 'key']).where('region_code', '=', '000000').execute()).map((c) => [c.key, c.id]));
  const clusterRows = await db
    .selectFrom('atlas_clusters')
    .select(['id', 'name'])
    .where('region_code', 'in', ['110000', '120000', '130000'])
    .execute();
  const clusters = new Map(clusterRows.map((c) => [c.name, c.id]));
  if (!INTERMEDIARIES.every((i) => i.chains.every((k) => chains.has(k)) && i.clusters.every((n) => clusters.has(n)))) return;
  let members = 0;
  for (const i of INTERMEDIARIES) {
    const clusterIds = i.clusters.map((n) => clusters.get(n)!);
    // The chains whose enterprises join: its own and its clusters' (the robot platform serves its cluster's chain).
    const clusterChains = clusterIds.length ? (await db.selectFrom('atlas_clusters').select('chain_ids').where('region_code', 'in', ['110000', '120000', '130000']).where('id', 'in', clusterIds).execute()).flatMap((c) => c.chain_ids) : [];
    const chainIds = [...new Set([...i.chains.map((k) => chains.get(k)!), ...clusterChains])];
    const row = await db
      .insertInto('atlas_intermediaries')
      .values({
        region_code: i.region,
        name: i.name,
        kind: i.kind,
        uscc: i.code ? withCheckChar(i.code) : null,
        contact: i.contact,
        address: i.address,
        chain_ids: i.chains.map((k) => chains.get(k)!),
        cluster_ids: clusterIds,
        note: i.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const found = await db
      .selectFrom('atlas_enterprise_segments as l')
      .innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id'))
      .select(['e.uscc', 'e.name', sql<boolean>`'链主/龙头' = any(e.tags)`.as('leading')])
      .distinct()
      .where('l.chain_id', 'in', chainIds)
      .where('l.decision', '<>', 'rejected')
      .where('e.uscc', 'is not', null)
      .where((eb) => eb.or(i.members.prefixes.map((p) => eb('l.region_code', 'like', `${p}%`))))
      .execute();
    const chosen = found.sort((a, b) => Number(b.leading) - Number(a.leading) || a.name.localeCompare(b.name, 'zh-CN')).slice(0, i.members.limit);
    if (chosen.length) {
      await db
        .insertInto('atlas_intermediary_members')
        .values(chosen.map((e, n) => ({ region_code: i.region, intermediary_id: row.id, uscc: e.uscc!, role: ROLE_ORDER[n] ?? 'member', since: `20${20 + (n % 6)}-0${1 + (n % 9)}-15` })))
        .execute();
    }
    members += chosen.length;
  }
  log(`atlas: ${INTERMEDIARIES.length} demo intermediaries with ${members} members`);
}
