import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { chainGaps } from './atlas.analysis.service.ts';
import { addEnterprise, testUscc } from './atlas.analysis.test-helpers.ts';
import { importMemberFile } from './atlas.intermediaries.file.ts';
import type { IntermediaryBody } from './atlas.intermediaries.schema.ts';
import {
  addMember,
  chainGapChannels,
  createIntermediary,
  deleteIntermediary,
  getIntermediary,
  listIntermediaries,
  membershipsOf,
  removeMember,
  updateIntermediary,
  updateMember,
} from './atlas.intermediaries.service.ts';
import { withCheckChar } from './atlas.uscc.domain.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let swj: ServiceContext;
let hydrogen: string;
let robotics: string;
let binhaiCluster: string;
/** Enterprises in the directory: one in 天津, one in 上海 (another region, another shard on Citus). */
let tianjin: { id: string; uscc: string };
let shanghai: { id: string; uscc: string };

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  swj = await contextAs(h, 'swj');
  const chains = await h.db.selectFrom('atlas_chains').select(['id', 'key']).where('region_code', '=', '000000').execute();
  hydrogen = chains.find((c) => c.key === 'demo-hydrogen')!.id;
  robotics = chains.find((c) => c.key === 'demo-robotics')!.id;
  binhaiCluster = (await h.db.selectFrom('atlas_clusters').select('id').where('region_code', '=', '120000').where('name', '=', '天津滨海新区氢能产业集群').executeTakeFirstOrThrow()).id;
  tianjin = await addEnterprise(h.db, { region: '120116', name: '测试会员滨海示例有限公司', links: [] });
  shanghai = await addEnterprise(h.db, { region: '310000', name: '测试会员上海示例有限公司', links: [] });
}, 240_000);
afterAll(async () => h?.close());

const body = (over: Partial<IntermediaryBody> = {}): IntermediaryBody => ({ name: '测试储能产业联盟（示例）', kind: 'alliance', regionCode: '120000', chainIds: [hydrogen], ...over });

async function problems(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).details.map((d) => `${d.field}${d.row === undefined ? '' : `@${d.row}`}: ${d.message}`);
}
const count = async () => (await listIntermediaries(swj)).length;

describe('demo intermediaries', () => {
  it('lists the six demo intermediaries with their chains, clusters and members, filtered by chain, cluster, kind and region', async () => {
    const all = await listIntermediaries(swj);
    expect(all.filter((i) => i.name.endsWith('（示例）'))).toHaveLength(6);
    expect(all.every((i) => i.memberCount > 0 && !i.canEdit)).toBe(true);
    const alliance = all.find((i) => i.name === '天津市氢能产业联盟（示例）')!;
    expect(alliance.kindName.zh).toBe('产业联盟');
    expect(alliance.uscc).toMatch(/^51120000/);
    expect(alliance.clusters.map((c) => c.name)).toEqual(['天津滨海新区氢能产业集群']);
    expect((await listIntermediaries(swj, { chain: hydrogen })).map((i) => i.name).sort()).toEqual(['京津冀—长三角氢能协同创新联盟（示例）', '天津市氢能产业联盟（示例）']);
    // The 雄安 platform names no chain: it serves the robot chain through its cluster.
    expect((await listIntermediaries(swj, { chain: robotics })).map((i) => i.name)).toContain('雄安新区机器人产业公共服务平台（示例）');
    expect((await listIntermediaries(swj, { cluster: binhaiCluster })).map((i) => i.name)).toEqual(['天津市氢能产业联盟（示例）']);
    expect((await listIntermediaries(swj, { kind: 'association' })).map((i) => i.regionCode).sort()).toEqual(['110108', '440000']);
    // 110000 takes in 海淀 (110108).
    expect((await listIntermediaries(swj, { region: '110000' })).map((i) => i.name).sort()).toEqual(['中关村集成电路设计产业协会（示例）', '京津冀—长三角氢能协同创新联盟（示例）']);
    const detail = await getIntermediary(swj, alliance.id);
    expect(detail.members[0]!.role).toBe('president');
    expect(detail.members.every((m) => m.enterprise?.regionCode.startsWith('12'))).toBe(true);
  });

  it('routes the hydrogen chain’s 堵点 through the cross-regional alliance whose members are the gaps’ candidates', async () => {
    const gaps = await chainGaps(swj, hydrogen, {});
    const channels = await chainGapChannels(swj, hydrogen, {});
    expect(channels.gaps.map((g) => g.segmentKey)).toEqual(gaps.gaps.map((g) => g.segment.key));
    const routed = channels.gaps.filter((g) => g.channels.length > 0);
    expect(routed.length).toBeGreaterThan(0);
    for (const g of routed) {
      const candidates = new Set(gaps.gaps.find((x) => x.segment.key === g.segmentKey)!.candidates.map((c) => c.uscc));
      for (const c of g.channels) for (const m of c.members) expect(candidates.has(m.uscc), `${c.intermediary.name} ${m.name}`).toBe(true);
    }
    expect(routed.flatMap((g) => g.channels.map((c) => c.intermediary.name))).toContain('京津冀—长三角氢能协同创新联盟（示例）');
  });
});

describe('keeping intermediaries', () => {
  let id: string;

  it('lets only the atlas’s keepers create, edit and delete, and reads for everyone signed in', async () => {
    await expect(createIntermediary(swj, body())).rejects.toBeInstanceOf(ForbiddenError);
    const created = await createIntermediary(fgw, body({ uscc: withCheckChar('51120000MJ0T00001'), contact: '秘书处（示例）', website: 'https://example.org', clusterIds: [binhaiCluster] }));
    id = created.id;
    expect(created).toMatchObject({ name: '测试储能产业联盟（示例）', regionName: expect.any(String), canEdit: true, memberCount: 0, chains: [{ id: hydrogen }], clusters: [{ id: binhaiCluster, name: '天津滨海新区氢能产业集群' }] });
    expect((await getIntermediary(swj, id)).canEdit).toBe(false);
    await expect(updateIntermediary(swj, id, body({ name: '改名' }))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(addMember(swj, id, { uscc: tianjin.uscc })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteIntermediary(swj, id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getIntermediary(swj, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('names every wrong field and saves nothing', async () => {
    const before = await count();
    const found = await problems(
      createIntermediary(fgw, body({ name: ' ', regionCode: '12000', uscc: '51120000MJ0T000010', website: 'example.org', chainIds: ['00000000-0000-4000-8000-000000000000'], clusterIds: ['nope'] })),
    );
    expect(found).toEqual([
      'name: 请填写名称 / name the intermediary',
      'regionCode: 地区代码「12000」应为 6 位行政区划代码 / region code "12000" must be a 6-digit GB/T 2260 code',
      expect.stringMatching(/^uscc: 统一社会信用代码「51120000MJ0T000010」校验位应为 .，实为 0/),
      'website: 网址「example.org」应以 http:// 或 https:// 开头 / the website "example.org" must start with http:// or https://',
      'chainIds[0]: 产业链「00000000-0000-4000-8000-000000000000」不存在 / unknown chain "00000000-0000-4000-8000-000000000000"',
      'clusterIds[0]: 产业集群「nope」不存在 / unknown cluster "nope"',
    ]);
    expect(await problems(createIntermediary(fgw, body()))).toEqual(['name: 该地区已有名为「测试储能产业联盟（示例）」的中介组织 / the region already has an intermediary named "测试储能产业联盟（示例）"']);
    // A social organisation's code (5…) is a USCC like any other, and national: another region cannot reuse it.
    expect(await problems(createIntermediary(fgw, body({ name: '另一个联盟（示例）', regionCode: '110000', uscc: withCheckChar('51120000MJ0T00001') })))).toEqual([
      expect.stringContaining('已属于「测试储能产业联盟（示例）」'),
    ]);
    expect(await count()).toBe(before);
  });

  it('adds members by USCC from any region, refuses an unknown or invalid code, and lists each enterprise’s memberships', async () => {
    await addMember(fgw, id, { uscc: tianjin.uscc.toLowerCase(), role: 'president', since: '2024-03-01' });
    const detail = await addMember(fgw, id, { uscc: ` ${shanghai.uscc} ` });
    expect(detail.members.map((m) => [m.enterprise?.name, m.enterprise?.regionCode, m.role, m.since])).toEqual([
      ['测试会员滨海示例有限公司', '120116', 'president', '2024-03-01'],
      ['测试会员上海示例有限公司', '310000', 'member', null],
    ]);
    const unknown = testUscc('320500');
    expect(await problems(addMember(fgw, id, { uscc: unknown }))).toEqual([`uscc: 企业名录中没有统一社会信用代码为「${unknown}」的企业，请先导入该企业 / no enterprise in the directory has the USCC "${unknown}"; import it first`]);
    expect((await problems(addMember(fgw, id, { uscc: 'ABC' })))[0]).toContain('应为 18 位');
    expect((await problems(addMember(fgw, id, { uscc: shanghai.uscc, since: '2024-02-30' })))[0]).toContain('入会日期「2024-02-30」应为 YYYY-MM-DD');
    expect((await getIntermediary(fgw, id)).members).toHaveLength(2);
    const memberships = await membershipsOf(swj, shanghai.uscc);
    expect(memberships.map((m) => [m.intermediary.name, m.intermediary.regionCode, m.roleName.zh])).toEqual([['测试储能产业联盟（示例）', '120000', '会员']]);
    // Adding a member again never changes its role: it is refused, naming the role it has; editing it changes it.
    const again = await addMember(fgw, id, { uscc: tianjin.uscc }).then(() => null, (e: unknown) => e as ConflictError);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again!.message).toBe('「测试会员滨海示例有限公司」已是会员（会长），未添加；如需更改职务或入会时间请编辑 / "测试会员滨海示例有限公司" is already a member (president); nothing was added. To change the role or date, edit the member');
    expect(again!.details).toEqual([{ field: 'uscc', message: '已是会员（会长）；如需更改职务请编辑 / already a member (president); edit it to change the role' }]);
    expect((await getIntermediary(fgw, id)).members.find((m) => m.uscc === tianjin.uscc)).toMatchObject({ role: 'president', since: '2024-03-01' });
    const changed = await updateMember(fgw, id, shanghai.uscc.toLowerCase(), { role: 'director', since: '2025-01-15' });
    expect(changed.members.find((m) => m.uscc === shanghai.uscc)).toMatchObject({ role: 'director', since: '2025-01-15' });
    expect((await updateMember(fgw, id, shanghai.uscc, { role: 'vice_president' })).members.find((m) => m.uscc === shanghai.uscc)).toMatchObject({ role: 'vice_president', since: '2025-01-15' });
    expect(await problems(updateMember(fgw, id, shanghai.uscc, { since: '2025-02-30' }))).toEqual(['since: 入会时间「2025-02-30」应为 YYYY-MM-DD / the date joined "2025-02-30" must be YYYY-MM-DD']);
    await expect(updateMember(fgw, id, testUscc('320500'), { role: 'director' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateMember(swj, id, shanghai.uscc, { role: 'member' })).rejects.toBeInstanceOf(ForbiddenError);
    await updateMember(fgw, id, shanghai.uscc, { role: 'director' });
  });

  it('moves to another region with its members', async () => {
    const moved = await updateIntermediary(fgw, id, body({ regionCode: '110000', clusterIds: [binhaiCluster] }));
    expect(moved.regionCode).toBe('110000');
    expect(moved.members.map((m) => m.enterprise?.name)).toEqual(['测试会员滨海示例有限公司', '测试会员上海示例有限公司']);
    expect((await membershipsOf(swj, tianjin.uscc)).map((m) => m.intermediary.regionCode)).toEqual(['110000']);
  });

  it('imports members from CSV and xlsx all or nothing, naming each bad row', async () => {
    const extra = await addEnterprise(h.db, { region: '440300', name: '测试会员深圳示例有限公司', links: [] });
    const unknown = testUscc('330100');
    const bad = ['企业名称,统一社会信用代码,职务,入会时间', `深圳,${extra.uscc},副理事长,2025-01-01`, `未知,${unknown},会员,`, `深圳重复,${extra.uscc},秘书,`, `错码,91440300MA0000000X,理事,2025-13-01`].join('\n');
    const found = await problems(importMemberFile(fgw, id, { bytes: new TextEncoder().encode(bad), fileName: '会员.csv' }, {}));
    expect(found).toEqual([
      `uscc@3: 第 3 行：企业名录中没有统一社会信用代码为「${unknown}」的企业，请先导入该企业 / row 3: no enterprise in the directory has the USCC "${unknown}"; import it first`,
      expect.stringMatching(/^role@4: 第 4 行：职务「秘书」无法识别/),
      `uscc@4: 第 4 行：统一社会信用代码「${extra.uscc}」与第 2 行重复 / row 4: the USCC "${extra.uscc}" repeats row 2`,
      expect.stringMatching(/^uscc@5: 第 5 行：统一社会信用代码「91440300MA0000000X」校验位应为 ., 实为 X|^uscc@5: 第 5 行：统一社会信用代码「91440300MA0000000X」校验位/),
      'since@5: 第 5 行：入会日期「2025-13-01」应为 YYYY-MM-DD / row 5: the date joined "2025-13-01" must be YYYY-MM-DD',
    ]);
    expect((await getIntermediary(fgw, id)).members).toHaveLength(2);
    expect(await problems(importMemberFile(fgw, id, { bytes: new TextEncoder().encode('名称,职务\n甲,会员\n'), fileName: 'm.csv' }, {}))).toEqual([expect.stringContaining('没有「统一社会信用代码」列')]);
    await expect(importMemberFile(swj, id, { bytes: new TextEncoder().encode(bad), fileName: '会员.csv' }, {})).rejects.toBeInstanceOf(ForbiddenError);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('会员');
    sheet.addRow(['统一社会信用代码', '职务', '入会时间']);
    sheet.addRow([extra.uscc, '副理事长', '2025-01-01']);
    sheet.addRow([shanghai.uscc, '常务理事', '']);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    expect(await importMemberFile(fgw, id, { bytes, fileName: '会员.xlsx' }, { dryRun: true })).toEqual({ dryRun: true, rows: 2, added: 1, updated: 1 });
    expect((await getIntermediary(fgw, id)).members).toHaveLength(2);
    expect(await importMemberFile(fgw, id, { bytes, fileName: '会员.xlsx' }, {})).toEqual({ dryRun: false, rows: 2, added: 1, updated: 1 });
    const members = (await getIntermediary(fgw, id)).members;
    expect(members.map((m) => [m.enterprise?.regionCode, m.role])).toEqual([
      ['120116', 'president'],
      ['440300', 'vice_president'],
      ['310000', 'director'],
    ]);
  });

  it('shows as a 对接渠道 of a gap only while it serves the chain and has the gap’s candidates among its members', async () => {
    const gaps = await chainGaps(fgw, hydrogen, {});
    const gap = gaps.gaps.find((g) => g.candidates.some((c) => c.uscc))!;
    const candidate = gap.candidates.find((c) => c.uscc)!;
    const own = await createIntermediary(fgw, body({ name: '测试对接渠道服务机构（示例）', kind: 'service', regionCode: '120116', chainIds: [robotics] }));
    await addMember(fgw, own.id, { uscc: candidate.uscc!, role: 'member' });
    const channelsOf = async () => (await chainGapChannels(fgw, hydrogen, {})).gaps.find((g) => g.segmentKey === gap.segment.key)!.channels.filter((c) => c.intermediary.id === own.id);
    expect(await channelsOf()).toEqual([]);
    // Serving the hydrogen cluster (and so its chain) makes it a channel for the candidate.
    await updateIntermediary(fgw, own.id, body({ name: '测试对接渠道服务机构（示例）', kind: 'service', regionCode: '120116', chainIds: [robotics], clusterIds: [binhaiCluster] }));
    expect(await channelsOf()).toEqual([
      { intermediary: expect.objectContaining({ name: '测试对接渠道服务机构（示例）', kindName: { zh: '中介服务机构', en: 'Service organisation' } }), members: [{ uscc: candidate.uscc, name: candidate.name, role: 'member', roleName: { zh: '会员', en: 'Member' } }] },
    ]);
    await removeMember(fgw, own.id, candidate.uscc!);
    expect(await channelsOf()).toEqual([]);
    await expect(removeMember(fgw, own.id, candidate.uscc!)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes an intermediary with its member list; the enterprises stay', async () => {
    await deleteIntermediary(fgw, id);
    await expect(getIntermediary(fgw, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await membershipsOf(swj, shanghai.uscc)).toEqual([]);
    expect(await h.db.selectFrom('atlas_enterprises').select('id').where('region_code', '=', '310000').where('id', '=', shanghai.id).executeTakeFirst()).toBeDefined();
  });
});
