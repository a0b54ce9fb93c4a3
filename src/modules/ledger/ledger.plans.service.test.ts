import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTestDatabase, contextAs } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import type { ServiceContext } from '../../lib/service-context.ts';
import { ForbiddenError } from '../../lib/abilities.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors.ts';
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
    await plans.setPlanStatus(duban, planId, 'consultation');
    // The audit log says it in both languages, with the statuses' names rather than their codes.
    const [moved] = await org.listAudit(duban, { entity: 'plan', entityId: planId, action: 'set_status' });
    expect(moved.summary).toMatch(/状态 讨论稿 → 征求意见 \/ .* status draft → consultation$/);
    expect((await plans.getPlan(fgw, planId)).plan.abilities).toEqual(['list', 'read', 'create', 'comment', 'derive', 'export']);
    const c1 = await comments.addComment(fgw, planId, { nodeKey, body: '建议增加产教融合型企业认证' });
    await comments.addComment(fgw, planId, { nodeKey: null, body: '总体同意' });
    await expect(comments.addComment(await contextAs(h, 'swj'), planId, { nodeKey, body: 'x' })).rejects.toBeInstanceOf(ForbiddenError);

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
