import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../server/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
import { parseDocumentFile } from '../documents/index.ts';
import * as plans from './ledger.plans.service.ts';
import * as comments from './ledger.comments.service.ts';
import * as org from '../org/org.service.ts';

const DOCS = new URL('../../../test/fixtures/real/documents/', import.meta.url);
const FANGAN = new URL('guowuyuan_guojia-zhiye-jiaoyu-gaige-shishi-fangan_2019.md', DOCS).pathname;

let h: DatabaseHandle;
let duban: ServiceContext;
let planId: string;

beforeAll(async () => {
  h = await openTestDatabase('demo');
  duban = await contextAs(h, 'duban');
  const doc = await parseDocumentFile(FANGAN);
  const plan = await plans.createPlanFromDocument(duban, doc, { regionCode: '120000', sourceName: 'fangan.md', sourceText: fs.readFileSync(FANGAN, 'utf8') });
  planId = plan.id;
});
afterAll(async () => h?.close());

/** The unit an account is placed in. */
const unitOf = (ctx: ServiceContext): string => (ctx.actor.kind === 'user' && ctx.actor.unitId) || '';

describe('a plan from a real document', () => {
  it('keeps the outline, number, covering notice and source text', async () => {
    const { plan, version, tree, sourceText } = await plans.getPlan(duban, planId);
    expect(plan.title).toBe('国家职业教育改革实施方案');
    expect(plan.plan_type).toBe('plan');
    expect(plan.doc_number).toBe('国发〔2019〕4号');
    expect(tree).toHaveLength(7);
    expect(tree.flatMap((p) => p.children)).toHaveLength(20);
    expect(version.meta.coveringNotice).toMatch(/印发/);
    expect(sourceText).toContain('国家职业教育改革实施方案');
    expect(plan.abilities).toEqual(expect.arrayContaining(['edit', 'setStatus', 'decideComments']));
  });

  it('saves an edited tree as a new version and shows what changed node by node', async () => {
    const { tree, plan } = await plans.getPlan(duban, planId);
    const edited = structuredClone(tree);
    edited[0].children[0].heading = '健全国家职业教育制度框架（修改）';
    const moved = edited[6].children.pop()!;
    edited[5].children.push(moved);
    const saved = await plans.savePlanVersion(duban, planId, { nodes: edited, basedOn: plan.current_version, note: '第二稿' });
    expect(saved.version).toBe(plan.current_version + 1);
    const diff = await plans.diffPlanVersions(duban, planId, plan.current_version, saved.version);
    expect(diff.changes.map((c) => c.change)).toEqual(['changed', 'moved']);
    expect(diff.changes[0].fields[0]).toMatchObject({ field: 'heading', after: '健全国家职业教育制度框架（修改）' });
    await expect(plans.savePlanVersion(duban, planId, { nodes: edited, basedOn: plan.current_version })).rejects.toBeInstanceOf(ConflictError);
    const audit = await org.listAudit(duban, { entity: 'plan', entityId: planId, action: 'new_version' });
    expect(audit[0].summary).toContain('修改 1、移动 1');
  });

  it('saves a corrected closing with a new version, keeping the rest of the document facts', async () => {
    const before = await plans.getPlan(duban, planId);
    const saved = await plans.savePlanVersion(duban, planId, { nodes: before.tree, basedOn: before.plan.current_version, meta: { closing: '本方案自印发之日起施行。' } });
    const after = await plans.getPlan(duban, planId);
    expect(after.plan.current_version).toBe(saved.version);
    expect(after.version.meta).toEqual({ ...before.version.meta, closing: '本方案自印发之日起施行。' });
    const audit = await org.listAudit(duban, { entity: 'plan', entityId: planId, action: 'new_version' });
    expect(audit[0].after).toMatchObject({ version: saved.version, meta: { closing: '本方案自印发之日起施行。' } });
  });

  it('does not let a unit editor see, let alone change, another office’s draft', async () => {
    const fgw = await contextAs(h, 'fgw');
    const { tree, plan } = await plans.getPlan(duban, planId);
    await expect(plans.getPlan(fgw, planId)).rejects.toBeInstanceOf(NotFoundError);
    expect((await plans.listPlans(fgw)).map((p) => p.id)).not.toContain(planId);
    await expect(plans.savePlanVersion(fgw, planId, { nodes: tree, basedOn: plan.current_version })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('consultation', () => {
  it('takes comments only while out for consultation, from units, and records the decisions', async () => {
    const fgw = await contextAs(h, 'fgw');
    const { tree } = await plans.getPlan(duban, planId);
    const nodeKey = tree[1].children[0].key;
    // A draft is not shown to other units at all.
    await expect(comments.addComment(fgw, planId, { nodeKey, body: '建议增加产教融合型企业认证' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(plans.setPlanStatus(duban, planId, 'issued')).rejects.toBeInstanceOf(ValidationError);
    await expect(plans.setPlanStatus(duban, planId, 'consultation')).rejects.toThrow(/征求意见须选择征求意见的单位/);
    const swj = await contextAs(h, 'swj');
    await plans.setPlanStatus(duban, planId, 'consultation', { consultedUnitIds: [unitOf(fgw), unitOf(swj)] });
    // The audit log says it in both languages, with the statuses' names rather than their codes.
    const [moved] = await org.listAudit(duban, { entity: 'plan', entityId: planId, action: 'set_status' });
    expect(moved.summary).toMatch(/状态 讨论稿 → 征求意见 \/ .* status draft → consultation$/);
    expect((await plans.getPlan(fgw, planId)).plan.abilities).toEqual(['list', 'read', 'create', 'comment', 'derive', 'export']);
    const c1 = await comments.addComment(fgw, planId, { nodeKey, body: '建议增加产教融合型企业认证' });
    await comments.addComment(fgw, planId, { nodeKey: null, body: '总体同意' });
    // A viewer of a consulted unit reads but does not comment.
    await expect(comments.addComment(swj, planId, { nodeKey, body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);

    await expect(comments.decideComment(fgw, c1.id, { decision: 'adopted' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(comments.decideComment(duban, c1.id, { decision: 'rejected' })).rejects.toThrow(/理由/);
    await comments.decideComment(duban, c1.id, { decision: 'rejected', reason: '已在第（六）条中体现' });

    const all = await comments.listComments(duban, planId);
    expect(all).toHaveLength(2);
    const onNode = all.find((c) => c.node_key === nodeKey)!;
    expect(onNode).toMatchObject({ unit_name: '市发展改革委', decision: 'rejected', heading: tree[1].children[0].heading });

    const file = await comments.exportComments(duban, planId);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.buffer as unknown as ArrayBuffer);
    const rows = wb.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).filter((v) => v !== undefined && v !== null).map(String));
    expect(rows[1]).toEqual(['序号', '条目', '意见单位', '意见内容', '处理情况', '理由或说明']);
    expect(rows.flat()).toEqual(expect.arrayContaining(['建议增加产教融合型企业认证', '未采纳', '已在第（六）条中体现', '总体意见']));
  });
});

describe('who reads a plan out for consultation', () => {
  it('shows it to the units consulted, the owner side and the supervisors, and to no other unit', async () => {
    const [fgw, gxj, swj] = await Promise.all(['fgw', 'gxj', 'swj'].map((u) => contextAs(h, u)));
    const fresh = await plans.createPlan(duban, {
      title: '征求意见范围测试方案',
      planType: 'plan',
      regionCode: '120000',
      nodes: [{ kind: 'part', marker: '一、', heading: '总体要求', text: '', children: [] }],
    });
    await plans.setPlanStatus(duban, fresh.id, 'consultation', { consultedUnitIds: [unitOf(gxj)] });
    // The consulted unit's editor reads it, sees whom it was sent to, and comments.
    const seen = await plans.getPlan(gxj, fresh.id);
    expect(seen.consulted_units.map((u) => u.id)).toEqual([unitOf(gxj)]);
    expect((await plans.listPlans(gxj)).map((p) => p.id)).toContain(fresh.id);
    await comments.addComment(gxj, fresh.id, { nodeKey: null, body: '同意' });
    // Another unit's editor and viewer are told it does not exist, in the list and by its id.
    for (const other of [fgw, swj]) {
      await expect(plans.getPlan(other, fresh.id)).rejects.toBeInstanceOf(NotFoundError);
      expect((await plans.listPlans(other)).map((p) => p.id)).not.toContain(fresh.id);
    }
    await expect(comments.addComment(fgw, fresh.id, { nodeKey: null, body: '同意' })).rejects.toBeInstanceOf(NotFoundError);
    // The supervisor reads it; sending it out again replaces the units asked.
    expect((await plans.getPlan(duban, fresh.id)).consulted_units.map((u) => u.id)).toEqual([unitOf(gxj)]);
    await plans.setPlanStatus(duban, fresh.id, 'draft');
    await plans.setPlanStatus(duban, fresh.id, 'consultation', { consultedUnitIds: [unitOf(fgw)] });
    expect((await plans.getPlan(fgw, fresh.id)).consulted_units.map((u) => u.id)).toEqual([unitOf(fgw)]);
    await expect(plans.getPlan(gxj, fresh.id)).rejects.toBeInstanceOf(NotFoundError);
    const [audit] = await org.listAudit(duban, { entity: 'plan', entityId: fresh.id, action: 'set_status' });
    expect(audit.after).toEqual({ status: 'consultation', consultedUnitIds: [unitOf(fgw)] });
  });
});

describe('the status flow, as the server decides it', () => {
  it('lists the next statuses each caller may choose on the plan itself', async () => {
    const fresh = await plans.createPlan(duban, { title: '状态流转测试方案', planType: 'plan', regionCode: '120000' });
    expect(fresh.next_statuses).toEqual(['consultation', 'adopted']);
    const swj = await contextAs(h, 'swj');
    await plans.setPlanStatus(duban, fresh.id, 'consultation', { consultedUnitIds: [unitOf(swj)] });
    // A unit consulted reads the plan but may not move it.
    expect((await plans.getPlan(swj, fresh.id)).plan.next_statuses).toEqual([]);
    expect((await plans.getPlan(duban, fresh.id)).plan.next_statuses).toEqual(['draft', 'adopted']);
    expect((await plans.listPlans(duban)).find((p) => p.id === fresh.id)?.next_statuses).toEqual(['draft', 'adopted']);
  });

  it('asks for an explicit confirmation to adopt a plan whose consultation left comments undecided, and lists them', async () => {
    const fresh = await plans.createPlan(duban, {
      title: '意见处理测试方案',
      planType: 'plan',
      regionCode: '120000',
      nodes: [{ kind: 'part', marker: '一、', heading: '总体要求', text: '', children: [] }],
    });
    const key = (await plans.getPlan(duban, fresh.id)).tree[0].key;
    const fgw = await contextAs(h, 'fgw');
    await plans.setPlanStatus(duban, fresh.id, 'consultation', { consultedUnitIds: [unitOf(fgw)] });
    const decided = await comments.addComment(fgw, fresh.id, { nodeKey: key, body: '已处理的意见' });
    await comments.decideComment(duban, decided.id, { decision: 'adopted' });
    await comments.addComment(fgw, fresh.id, { nodeKey: key, body: '建议明确牵头单位' });
    await comments.addComment(fgw, fresh.id, { nodeKey: null, body: '总体同意' });

    const refused = await plans.setPlanStatus(duban, fresh.id, 'adopted').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'undecided_comments', status: 409 });
    expect((refused as Error).message).toMatch(/^还有 2 条意见未处理.* \/ 2 comment\(s\)/);
    expect((refused as AppError).details.map((d) => d.message)).toEqual([
      '总体意见｜市发展改革委：总体同意 / on the whole plan | 市发展改革委: 总体同意',
      '一、总体要求｜市发展改革委：建议明确牵头单位 / 一、总体要求 | 市发展改革委: 建议明确牵头单位',
    ]);
    expect((await plans.getPlan(duban, fresh.id)).plan.status).toBe('consultation');

    const adopted = await plans.setPlanStatus(duban, fresh.id, 'adopted', { confirm: true });
    expect(adopted.status).toBe('adopted');
  });

  it('refuses to send an issued plan back to 审议通过, saying why', async () => {
    const fresh = await plans.createPlan(duban, { title: '已印发测试方案', planType: 'plan', regionCode: '120000' });
    await plans.setPlanStatus(duban, fresh.id, 'adopted');
    const issued = await plans.setPlanStatus(duban, fresh.id, 'issued');
    expect(issued.next_statuses).toEqual([]);
    const refused = plans.setPlanStatus(duban, fresh.id, 'adopted');
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(/已印发，状态不能再改变.* \/ .*is issued and its status can no longer change/);
    expect((await plans.getPlan(duban, fresh.id)).plan.status).toBe('issued');
  });
});

describe('the plan type a title suggests', () => {
  it.each([
    ['中共天津市委关于推动京津冀产业链协同发展的决定', 'decision'],
    ['关于加强行政执法工作的指导意见', 'opinion'],
    ['国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见', 'opinion'],
    ['第二批支持创新相关改革举措推广清单', 'task_list'],
    ['贯彻落实市委全会《决定》重点任务分工方案', 'task_list'],
    ['国家职业教育改革实施方案', 'plan'],
    ['市发展改革委落实产业链协同发展工作方案', 'work_plan'],
    ['国务院办公厅关于印发《关于落实〈决定〉的意见》的通知', 'opinion'],
    ['', 'plan'],
  ])('%s → %s', (title, type) => {
    expect(plans.planTypeFromTitle(title)).toBe(type);
  });
});

describe('derived plans', () => {
  it('links a unit work plan to the task it implements, both ways', async () => {
    const fgw = await contextAs(h, 'fgw');
    const { tree } = await plans.getPlan(duban, planId);
    const node = tree[2].children[0];
    const child = await plans.derivePlan(fgw, planId, { nodeKey: node.key, title: '市发展改革委落实工作方案' });
    expect(child.owner_unit_id).toBe(fgw.actor.unitId);
    const childView = await plans.getPlan(fgw, child.id);
    expect(childView.parent).toMatchObject({ id: planId, node: { marker: node.marker, heading: node.heading } });
    expect(childView.tree[0].heading).toBe(node.heading);
    const parentView = await plans.getPlan(duban, planId);
    expect(parentView.derived.map((d) => d.id)).toContain(child.id);
    await expect(plans.deletePlan(duban, planId)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(plans.deletePlan(await contextAs(h, 'admin'), planId)).rejects.toThrow(/分解方案/);
  });
});
