import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { NotFoundError } from '../../lib/errors.ts';
import * as plans from './ledger.plans.service.ts';
import * as tasks from './ledger.tasks.service.ts';
import * as importer from './ledger.import.service.ts';
import { exportPlanXlsx } from './ledger.export.service.ts';
import { exportPlanDocx } from './ledger.docx.service.ts';
import * as org from '../org/org.service.ts';
import { parseDocumentText } from '../documents/documents.parse.domain.ts';

const EXAMPLE = new URL('../../../test/fixtures/real/plans/task-division-example.xlsx', import.meta.url).pathname;
const bytes = () => new Uint8Array(fs.readFileSync(EXAMPLE));

let h: DatabaseHandle;
let duban: ServiceContext;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
});
afterAll(async () => h?.close());

const count = async (table: 'tasks' | 'plans') => Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('task assignment', () => {
  it('creates tasks from nodes and understands deadlines, leaders and unit abbreviations', async () => {
    const plan = await plans.createPlan(duban, {
      title: '关于推动产业链高质量发展的实施意见',
      planType: 'opinion',
      regionCode: '120000',
      issuedOn: '2024-03-01',
      nodes: [{ kind: 'part', marker: '一、', heading: '重点任务', text: '', children: [{ kind: 'item', marker: '（一）', heading: '绘制重点产业链图谱', text: '梳理链上企业。', children: [] }] }],
    });
    const { tree } = await plans.getPlan(duban, plan.id);
    const {
      ids: [taskId],
    } = await tasks.createTasksFromNodes(duban, plan.id, [{ nodeKeys: [tree[0].children[0].key] }]);
    const updated = await tasks.updateTask(duban, taskId, {
      deadlineText: '2024年9月底前完成，长期坚持',
      leaders: [{ rawName: '张样例副市长' }],
      leadUnit: { rawName: '市发改委' },
      coUnits: [{ rawName: '市工信局' }, { rawName: '市新设机构' }],
      indicators: [{ name: '图谱覆盖产业链', unitOfMeasure: '条', baseline: 3, target: 12, targetDate: '2024-12-31' }],
    });
    expect(updated.title).toContain('绘制重点产业链图谱');
    expect(updated.group_path).toEqual(['一、重点任务']);
    expect(updated).toMatchObject({ due_date: '2024-09-30', ongoing: true, task_kind: 'phased', version: 2 });
    expect(updated.leaders[0]).toMatchObject({ raw_name: '张样例副市长', person_name: '张样例' });
    expect(updated.leadUnit).toMatchObject({ unit_short_name: '市发展改革委' });
    expect(updated.coUnits.map((u) => u.unit_short_name ?? `?${u.raw_name}`)).toEqual(['市工业和信息化局', '?市新设机构']);
    expect(updated.unresolved).toBe(true);
    expect(updated.indicators[0]).toMatchObject({ name: '图谱覆盖产业链', baseline: 3, target: 12 });

    const unresolved = await tasks.listUnresolvedNames(duban, plan.id);
    expect(unresolved.units.map((u) => u.rawName)).toEqual(['市新设机构']);
    const unit = await org.createUnit(await contextAs(h, 'admin'), { regionCode: '120000', parentId: null, name: '天津市产业链服务中心', kind: 'office' });
    // A supervisor may not change units, so may not teach one a new name either; the resolution alone is allowed.
    await expect(tasks.resolveName(duban, plan.id, { kind: 'unit', rawName: '市新设机构', targetId: unit.id, remember: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await tasks.listTasks(duban, plan.id)).tasks[0].unresolved).toBe(true);
    await tasks.resolveName(duban, plan.id, { kind: 'unit', rawName: '市新设机构', targetId: unit.id });
    const after = (await tasks.listTasks(duban, plan.id)).tasks[0];
    expect(after.unresolved).toBe(false);
    expect((await org.getUnit(duban, unit.id)).aliases).not.toContain('市新设机构');
    await expect(tasks.updateTask(duban, taskId, { note: 'x', version: 1 })).rejects.toThrow(/changed by someone else/);
    // Another unit's editor is not shown the draft plan's tasks at all.
    await expect(tasks.updateTask(await contextAs(h, 'fgw'), taskId, { note: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("the plans list's 更新时间", () => {
  it("moves when the plan's tasks are added, edited, assigned, imported or deleted", async () => {
    const plan = await plans.createPlan(duban, { title: '更新时间测试方案', planType: 'plan', regionCode: '120000' });
    // Set the plan's time far back before each change, so the check does not depend on the clock's resolution.
    const OLD = '2020-01-01T00:00:00.000Z';
    const listed = async () => (await plans.listPlans(duban, { q: '更新时间测试方案' })).find((p) => p.id === plan.id)!;
    const movesOn = async (change: () => Promise<unknown>) => {
      await h.db.updateTable('plans').set({ updated_at: new Date(OLD) }).where('id', '=', plan.id).execute();
      expect(new Date((await listed()).updated_at).toISOString()).toBe(OLD);
      await change();
      return new Date((await listed()).updated_at).getTime() > new Date(OLD).getTime();
    };
    let taskId = '';
    expect(await movesOn(async () => ([taskId] = await tasks.addTasks(duban, plan.id, [{ title: '建立工作台账', coUnits: [{ rawName: '市未知局' }] }])))).toBe(true);
    expect(await movesOn(() => tasks.updateTask(duban, taskId, { note: '按月报送' }))).toBe(true);
    const unit = (await org.listUnits(duban, {})).units[0];
    expect(await movesOn(() => tasks.resolveName(duban, plan.id, { kind: 'unit', rawName: '市未知局', targetId: unit.id }))).toBe(true);
    expect(await movesOn(() => importer.importTaskTable(duban, bytes(), 'example.xlsx', { planId: plan.id, mode: 'append' }))).toBe(true);
    expect(await movesOn(() => tasks.deleteTask(duban, taskId))).toBe(true);
  });
});

describe('the demo plan', () => {
  it('ships with every written name matched: 各区人民政府 stands for every district government', async () => {
    // The ledger's demo decision (the tracking module's demo plan is issued too).
    const [demo] = (await plans.listPlans(duban)).filter((p) => p.status === 'issued' && p.title.includes('决定'));
    expect(await tasks.listUnresolvedNames(duban, demo.id)).toEqual({ units: [], leaders: [] });
    const withDistricts = (await tasks.listTasks(duban, demo.id)).tasks.find((t) => t.seq === '4')!;
    expect(withDistricts.coUnits.map((u) => u.unit_short_name)).toContain('滨海新区政府');
  });
});

describe('tasks from nodes', () => {
  const SANXIANG = new URL('../../../test/fixtures/real/documents/guobanfa_xingzheng-zhifa-sanxiang-zhidu_zhidao-yijian_2018.md', import.meta.url).pathname;
  const imported = async () => {
    const text = fs.readFileSync(SANXIANG, 'utf8');
    const plan = await plans.createPlanFromDocument(duban, parseDocumentText(text, { fileName: 'sanxiang.md' }), { regionCode: '120000', sourceName: 'sanxiang.md', sourceText: text });
    return { plan, tree: (await plans.getPlan(duban, plan.id)).tree };
  };

  it('names a task by the article’s lead sentence and keeps the full text; doing it twice makes no duplicates unless asked again', async () => {
    const { plan, tree } = await imported();
    const articles = tree.flatMap((p) => p.children);
    const keys = articles.map((a) => ({ nodeKeys: [a.key] }));
    const first = await tasks.createTasksFromNodes(duban, plan.id, keys);
    expect(first.ids).toHaveLength(articles.length);
    const { tasks: made } = await tasks.listTasks(duban, plan.id);
    const last = made[made.length - 1];
    expect(last.title).toBe('加强队伍建设');
    expect(last.extra[tasks.FULL_TEXT_COLUMN]).toMatch(/^加强队伍建设。高素质的执法人员是全面推行“三项制度”取得实效的关键。要重视/);

    const second = await tasks.createTasksFromNodes(duban, plan.id, keys);
    expect(second).toEqual({ ids: [], skipped: articles.map((a) => a.key) });
    expect((await tasks.listTasks(duban, plan.id)).tasks).toHaveLength(articles.length);
    const again = await tasks.createTasksFromNodes(duban, plan.id, keys.slice(0, 1), { again: true });
    expect(again.ids).toHaveLength(1);
  });

  it('makes a task from a closing paragraph (结束语), which often sets a deadline for reporting back', async () => {
    const { plan } = await imported();
    const { ids } = await tasks.createTasksFromNodes(duban, plan.id, [{ nodeKeys: ['closing-1'] }]);
    const [task] = (await tasks.listTasks(duban, plan.id)).tasks.filter((t) => t.id === ids[0]);
    expect(task).toMatchObject({ title: '各地区、各部门要于2019年3月底前制定本地区、本部门全面推行“三项制度”的实施方案，并报司法部备案', group_path: ['结束语'], node_keys: [] });
    // Made once, the paragraph is skipped the second time like any node.
    expect(await tasks.createTasksFromNodes(duban, plan.id, [{ nodeKeys: ['closing-1'] }])).toEqual({ ids: [], skipped: ['closing-1'] });
    expect(task.extra[tasks.FULL_TEXT_COLUMN]).toContain('重要情况及时报告国务院。');
    await expect(tasks.createTasksFromNodes(duban, plan.id, [{ nodeKeys: ['closing-9'] }])).rejects.toMatchObject({ details: [{ field: 'items[0].nodeKeys', message: expect.stringContaining('node not found') }] });
  });
});

describe('tasks from an annex table', () => {
  it('makes one task per row of a 清单 with the unit column as its lead unit, once', async () => {
    const file = new URL('../../../test/fixtures/real/documents/guobanfa_tuiguang-dierpi-zhichi-chuangxin-gaige-jucuo_qingdan-biao_2018.md', import.meta.url).pathname;
    const text = fs.readFileSync(file, 'utf8');
    const doc = parseDocumentText(text, { fileName: 'qingdan.md' });
    const rows = doc.tables[0].rows.filter((r) => r.kind === 'row');
    const plan = await plans.createPlanFromDocument(duban, doc, { regionCode: '120000', sourceName: 'qingdan.md', sourceText: text });
    const made = await tasks.createTasksFromTable(duban, plan.id, 0);
    expect(made).toEqual({ ids: expect.any(Array), skipped: 0 });
    expect(made.ids).toHaveLength(rows.length);
    const { tasks: list } = await tasks.listTasks(duban, plan.id);
    const [first] = list;
    const cells = rows[0].kind === 'row' ? rows[0].cells : [];
    expect(first).toMatchObject({ seq: '1', title: '知识产权民事、刑事、行政案件“三合一”审判', group_path: ['一、知识产权保护方面（共5项）'] });
    expect(first.leadUnit?.raw_name).toBe(cells[3].split(/[、，,]/)[0].trim());
    expect(first.extra).toMatchObject({ 主要内容: cells[2], 推广范围: '全国' });
    expect(await tasks.createTasksFromTable(duban, plan.id, 0)).toEqual({ ids: [], skipped: rows.length });
    await expect(tasks.createTasksFromTable(duban, plan.id, 3)).rejects.toThrow(/no annex table 4/);
  });
});

describe('task-division table import', () => {
  it('previews without saving, then imports everything in one go once confirmed', async () => {
    const plansBefore = await count('plans');
    const tasksBefore = await count('tasks');
    const preview = await importer.previewTaskTable(duban, bytes(), 'example.xlsx');
    expect(preview.tasks.length).toBeGreaterThan(5);
    expect(await count('plans')).toBe(plansBefore);
    expect(await count('tasks')).toBe(tasksBefore);
    const withDistricts = preview.tasks.find((t) => t.coUnits.some((u) => u.name === '滨海新区政府'));
    expect(withDistricts, 'a 各区人民政府 entry expands to every district').toBeDefined();

    const result = await importer.importTaskTable(duban, bytes(), 'example.xlsx', { newPlan: { regionCode: '120000' } });
    expect(result.created).toBe(preview.tasks.length);
    const { tasks: stored } = await tasks.listTasks(duban, result.planId);
    expect(stored.map((t) => t.title)).toEqual(preview.tasks.map((t) => t.text));
    expect(stored.map((t) => t.deadline_text)).toEqual(preview.tasks.map((t) => t.deadlineText));
  });

  it('exports the stored plan and reads back the same tasks', async () => {
    const { planId } = await importer.importTaskTable(duban, bytes(), 'example.xlsx', { newPlan: { regionCode: '120000', title: '往返测试' } });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-export-')), 'plan.xlsx');
    await exportPlanXlsx(duban, planId, out);
    const original = await importer.previewTaskTable(duban, bytes(), 'example.xlsx');
    const again = await importer.previewTaskTable(duban, new Uint8Array(fs.readFileSync(out)), 'plan.xlsx');
    const shape = (p: importer.ImportPreview) =>
      p.tasks.map((t) => ({ seq: t.seq, groups: t.groupPath, text: t.text, leaders: t.leaders.map((l) => l.raw), lead: t.leadUnit?.unitId ?? t.leadUnit?.raw, co: t.coUnits.map((u) => u.unitId ?? u.raw), deadline: t.deadlineText }));
    expect(shape(again)).toEqual(shape(original));

    const docx = await exportPlanDocx(duban, planId);
    const text = (await mammoth.extractRawText({ buffer: docx.buffer })).value;
    expect(text).toContain('往返测试');
    expect(text).toContain(original.tasks[0].text);
  });

  it('refuses a file that is not a table and changes nothing', async () => {
    const before = await count('tasks');
    await expect(importer.importTaskTable(duban, new TextEncoder().encode('序号,任务\n1,x'), 'fake.xlsx', { newPlan: { regionCode: '120000' } })).rejects.toThrow(/fake\.xlsx/);
    expect(await count('tasks')).toBe(before);
  });

  it('lets only the drafting office import into a plan', async () => {
    const [plan] = await plans.listPlans(duban);
    const refused = importer.importTaskTable(await contextAs(h, 'swj'), bytes(), 'example.xlsx', { planId: plan.id });
    // Refused (403), or not even shown (404) when the plan is another unit's draft.
    await expect(refused).rejects.toSatisfy((e) => e instanceof ForbiddenError || e instanceof NotFoundError);
  });
});

describe('previewing a task table before any unit exists', () => {
  it('says once that the unit directory is empty, instead of leaving the person to guess why nothing matched', async () => {
    const empty = await openTestDatabase('empty');
    try {
      const preview = await importer.previewTaskTable(await contextAs(empty, 'system'), bytes(), 'example.xlsx');
      expect(preview.tasks.length).toBeGreaterThan(5);
      expect(preview.problems.filter((p) => p.field === 'units').map((p) => p.message)).toEqual([expect.stringMatching(/^单位目录是空的.* \/ the unit directory is empty/)]);
      // With the demo directory the note is absent.
      const demo = await importer.previewTaskTable(duban, bytes(), 'example.xlsx');
      expect(demo.problems.some((p) => p.field === 'units')).toBe(false);
    } finally {
      await empty.close();
    }
  });
});
