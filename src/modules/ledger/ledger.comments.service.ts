import { abilitiesOf, requireAbility } from '../../lib/abilities.ts';
import { bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { ledgerPolicy } from './ledger.policy.ts';
import type { CommentDecision } from './ledger.tables.ts';
import { planRef as refOf, visiblePlanOr404 } from './ledger.access.ts';
import { findCommentById, type PlanKey } from './ledger.plans.repo.ts';

const DECISION_LABEL: Record<CommentDecision, string> = { pending: '待处理', adopted: '采纳', partly: '部分采纳', rejected: '未采纳' };

// Comments follow their plan: a plan the caller may not read is reported missing.
async function planRef(ctx: ServiceContext, planId: string | PlanKey) {
  const plan = await visiblePlanOr404(ctx, planId);
  return { plan, ref: refOf(plan) };
}

/** A unit comments on a node (or on the whole plan) while the plan is out for consultation (征求意见). */
export async function addComment(ctx: ServiceContext, planId: string, input: { nodeKey: string | null; body: string }) {
  const { plan, ref } = await planRef(ctx, planId);
  requireAbility(ledgerPolicy.plan.comment, ctx.actor, ref, plan.status === 'consultation' ? 'comment on plan' : 'comment on a plan that is not out for consultation');
  if (!input.body?.trim()) throw new ValidationError('意见内容不能为空 / the comment is empty', [{ field: 'body', message: 'required' }]);
  if (input.nodeKey) {
    const node = await ctx.db
      .selectFrom('plan_nodes')
      .select('id')
      .where('region_code', '=', plan.region_code)
      .where('plan_id', '=', planId)
      .where('version_number', '=', plan.current_version)
      .where('node_key', '=', input.nodeKey)
      .executeTakeFirst();
    if (!node) throw new ValidationError('当前版本没有该条目 / no such node in the current version', [{ field: 'nodeKey', message: 'not found' }]);
  }
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('plan_comments')
      .values({
        region_code: plan.region_code,
        plan_id: planId,
        version_number: plan.current_version,
        node_key: input.nodeKey,
        unit_id: ctx.actor.unitId!,
        author_user_id: ctx.actor.userId,
        body: input.body.trim(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'comment', entity: 'plan_comment', entityId: row.id, regionCode: plan.region_code, summary: `对《${plan.title}》提出意见`, after: row });
    return row;
  });
}

/**
 * Comments on a plan with the node they concern and the commenting unit: the drafting office sees all of them,
 * a commenting unit sees its own. Each comment says whether the caller may decide on it.
 */
export async function listComments(ctx: ServiceContext, planId: string) {
  const { plan, ref } = await planRef(ctx, planId);
  const canDecide = ledgerPolicy.plan.decideComments(ctx.actor, ref);
  let q = ctx.db
    .selectFrom('plan_comments as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .leftJoin('plan_nodes as n', (j) =>
      j.onRef('n.region_code', '=', 'c.region_code').onRef('n.plan_id', '=', 'c.plan_id').onRef('n.node_key', '=', 'c.node_key').on('n.version_number', '=', plan.current_version),
    )
    .select(['c.id', 'c.node_key', 'c.version_number', 'c.body', 'c.decision', 'c.decision_reason', 'c.decided_at', 'c.created_at', 'c.unit_id', 'n.marker', 'n.heading', 'n.position'])
    .select((eb) => eb.fn.coalesce('u.short_name', 'u.name').as('unit_name'))
    .where('c.region_code', '=', plan.region_code)
    .where('c.plan_id', '=', planId);
  if (!canDecide) q = q.where('c.unit_id', '=', ctx.actor.unitId ?? '00000000-0000-0000-0000-000000000000');
  const rows = await q.orderBy('n.position').orderBy('c.created_at').execute();
  const abilities: 'decide'[] = canDecide ? ['decide'] : [];
  return rows.map((r) => ({ ...r, abilities }));
}

/** The drafting office marks a comment adopted, partly adopted or not adopted (a reason is required for the last). */
export async function decideComment(ctx: ServiceContext, commentId: string, input: { decision: CommentDecision; reason?: string | null }) {
  const comment = await findCommentById(ctx.db, commentId);
  if (!comment) throw bilingualNotFound(`意见 ${commentId} 不存在`, `Comment ${commentId}`);
  const { plan, ref } = await planRef(ctx, { id: comment.plan_id, region_code: comment.region_code });
  requireAbility(ledgerPolicy.plan.decideComments, ctx.actor, ref, 'decide on comments');
  if ((input.decision === 'rejected' || input.decision === 'partly') && !input.reason?.trim()) {
    throw new ValidationError('未采纳或部分采纳须说明理由 / give a reason when not (fully) adopting', [{ field: 'reason', message: 'required' }]);
  }
  return inTransaction(ctx, async (trx) => {
    const after = await trx
      .updateTable('plan_comments')
      .set({
        decision: input.decision,
        decision_reason: input.reason?.trim() || null,
        decided_by: input.decision === 'pending' ? null : ctx.actor.userId,
        decided_at: input.decision === 'pending' ? null : new Date(),
      })
      .where('region_code', '=', comment.region_code)
      .where('id', '=', commentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, {
      action: 'decide_comment',
      entity: 'plan_comment',
      entityId: commentId,
      regionCode: plan.region_code,
      summary: `《${plan.title}》意见处理：${DECISION_LABEL[input.decision]}`,
      before: { decision: comment.decision, reason: comment.decision_reason },
      after: { decision: after.decision, reason: after.decision_reason },
    });
    return { ...after, abilities: abilitiesOf({ decide: ledgerPolicy.plan.decideComments }, ctx.actor, ref) };
  });
}

/** The comment table (意见汇总表) as an Excel workbook: one row per comment, in node order. */
export async function exportComments(ctx: ServiceContext, planId: string): Promise<{ fileName: string; buffer: Buffer }> {
  const plan = await visiblePlanOr404(ctx, planId, ledgerPolicy.plan.export);
  const comments = await listComments(ctx, planId);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('意见汇总表', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const columns = ['序号', '条目', '意见单位', '意见内容', '处理情况', '理由或说明'];
  ws.mergeCells(1, 1, 1, columns.length);
  ws.getCell(1, 1).value = `《${plan.title}》征求意见汇总表`;
  ws.getCell(1, 1).font = { name: '方正小标宋简体', size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 36;
  ws.addRow(columns).eachCell((c) => {
    c.font = { name: '黑体', size: 12 };
    c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  comments.forEach((c, i) => {
    ws.addRow([i + 1, c.node_key ? `${c.marker ?? ''}${c.heading ?? ''}` || '（该条目已删除）' : '总体意见', c.unit_name, c.body, DECISION_LABEL[c.decision], c.decision_reason ?? '']);
  });
  [6, 30, 16, 50, 10, 30].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.eachRow((row, n) => {
    if (n < 2) return;
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
      if (n > 2) c.alignment = { vertical: 'top', wrapText: true };
      if (n > 2) c.font = { name: '仿宋_GB2312', size: 12 };
    });
  });
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${plan.title}-征求意见汇总表.xlsx`, buffer };
}
