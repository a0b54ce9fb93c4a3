import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import { searchTokens } from '../../lib/search-tokens.ts';
import { recordAudit } from './org.audit.ts';
import { systemActor } from './org.policy.ts';
import { REGIONS, tianjinDistricts } from './org.regions.data.ts';
import type { Role, UnitKind } from './org.tables.ts';
import { hashPassword } from './org.accounts.service.ts';

/** Inserts or refreshes the shipped regions; safe to run on every start. */
export async function ensureRegions(db: Db): Promise<void> {
  await db
    .insertInto('regions')
    .values(
      REGIONS.map((r, i) => ({
        code: r.code,
        name: r.name,
        short_name: r.shortName,
        level: r.level,
        parent_code: r.parent,
        is_carrier_zone: r.carrierZone ?? false,
        sort_order: i,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        short_name: eb.ref('excluded.short_name'),
        level: eb.ref('excluded.level'),
        parent_code: eb.ref('excluded.parent_code'),
        is_carrier_zone: eb.ref('excluded.is_carrier_zone'),
        sort_order: eb.ref('excluded.sort_order'),
      })),
    )
    .execute();
}

interface UnitSeed {
  key: string;
  name: string;
  short?: string;
  aliases?: string[];
  kind: UnitKind;
  parent?: string;
  region?: string;
}

const TJ = '120000';

/** The demo directory of Tianjin: party and government offices, commissions and bureaus, districts, associations. */
export const DEMO_UNITS: UnitSeed[] = [
  { key: 'party', name: '中共天津市委员会', short: '市委', kind: 'party' },
  { key: 'party-office', name: '中共天津市委办公厅', short: '市委办公厅', aliases: ['市委办'], kind: 'office', parent: 'party' },
  { key: 'inspection', name: '中共天津市委督查室', short: '市委督查室', aliases: ['督查室'], kind: 'office', parent: 'party-office' },
  { key: 'org-dept', name: '中共天津市委组织部', short: '市委组织部', kind: 'party', parent: 'party' },
  { key: 'propaganda', name: '中共天津市委宣传部', short: '市委宣传部', kind: 'party', parent: 'party' },
  { key: 'work-committee', name: '中共天津市委市直机关工作委员会', short: '市直机关工委', kind: 'party', parent: 'party' },
  { key: 'cyber', name: '中共天津市委网络安全和信息化委员会办公室', short: '市委网信办', aliases: ['市网信办'], kind: 'office', parent: 'party' },
  { key: 'finance-office', name: '中共天津市委金融委员会办公室', short: '市委金融办', aliases: ['市金融局', '市地方金融监管局'], kind: 'office', parent: 'party' },
  { key: 'gov', name: '天津市人民政府', short: '市政府', kind: 'government' },
  { key: 'gov-office', name: '天津市人民政府办公厅', short: '市政府办公厅', aliases: ['市政府办'], kind: 'office', parent: 'gov' },
  { key: 'ndrc', name: '天津市发展和改革委员会', short: '市发展改革委', aliases: ['市发改委'], kind: 'commission', parent: 'gov' },
  { key: 'edu', name: '天津市教育委员会', short: '市教委', kind: 'commission', parent: 'gov' },
  { key: 'sci', name: '天津市科学技术局', short: '市科技局', kind: 'bureau', parent: 'gov' },
  { key: 'miit', name: '天津市工业和信息化局', short: '市工业和信息化局', aliases: ['市工信局'], kind: 'bureau', parent: 'gov' },
  { key: 'police', name: '天津市公安局', short: '市公安局', kind: 'bureau', parent: 'gov' },
  { key: 'civil', name: '天津市民政局', short: '市民政局', kind: 'bureau', parent: 'gov' },
  { key: 'justice', name: '天津市司法局', short: '市司法局', kind: 'bureau', parent: 'gov' },
  { key: 'fin', name: '天津市财政局', short: '市财政局', kind: 'bureau', parent: 'gov' },
  { key: 'hr', name: '天津市人力资源和社会保障局', short: '市人力资源社会保障局', aliases: ['市人社局'], kind: 'bureau', parent: 'gov' },
  { key: 'plan', name: '天津市规划和自然资源局', short: '市规划资源局', kind: 'bureau', parent: 'gov' },
  { key: 'env', name: '天津市生态环境局', short: '市生态环境局', kind: 'bureau', parent: 'gov' },
  { key: 'housing', name: '天津市住房和城乡建设委员会', short: '市住房城乡建设委', aliases: ['市住建委'], kind: 'commission', parent: 'gov' },
  { key: 'transport', name: '天津市交通运输委员会', short: '市交通运输委', aliases: ['市交通委'], kind: 'commission', parent: 'gov' },
  { key: 'water', name: '天津市水务局', short: '市水务局', kind: 'bureau', parent: 'gov' },
  { key: 'agri', name: '天津市农业农村委员会', short: '市农业农村委', aliases: ['市农委'], kind: 'commission', parent: 'gov' },
  { key: 'commerce', name: '天津市商务局', short: '市商务局', kind: 'bureau', parent: 'gov' },
  { key: 'culture', name: '天津市文化和旅游局', short: '市文化和旅游局', aliases: ['市文旅局'], kind: 'bureau', parent: 'gov' },
  { key: 'health', name: '天津市卫生健康委员会', short: '市卫生健康委', aliases: ['市卫健委'], kind: 'commission', parent: 'gov' },
  { key: 'emergency', name: '天津市应急管理局', short: '市应急局', aliases: ['市应急管理局'], kind: 'bureau', parent: 'gov' },
  { key: 'audit', name: '天津市审计局', short: '市审计局', kind: 'bureau', parent: 'gov' },
  { key: 'sasac', name: '天津市人民政府国有资产监督管理委员会', short: '市国资委', kind: 'commission', parent: 'gov' },
  { key: 'market', name: '天津市市场监督管理委员会', short: '市市场监管委', kind: 'commission', parent: 'gov' },
  { key: 'stats', name: '天津市统计局', short: '市统计局', kind: 'bureau', parent: 'gov' },
  { key: 'gov-service', name: '天津市政务服务办公室', short: '市政务服务办', kind: 'office', parent: 'gov' },
  { key: 'cooperation', name: '天津市合作交流办公室', short: '市合作交流办', kind: 'office', parent: 'gov' },
  { key: 'foreign', name: '天津市人民政府外事办公室', short: '市外办', aliases: ['市政府外办'], kind: 'office', parent: 'gov' },
  { key: 'data', name: '天津市数据局', short: '市数据局', kind: 'bureau', parent: 'gov' },
  { key: 'ip', name: '天津市知识产权局', short: '市知识产权局', kind: 'bureau', parent: 'market' },
  ...tianjinDistricts.map(([code, name]) => ({
    key: `district-${code}`,
    name: `天津市${name}人民政府`,
    short: `${name}政府`,
    aliases: [`${name}人民政府`],
    kind: 'district_government' as const,
    region: code,
  })),
  { key: 'fic', name: '天津市工商业联合会', short: '市工商联', kind: 'association' },
  { key: 'enterprise-fed', name: '天津市企业联合会', short: '市企联', kind: 'association' },
  { key: 'cast', name: '天津市科学技术协会', short: '市科协', kind: 'association' },
  { key: 'ccpit', name: '中国国际贸易促进委员会天津市分会', short: '市贸促会', aliases: ['天津市贸促会'], kind: 'association' },
];

interface PersonSeed {
  key: string;
  name: string;
  title: string;
  unit: string;
  leader?: boolean;
  portfolio?: string[];
  /** Contact details (fictional), shown only to those the contact rule allows. */
  phone?: string;
  email?: string;
}

/** Fictional leaders and contacts: names that say they are demo people (示范, 演示, 样例 …). */
export const DEMO_PEOPLE: PersonSeed[] = [
  { key: 'mayor', name: '王示范', title: '市长', unit: 'gov', leader: true, portfolio: ['gov-office', 'audit'] },
  { key: 'exec-vice', name: '李演示', title: '常务副市长', unit: 'gov', leader: true, portfolio: ['ndrc', 'fin', 'sasac', 'stats', 'gov-service', 'data'] },
  { key: 'vice-industry', name: '张样例', title: '副市长', unit: 'gov', leader: true, portfolio: ['miit', 'sci', 'commerce', 'cooperation', 'ip', 'market'] },
  { key: 'vice-social', name: '赵模拟', title: '副市长', unit: 'gov', leader: true, portfolio: ['edu', 'hr', 'health', 'civil', 'culture'] },
  { key: 'vice-city', name: '孙试用', title: '副市长', unit: 'gov', leader: true, portfolio: ['plan', 'housing', 'transport', 'env', 'water', 'agri', 'emergency'] },
  { key: 'secretary-general', name: '周测试', title: '市委常委、秘书长', unit: 'party', leader: true, portfolio: ['party-office', 'inspection'] },
  { key: 'inspector', name: '吴督查', title: '市委督查室主任（演示）', unit: 'inspection' },
  { key: 'ndrc-contact', name: '陈联络', title: '综合处联络员（演示）', unit: 'ndrc', phone: '022-0000-0101', email: 'chen.demo@example.org' },
  { key: 'miit-contact', name: '刘联络', title: '规划处联络员（演示）', unit: 'miit', phone: '022-0000-0102', email: 'liu.demo@example.org' },
  { key: 'commerce-contact', name: '杨联络', title: '投资促进处联络员（演示）', unit: 'commerce', phone: '022-0000-0103', email: 'yang.demo@example.org' },
];

/** The demo password for every demo account (demo mode only). */
export const DEMO_PASSWORD = 'Demo@2026luoshi';

/** Demo accounts, one for each role. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; person?: string; unit?: string; roles: { role: Role; unit?: string }[] }[] = [
  { username: 'admin', displayName: '系统管理员（演示）', unit: 'gov-office', roles: [{ role: 'admin' }] },
  { username: 'duban', displayName: '吴督查', person: 'inspector', unit: 'inspection', roles: [{ role: 'supervisor' }] },
  { username: 'leader', displayName: '张样例', person: 'vice-industry', unit: 'gov', roles: [{ role: 'leader' }] },
  { username: 'fgw', displayName: '陈联络', person: 'ndrc-contact', unit: 'ndrc', roles: [{ role: 'unit_editor', unit: 'ndrc' }] },
  { username: 'swj', displayName: '杨联络', person: 'commerce-contact', unit: 'commerce', roles: [{ role: 'unit_viewer', unit: 'commerce' }] },
  // A second unit editor, so that "an editor of another unit" can be tried against fgw's plans.
  { username: 'gxj', displayName: '刘联络', person: 'miit-contact', unit: 'miit', roles: [{ role: 'unit_editor', unit: 'miit' }] },
];

/** Whether the demo region has been loaded into this database. */
export async function isDemoSeeded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('key').where('key', '=', 'demo_seeded').executeTakeFirst();
  return Boolean(row);
}

/**
 * Loads the demo region (Beijing–Tianjin–Hebei, with Tianjin's directory, leaders and one account per role)
 * in one transaction; does nothing when already loaded. Returns the unit ids by seed key for other modules' demo data.
 */
export async function seedDemoOrg(db: Db): Promise<{ seeded: boolean; unitIds: Map<string, string> }> {
  // The regions are already there: every caller opens the database through prepareDatabase (or the test templates).
  if (await isDemoSeeded(db)) {
    return { seeded: false, unitIds: new Map() };
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actor = systemActor('system', '演示数据 / demo seed');
  const unitIds = new Map<string, string>();
  await db.transaction().execute(async (trx) => {
    for (const [i, u] of DEMO_UNITS.entries()) {
      const row = await trx
        .insertInto('units')
        .values({
          region_code: u.region ?? TJ,
          parent_id: u.parent ? unitIds.get(u.parent)! : null,
          name: u.name,
          short_name: u.short ?? null,
          aliases: u.aliases ?? [],
          kind: u.kind,
          sort_order: i,
          search_tokens: searchTokens(u.name, u.short, ...(u.aliases ?? [])),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      unitIds.set(u.key, row.id);
    }
    const personIds = new Map<string, string>();
    for (const [i, p] of DEMO_PEOPLE.entries()) {
      const row = await trx
        .insertInto('people')
        .values({ region_code: TJ, name: p.name, title: p.title, unit_id: unitIds.get(p.unit)!, is_leader: p.leader ?? false, phone: p.phone ?? null, email: p.email ?? null, sort_order: i })
        .returning('id')
        .executeTakeFirstOrThrow();
      personIds.set(p.key, row.id);
      if (p.portfolio?.length)
        await trx.insertInto('leader_portfolios').values(p.portfolio.map((k) => ({ person_id: row.id, unit_id: unitIds.get(k)! }))).execute();
    }
    for (const a of DEMO_ACCOUNTS) {
      const row = await trx
        .insertInto('users')
        .values({
          username: a.username,
          display_name: a.displayName,
          password_hash: passwordHash,
          person_id: a.person ? personIds.get(a.person)! : null,
          unit_id: a.unit ? unitIds.get(a.unit)! : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('user_roles')
        .values(a.roles.map((r) => ({ user_id: row.id, role: r.role, unit_id: r.unit ? unitIds.get(r.unit)! : null })))
        .execute();
    }
    await trx.insertInto('settings').values({ key: 'demo_seeded', value: JSON.stringify({ at: new Date().toISOString() }) }).execute();
    await recordAudit(trx, actor, {
      action: 'seed',
      entity: 'system',
      entityId: 'demo',
      summary: `载入演示数据：${DEMO_UNITS.length} 个单位、${DEMO_PEOPLE.length} 名人员、${DEMO_ACCOUNTS.length} 个账号`,
    });
  });
  await sql`analyze`.execute(db);
  return { seeded: true, unitIds };
}
