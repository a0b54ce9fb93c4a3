import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { ChiefItemValues, ChiefList, ChiefPerson, WorkingGroupMember } from './atlas.chiefs.domain.ts';

/** The region whose chain office keeps the demo records: 天津市. */
const REGION = '120000';

type DemoItem = Partial<ChiefItemValues> & { list: ChiefList; name: string };

interface DemoRecord {
  chain: string;
  /** 链长 and 副链长 by the demo directory's person names (org.seed.ts), with the title they hold as 链长. */
  chief: { person: string; title: string };
  deputies: { person: string; title: string }[];
  office: string;
  contact: string;
  workingGroup: WorkingGroupMember[];
  /** Segments whose first 链主/龙头 (else largest) demo enterprise in 天津 becomes a 链主企业, with its role. */
  leading: { segment: string; role: string }[];
  projects: { name: string; amount: number; stage: ChiefItemValues['stage']; segment: string; status: string; partnerSegment?: string }[];
  items: DemoItem[];
}

/** Two illustrative records (every name says 示例): the demo's 新能源和智能网联汽车 and 氢能 chains in 天津. */
const RECORDS: DemoRecord[] = [
  {
    chain: 'demo-nev',
    chief: { person: '张样例', title: '副市长（链长，示例）' },
    deputies: [{ person: '刘联络', title: '市工业和信息化局（副链长，示例）' }],
    office: '市工业和信息化局',
    contact: '022-0000-0102（示例）',
    workingGroup: [
      { unit: '市工业和信息化局', person: '刘联络', role: '链长办，牵头（示例）' },
      { unit: '市发展改革委', person: '陈联络', role: '重大项目统筹（示例）' },
      { unit: '市商务局', person: '杨联络', role: '招商引资（示例）' },
      { unit: '市科技局', person: null, role: '技术攻关（示例）' },
    ],
    leading: [{ segment: 'vehicles.passenger', role: '链主（整车，示例）' }, { segment: 'battery.cell', role: '龙头（动力电池，示例）' }],
    projects: [
      { name: '示例动力电池电芯扩产项目', amount: 350000, stage: 'started', segment: 'battery.cell', status: 'on_track', partnerSegment: 'battery.cell' },
      { name: '示例车规级功率模块封测项目', amount: 120000, stage: 'signed', segment: 'chips.power', status: 'delayed' },
      { name: '示例智能网联测试示范区二期', amount: 45000, stage: 'planning', segment: 'intelligent.v2x', status: 'on_track' },
    ],
    items: [
      { list: 'gap', name: '引进锂资源与冶炼配套（示例）', segment_key: 'materials.lithium', status: 'attracting', note: '本地无企业，对接长三角、四川（示例）' },
      { list: 'gap', name: '补齐隔膜环节（示例）', segment_key: 'materials.separator', status: 'open', note: '示例数据' },
      { list: 'technology', name: '车规级 SiC MOSFET（示例）', segment_key: 'chips.power', role: '示例高校功率半导体研究院', status: 'attacking' },
      { list: 'policy', name: '关于加快新能源和智能网联汽车产业发展的若干措施（示例）', issuer: '市人民政府办公厅（示例）', doc_number: '示例〔2026〕1号', issued_on: '2026-03-15', status: 'in_force' },
      { list: 'policy', name: '智能网联汽车道路测试与示范应用管理办法（示例）', issuer: '市工业和信息化局等（示例）', doc_number: '示例〔2025〕12号', issued_on: '2025-11-01', status: 'in_force' },
    ],
  },
  {
    chain: 'demo-hydrogen',
    chief: { person: '李演示', title: '常务副市长（链长，示例）' },
    deputies: [{ person: '陈联络', title: '市发展改革委（副链长，示例）' }],
    office: '市发展改革委',
    contact: '022-0000-0101（示例）',
    workingGroup: [
      { unit: '市发展改革委', person: '陈联络', role: '链长办，牵头（示例）' },
      { unit: '市工业和信息化局', person: '刘联络', role: '燃料电池产业（示例）' },
      { unit: '滨海新区（示例）', person: null, role: '载体建设（示例）' },
    ],
    leading: [{ segment: 'fuelcell.stack', role: '链主（电堆，示例）' }],
    projects: [
      { name: '示例加氢站网络建设项目', amount: 60000, stage: 'signed', segment: 'refuel.station', status: 'on_track' },
      { name: '示例工业副产氢提纯项目', amount: 80000, stage: 'producing', segment: 'production.byproduct', status: 'done' },
    ],
    items: [
      { list: 'gap', name: '质子交换膜本地配套（示例）', segment_key: 'fuelcell.membrane', status: 'attracting', note: '示例数据' },
      { list: 'gap', name: '液氢储运（示例）', segment_key: 'storage.liquid', status: 'open' },
      { list: 'technology', name: '低铂催化剂（示例）', segment_key: 'fuelcell.catalyst', role: '示例能源材料研究所', status: 'attacking' },
      { list: 'policy', name: '氢能产业发展行动方案（示例）', issuer: '市发展改革委（示例）', doc_number: '示例〔2026〕5号', issued_on: '2026-01-20', status: 'in_force' },
    ],
  },
];

/**
 * The demo's chain-chief records (链长制) of 天津 for the 新能源和智能网联汽车 and 氢能 demo chains: 链长 and 副链长 from
 * the demo directory's people, the working group, 链主企业 among the demo enterprises in 天津, and clearly
 * illustrative key projects, gaps (on segments 京津冀 lacks), technologies (on the chains' 卡点) and policies.
 * Runs once (a second start finds the records).
 */
export async function seedDemoChiefs(db: Db, log: (line: string) => void): Promise<void> {
  const have = await db.selectFrom('atlas_chain_chiefs').select('chain_key').where('region_code', '=', REGION).where('chain_key', '=', RECORDS[0]!.chain).executeTakeFirst();
  if (have) return;
  const chains = new Map((await db.selectFrom('atlas_chains').select(['id', 'key']).where('region_code', '=', '000000').execute()).map((c) => [c.key, c.id]));
  if (!RECORDS.every((r) => chains.has(r.chain))) return;
  const people = new Map((await db.selectFrom('people').select(['id', 'name']).execute()).map((p) => [p.name, p.id]));
  const units = new Map((await db.selectFrom('units').select(['id', 'name']).where('region_code', '=', REGION).execute()).map((u) => [u.name, u.id]));
  const person = (p: { person: string; title: string }): ChiefPerson => ({ personId: people.get(p.person) ?? null, name: p.person, title: p.title });
  const asOf = '2026-10-31';
  const by = '链长办（示例）';
  let n = 0;
  for (const r of RECORDS) {
    const chainId = chains.get(r.chain)!;
    const enterpriseIn = async (segment: string, offset = 0) =>
      db
        .selectFrom('atlas_enterprise_segments as l')
        .innerJoin('atlas_enterprises as e', (j) => j.onRef('e.region_code', '=', 'l.region_code').onRef('e.id', '=', 'l.enterprise_id'))
        .select(['e.uscc', 'e.name'])
        .where('l.region_code', 'like', '12%')
        .where('l.chain_id', '=', chainId)
        .where('l.segment_key', '=', segment)
        .where('l.decision', '<>', 'rejected')
        .orderBy(sql`'链主/龙头' = any(e.tags)`, 'desc')
        .orderBy('e.employees', 'desc')
        .orderBy('e.name')
        .offset(offset)
        .limit(1)
        .executeTakeFirst();
    await db
      .insertInto('atlas_chain_chiefs')
      .values({
        region_code: REGION,
        chain_key: r.chain,
        chief: JSON.stringify(person(r.chief)),
        deputies: JSON.stringify(r.deputies.map(person)),
        office_unit_id: units.get(r.office) ?? null,
        office_name: r.office,
        office_contact: r.contact,
        working_group: JSON.stringify(r.workingGroup),
        note: '演示数据，非真实链长制安排 / illustrative demo data',
        updated_by_name: by,
      })
      .execute();
    const items: DemoItem[] = [];
    for (const l of r.leading) {
      const e = await enterpriseIn(l.segment);
      if (e?.uscc) items.push({ list: 'leading', name: e.name, uscc: e.uscc, role: l.role, segment_key: l.segment });
    }
    for (const p of r.projects) {
      const partner = p.partnerSegment ? await enterpriseIn(p.partnerSegment, 1) : undefined;
      items.push({ list: 'project', name: p.name, amount: p.amount, stage: p.stage, segment_key: p.segment, status: p.status, uscc: partner?.uscc ?? null, note: '示例数据' });
    }
    for (const it of r.items) {
      if (it.list !== 'technology') {
        items.push(it);
        continue;
      }
      const choke = await db.selectFrom('atlas_chokepoints').select('id').where('chain_id', '=', chainId).where('segment_key', '=', it.segment_key!).executeTakeFirst();
      items.push({ ...it, chokepoint_id: choke?.id ?? null });
    }
    const position = new Map<ChiefList, number>();
    await db
      .insertInto('atlas_chain_chief_items')
      .values(
        items.map((it) => {
          position.set(it.list, (position.get(it.list) ?? 0) + 1);
          return {
            region_code: REGION,
            chain_key: r.chain,
            list: it.list,
            name: it.name,
            segment_key: it.segment_key ?? null,
            uscc: it.uscc ?? null,
            role: it.role ?? null,
            amount: it.amount ?? null,
            stage: it.stage ?? null,
            status: it.status ?? null,
            chokepoint_id: it.chokepoint_id ?? null,
            issuer: it.issuer ?? null,
            doc_number: it.doc_number ?? null,
            issued_on: it.issued_on ?? null,
            link: null,
            note: it.note ?? null,
            as_of: asOf,
            position: position.get(it.list)!,
            updated_by_name: by,
          };
        }),
      )
      .execute();
    n += items.length;
  }
  log(`atlas: ${RECORDS.length} demo chain-chief records (天津), ${n} list items`);
}
