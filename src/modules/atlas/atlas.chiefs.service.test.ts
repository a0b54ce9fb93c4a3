import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { addChiefItem, changeChiefItem, chiefWorkbook, getChief, removeChiefItem, updateChiefHead } from './atlas.chiefs.service.ts';

let h: DatabaseHandle;
let fgw: ServiceContext;
let swj: ServiceContext;
let admin: ServiceContext;
/** A unit editor of a unit in 北京 (110000): the keeper of another region's records. */
let beijing: ServiceContext;
let nev: string;
let hydrogen: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  fgw = await contextAs(h, 'fgw');
  swj = await contextAs(h, 'swj');
  admin = await contextAs(h, 'admin');
  const unit = await h.db.insertInto('units').values({ name: '北京市示例经济和信息化局', region_code: '110000', kind: 'bureau' }).returning('id').executeTakeFirstOrThrow();
  beijing = { db: h.db, actor: { ...fgw.actor, roles: [{ role: 'unit_editor', unitId: unit.id }], unitId: unit.id, personId: null, editableUnitIds: new Set([unit.id]), viewableUnitIds: new Set([unit.id]) } };
  const chains = await h.db.selectFrom('atlas_chains').select(['id', 'key']).where('region_code', '=', '000000').execute();
  nev = chains.find((c) => c.key === 'demo-nev')!.id;
  hydrogen = chains.find((c) => c.key === 'demo-hydrogen')!.id;
}, 240_000);
afterAll(async () => h?.close());

async function refused(work: Promise<unknown>, kind: new (...args: never[]) => Error = ValidationError): Promise<string[]> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  return error instanceof ValidationError ? error.details.map((d) => d.field) : [];
}

describe('the demo records', () => {
  it('shows 天津’s 链长制 of the 新能源汽车 and 氢能 chains with every list filled, read-only to a viewer', async () => {
    for (const id of [nev, hydrogen]) {
      const r = await getChief(swj, id);
      expect(r.regionCode).toBe('120000');
      expect(r.chief?.name).toBeTruthy();
      expect(r.workingGroup.length).toBeGreaterThan(0);
      for (const list of ['leading', 'project', 'gap', 'technology', 'policy']) expect(r.items.filter((i) => i.list === list).length, `${id} ${list}`).toBeGreaterThan(0);
      expect(r.canEdit).toBe(false);
    }
    const r = await getChief(fgw, nev);
    expect(r.canEdit).toBe(true);
    expect(r.chief).toMatchObject({ name: '张样例' });
    expect(r.chief!.personId).toMatch(/^[0-9a-f-]{36}$/);
    // 链主企业 are demo enterprises of the directory; the technology names the chain's 卡点; the lithium gap is a 堵点.
    const leading = r.items.filter((i) => i.list === 'leading');
    expect(leading.every((i) => i.enterpriseName === i.name && i.uscc)).toBe(true);
    expect(r.items.find((i) => i.list === 'technology')!.chokepoint).toContain('SiC');
    expect(r.gapSegments.map((g) => g.key)).toContain('materials.lithium');
    expect(r.items.find((i) => i.segmentKey === 'materials.lithium')!.isGap).toBe(true);
  });
});

describe('keeping the lists', () => {
  it('adds, changes and deletes a key project, with who and when, and audit entries', async () => {
    const before = (await getChief(fgw, nev)).items.length;
    const added = await addChiefItem(fgw, nev, undefined, { list: 'project', name: '测试电驱动系统项目', amount: 25000.5, stage: 'signed', segmentKey: 'drive.motor', asOf: '2026-11-01' });
    const item = added.items.find((i) => i.name === '测试电驱动系统项目')!;
    expect(added.items).toHaveLength(before + 1);
    expect(item).toMatchObject({ amount: 25000.5, stage: 'signed', status: 'on_track', segmentName: '驱动电机', asOf: '2026-11-01', updatedBy: fgw.actor.name });
    const changed = await changeChiefItem(fgw, nev, '120000', item.id, { status: 'delayed', note: '征地延后' });
    expect(changed.items.find((i) => i.id === item.id)).toMatchObject({ status: 'delayed', statusName: { zh: '滞后' }, note: '征地延后', amount: 25000.5 });
    const removed = await removeChiefItem(fgw, nev, undefined, item.id);
    expect(removed.items).toHaveLength(before);
    const audit = await h.db.selectFrom('audit_log').select('action').where('entity', '=', 'chain_chief_item').where('entity_id', '=', item.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('names each wrong field and saves nothing', async () => {
    const before = (await getChief(fgw, nev)).items.length;
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'project', name: '测试', amount: -5, stage: 'dreaming', segmentKey: 'no.such' }))).toEqual(['segmentKey', 'amount', 'stage']);
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'leading', name: '测试企业', uscc: '123' }))).toEqual(['uscc']);
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'gap', name: '测试补链' }))).toEqual(['segmentKey']);
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'policy', name: '测试政策', issuedOn: '2026-02-30', link: 'ftp://x' }))).toEqual(['issuedOn', 'issuer', 'link']);
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'technology', name: '测试技术', chokepointId: '00000000-0000-4000-8000-000000000000' }))).toEqual(['chokepointId']);
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'wishes', name: '测试' }))).toEqual(['list']);
    const item = (await getChief(fgw, nev)).items.find((i) => i.list === 'project')!;
    expect(await refused(changeChiefItem(fgw, nev, undefined, item.id, { amount: -1 }))).toEqual(['amount']);
    expect(await refused(updateChiefHead(fgw, nev, undefined, { chief: { personId: '00000000-0000-4000-8000-000000000000' }, workingGroup: [{ unit: ' ' }] }))).toEqual(['chief.personId', 'workingGroup[0].unit']);
    const after = await getChief(fgw, nev);
    expect(after.items).toHaveLength(before);
    expect(after.items.find((i) => i.id === item.id)!.amount).toBe(item.amount);
    expect(after.chief?.name).toBe('张样例');
  });

  it('says what is wrong by the field’s label (截至日期, 统一社会信用代码, 链接), in either language, never by the API’s key', async () => {
    const messageOf = async (work: Promise<unknown>) => (await work.then(() => null, (e: unknown) => e)) as ValidationError;
    const asOf = await messageOf(addChiefItem(fgw, nev, undefined, { list: 'leading', name: '测试企业', uscc: '123', asOf: '2026-13-01' }));
    expect(asOf.message).toMatch(/^链主企业事项有误，未保存：统一社会信用代码「123」.*；截至日期「2026-13-01」应为 YYYY-MM-DD \/ /);
    expect(asOf.message).toContain(' / the leading enterprises item was not saved: the USCC "123"');
    expect(asOf.message).toContain('; the as-of date "2026-13-01" must be YYYY-MM-DD');
    expect(asOf.message).not.toMatch(/\b(asOf|uscc)\b/);
    const link = await messageOf(addChiefItem(fgw, nev, undefined, { list: 'policy', name: '测试政策', issuer: '某局', link: 'ftp://x', note: '长'.repeat(501) }));
    expect(link.message.split(' / ')[0]).toBe('政策清单事项有误，未保存：链接应以 http:// 或 https:// 开头；备注不超过 500 字');
    expect(link.message.split(' / ').slice(1).join(' / ')).toBe('the policies item was not saved: the link must start with http:// or https://; the note is at most 500 characters');
    const head = await messageOf(updateChiefHead(fgw, nev, undefined, { deputies: [{ name: '副' }, { name: ' ' }], workingGroup: [{ unit: ' ' }] }));
    expect(head.message.split(' / ')[0]).toBe('链长制信息有误，未保存：副链长第 2 行：请填写姓名或选择人员；工作专班第 1 行：请填写成员单位');
    expect(head.details.map((d) => d.field)).toEqual(['deputies[1].name', 'workingGroup[0].unit']);
  });

  it('refuses an item its list already has (the same 链主企业 USCC, or the same name), and saves nothing', async () => {
    const r = await getChief(fgw, nev);
    const leader = r.items.find((i) => i.list === 'leading')!;
    const count = r.items.length;
    // The same enterprise under another spelling of its name: the USCC gives it away.
    const byUscc = await addChiefItem(fgw, nev, undefined, { list: 'leading', name: `${leader.name}（重复）`, uscc: leader.uscc!.toLowerCase(), role: '链主' }).then(() => null, (e: unknown) => e as ValidationError);
    expect(byUscc).toBeInstanceOf(ValidationError);
    expect(byUscc!.details.map((d) => d.field)).toEqual(['uscc']);
    expect(byUscc!.message.split(' / ')[0]).toBe(`链主企业事项未保存：链主企业清单中已有统一社会信用代码为「${leader.uscc}」的「${leader.name}」，不能重复添加`);
    // The same name (spacing aside) on the same list; another list may name it.
    const gap = r.items.find((i) => i.list === 'gap')!;
    expect(await refused(addChiefItem(fgw, nev, undefined, { list: 'gap', name: ` ${gap.name} `, segmentKey: gap.segmentKey }))).toEqual(['name']);
    expect((await getChief(fgw, nev)).items).toHaveLength(count);
    // Renaming an item to another's name is a repeat too; changing its own fields is not.
    const project = r.items.filter((i) => i.list === 'project');
    expect(await refused(changeChiefItem(fgw, nev, undefined, project[0]!.id, { name: project[1]!.name }))).toEqual(['name']);
    const changed = await changeChiefItem(fgw, nev, undefined, leader.id, { role: '链主（复核）' });
    expect(changed.items.find((i) => i.id === leader.id)!.role).toBe('链主（复核）');
    await changeChiefItem(fgw, nev, undefined, leader.id, { role: leader.role });
  });

  it('sets the head: a chief from the people directory, a named deputy, the office and the working group', async () => {
    const person = await h.db.selectFrom('people').select(['id', 'name', 'title']).where('name', '=', '李演示').executeTakeFirstOrThrow();
    const r = await updateChiefHead(fgw, hydrogen, undefined, {
      chief: { personId: person.id },
      deputies: [{ name: '测试副链长', title: '局长' }],
      officeName: '测试链长办',
      workingGroup: [{ unit: '市科技局', person: '测试', role: '攻关' }],
    });
    expect(r.chief).toEqual({ personId: person.id, name: '李演示', title: person.title });
    expect(r.deputies).toEqual([{ personId: null, name: '测试副链长', title: '局长' }]);
    expect(r.officeName).toBe('测试链长办');
    expect(r.workingGroup).toEqual([{ unit: '市科技局', person: '测试', role: '攻关' }]);
    expect(r.updatedBy).toBe(fgw.actor.name);
  });
});

describe('who keeps a record', () => {
  it('lets only the region’s keepers (and administrators) edit it', async () => {
    const item = (await getChief(fgw, nev)).items[0]!;
    await refused(addChiefItem(beijing, nev, '120000', { list: 'gap', name: '北京改天津', segmentKey: 'materials.anode' }), ForbiddenError);
    await refused(changeChiefItem(beijing, nev, '120000', item.id, { note: '北京改' }), ForbiddenError);
    await refused(removeChiefItem(beijing, nev, '120000', item.id), ForbiddenError);
    await refused(updateChiefHead(beijing, nev, '120000', { officeName: '北京' }), ForbiddenError);
    await refused(addChiefItem(swj, nev, undefined, { list: 'gap', name: '浏览者', segmentKey: 'materials.anode' }), ForbiddenError);
    await refused(addChiefItem(fgw, nev, '110000', { list: 'gap', name: '天津改北京', segmentKey: 'materials.anode' }), ForbiddenError);
    // 北京's keeper reads 天津's record, and keeps its own.
    expect((await getChief(beijing, nev, { region: '120000' })).canEdit).toBe(false);
    const own = await addChiefItem(beijing, nev, undefined, { list: 'gap', name: '北京补负极', segmentKey: 'materials.anode' });
    expect(own.regionCode).toBe('110000');
    expect(own.items.map((i) => i.name)).toEqual(['北京补负极']);
    expect(own.regions.map((r) => r.code)).toEqual(['110000', '120000']);
    expect((await getChief(fgw, nev)).items.some((i) => i.name === '北京补负极')).toBe(false);
    // An item is found in its region only: 天津's item under 北京's record is not there.
    await refused(changeChiefItem(beijing, nev, undefined, item.id, { note: 'x' }), NotFoundError);
    // An administrator of no unit (no region of its own) names the region whose record it changes.
    const unplaced: ServiceContext = { db: h.db, actor: { ...admin.actor, unitId: null, personId: null } };
    expect(await refused(addChiefItem(unplaced, nev, undefined, { list: 'policy', name: '管理员补录政策', issuer: '测试' }))).toEqual(['region']);
    const byAdmin = await addChiefItem(admin, nev, '120000', { list: 'policy', name: '管理员补录政策', issuer: '测试' });
    expect(byAdmin.items.some((i) => i.name === '管理员补录政策')).toBe(true);
    await refused(getChief(swj, nev, { region: '12' }));
  });
});

describe('the workbook', () => {
  it('has 链长制, one sheet per list, 台账 and 图谱 with the record’s rows', async () => {
    const r = await getChief(swj, hydrogen);
    const file = await chiefWorkbook(swj, hydrogen);
    expect(file.fileName).toBe('demo-hydrogen-120000-链长制.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.buffer as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['链长制', '链主企业清单', '重点项目清单', '补链清单', '技术攻关清单', '政策清单', '台账', '图谱']);
    const rows = (name: string) => book.getWorksheet(name)!.getSheetValues().filter(Boolean).map((row) => (row as unknown[]).slice(1));
    expect(rows('链长制')[1]).toEqual(['链长', `${r.chief!.name}（${r.chief!.title}）`]);
    expect(rows('链长制').some((row) => row[1] === r.workingGroup[0]!.unit)).toBe(true);
    const projects = r.items.filter((i) => i.list === 'project');
    expect(rows('重点项目清单')).toHaveLength(projects.length + 1);
    expect(rows('重点项目清单')[1]!.slice(1, 4)).toEqual([projects[0]!.name, projects[0]!.amount, projects[0]!.stageName!.zh]);
    expect(rows('台账')).toHaveLength(r.items.length + 1);
    expect(rows('台账').slice(1).map((row) => row[2])).toEqual(expect.arrayContaining(r.items.map((i) => i.name)));
    const atlas = rows('图谱');
    expect(atlas).toHaveLength(r.segments.length + 1);
    // Stages in order, segments with the region's enterprise counts, and the gap on 质子交换膜 touching its segment and its parent.
    const stages = atlas.slice(1).map((row) => row[0]);
    expect(stages.indexOf('下游')).toBeGreaterThan(stages.lastIndexOf('上游'));
    const membrane = atlas.find((row) => String(row[1]).trim() === '质子交换膜')!;
    expect(membrane[6]).toBe(1);
    expect(String(membrane[8])).toContain('质子交换膜本地配套');
    const fuelcell = atlas.find((row) => row[1] === '燃料电池')!;
    expect(Number(fuelcell[3])).toBeGreaterThan(0);
    // Every count carries its as-of date, its newest link's (the demo's links are as of 2026-06-30 or 2026-09-30).
    expect(atlas[0]!.at(-1)).toBe('截至日期');
    expect(new Set(atlas.slice(1).map((row) => row[9]))).toEqual(new Set(['2026-06-30', '2026-09-30']));
    expect(Number(fuelcell[6])).toBeGreaterThanOrEqual(1);
  });
});
