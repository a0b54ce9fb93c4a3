import { requireAbility } from '../../lib/abilities.ts';
import { bilingual } from '../../lib/bilingual.ts';
import { ValidationError } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { writePlanDocx } from '../ledger/index.ts';
import { briefingDocument, type BriefingContent } from './tracking.briefing.domain.ts';
import { dashboardTasks, planDashboard, readyPlan } from './tracking.dashboard.service.ts';
import { progressPolicy } from './tracking.progress.policy.ts';
import { checkDay } from './tracking.progress.service.ts';
import * as repo from './tracking.views.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';

/** At most this many problems and red tasks are written into one briefing. */
const MAX_ITEMS = 200;

/** A highlight of a briefing as chosen: a task, optionally one of its reports, and the words to print. */
export interface BriefingHighlight {
  taskId: string;
  reportId: string | null;
  number: string;
  title: string;
  note: string;
  /** What the briefing prints: the note, else the chosen report's progress, else nothing. */
  text: string;
}

const numberOf = (t: { seq: string | null; position?: number }) => t.seq || (t.position === undefined ? '' : String(t.position + 1));

/** The highlights chosen for a plan's briefing of a day (progress readers). */
export async function briefingHighlights(ctx: ServiceContext, planId: string, asOf?: string): Promise<{ asOf: string; highlights: BriefingHighlight[]; abilities: 'chooseHighlights'[] }> {
  const day = asOf ? checkDay(asOf, 'asOf') : chinaDay();
  const { plan } = await readyPlan(ctx, planId, day);
  const rows = await repo.highlights(ctx.db, plan.region_code, plan.id, day);
  return {
    asOf: day,
    highlights: rows.map((h) => ({
      taskId: h.task_id,
      reportId: h.report_id,
      number: numberOf(h),
      title: h.title,
      note: h.note,
      text: h.note || (h.done_text ? `${h.period}：${h.done_text}` : ''),
    })),
    abilities: progressPolicy.progress.brief(ctx.actor) ? ['chooseHighlights'] : [],
  };
}

/**
 * Sets the highlights of a plan's briefing of a day (a supervisor's choice, stored and audited); the tasks must be the
 * plan's and a report the task's, else nothing changes and the bad item is named.
 * @example await setBriefingHighlights(ctx, planId, '2025-06-30', [{ taskId, note: '链长制工作机制已建立。' }])
 */
export async function setBriefingHighlights(
  ctx: ServiceContext,
  planId: string,
  asOf: string,
  items: { taskId: string; reportId?: string | null; note?: string }[],
): Promise<{ asOf: string; highlights: BriefingHighlight[]; abilities: 'chooseHighlights'[] }> {
  const day = checkDay(asOf, 'asOf');
  const { plan } = await readyPlan(ctx, planId, day);
  requireAbility(progressPolicy.progress.brief, ctx.actor, undefined, 'choose briefing highlights');
  const refs = await repo.checkHighlightRefs(
    ctx.db,
    plan.region_code,
    plan.id,
    items.map((i) => i.taskId),
    items.map((i) => i.reportId).filter((r): r is string => Boolean(r)),
  );
  const bad = (zh: string, en: string, field: string) => {
    const message = bilingual(zh, en);
    return new ValidationError(message, [{ field, message }]);
  };
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const field = `highlights[${i}]`;
    if (!refs.tasks.has(item.taskId)) throw bad(`第${i + 1}项亮点的任务不属于本规划`, `Highlight ${i + 1}: the task is not the plan's`, `${field}.taskId`);
    if (seen.has(item.taskId)) throw bad(`第${i + 1}项亮点的任务重复`, `Highlight ${i + 1}: the task is chosen twice`, `${field}.taskId`);
    seen.add(item.taskId);
    const report = item.reportId ? refs.reports.get(item.reportId) : undefined;
    if (item.reportId && (!report || report.task_id !== item.taskId || report.status !== 'accepted'))
      throw bad(`第${i + 1}项亮点的报告不是该任务已审核的报告`, `Highlight ${i + 1}: the report is not an accepted report of the task`, `${field}.reportId`);
  });
  await inTransaction(ctx, async (trx) => {
    const before = await repo.highlights(trx, plan.region_code, plan.id, day);
    const rows = items.map((i) => ({ taskId: i.taskId, reportId: i.reportId ?? null, note: (i.note ?? '').trim() }));
    await repo.replaceHighlights(trx, plan.region_code, plan.id, day, rows, ctx.actor.userId);
    await recordAudit(trx, ctx.actor, {
      regionCode: plan.region_code,
      action: 'set_highlights',
      entity: 'plan',
      entityId: plan.id,
      before: { asOf: day, highlights: before.map((h) => ({ taskId: h.task_id, reportId: h.report_id, note: h.note })) },
      after: { asOf: day, highlights: rows },
    });
  });
  return briefingHighlights(ctx, planId, day);
}

/**
 * What the briefing of a day says. Its figures come from the dashboard's own service functions on the same day
 * ({@link planDashboard}, {@link dashboardTasks}), so the briefing and the dashboard cannot disagree.
 */
export async function briefingContent(ctx: ServiceContext, planId: string, asOf?: string, issuer?: string): Promise<BriefingContent> {
  const day = asOf ? checkDay(asOf, 'asOf') : chinaDay();
  const dashboard = await planDashboard(ctx, planId, {}, { asOf: day });
  const red = await dashboardTasks(ctx, planId, { warning: 'red' }, { asOf: day, limit: MAX_ITEMS });
  const { plan } = await readyPlan(ctx, planId, day);
  const [{ highlights }, problems, partOrder] = await Promise.all([
    briefingHighlights(ctx, planId, day),
    repo.planProblems(ctx.db, plan.region_code, plan.id, day, MAX_ITEMS),
    repo.planPartOrder(ctx.db, plan.region_code, plan.id),
  ]);
  // The document numbers the parts afresh, （一）（二）…: they go in the plan's order, not the dashboard's red-first
  // order, or part 三 would be printed as （二）.
  const inPlanOrder = (key: string) => partOrder.get(key) ?? Number.MAX_SAFE_INTEGER;
  return {
    planTitle: dashboard.plan.title,
    asOf: dashboard.asOf,
    totals: dashboard.totals,
    reports: dashboard.reports,
    byPart: [...dashboard.byPart].sort((x, y) => inPlanOrder(x.key) - inPlanOrder(y.key)),
    highlights: highlights.map((h) => ({ number: h.number, title: h.title, text: h.text })),
    problems: problems.map((p) => ({ number: numberOf(p), title: p.title, problems: p.problems, helpNeeded: p.help_needed })),
    red: red.tasks.map((t) => ({ number: t.number, title: t.title, leadUnit: t.leadUnit?.name ?? '', reason: t.reason.zh })),
    issuer: await briefingIssuer(ctx, issuer),
  };
}

/** Longest 发文机关署名 accepted (a full office name with its party committee runs to about 20 characters). */
export const MAX_ISSUER_LENGTH = 40;

/**
 * The briefing's signature (发文机关署名): the one asked for, else the unit of the account that exports it (the
 * supervision office that issues the briefing), else 督查室 for an account with no unit (an administrator, the CLI).
 */
async function briefingIssuer(ctx: ServiceContext, asked: string | undefined): Promise<string> {
  const given = asked?.trim();
  if (given) {
    if ([...given].length > MAX_ISSUER_LENGTH) {
      const message = bilingual(`署名不能超过${MAX_ISSUER_LENGTH}个字`, `The signature may not be longer than ${MAX_ISSUER_LENGTH} characters`);
      throw new ValidationError(message, [{ field: 'issuer', message }]);
    }
    return given;
  }
  const unit = ctx.actor.unitId ? await repo.findUnit(ctx.db, ctx.actor.unitId) : undefined;
  return unit?.name ?? '督查室';
}

/** The progress briefing (进展情况通报) of a day as a Word document in 公文 layout, signed by `issuer` (see briefingIssuer). */
export async function exportBriefingDocx(ctx: ServiceContext, planId: string, asOf?: string, issuer?: string): Promise<{ fileName: string; asOf: string; buffer: Buffer }> {
  const content = await briefingContent(ctx, planId, asOf, issuer);
  const buffer = await writePlanDocx(briefingDocument(content));
  return { fileName: `${content.planTitle}-进展情况通报-${content.asOf}.docx`, asOf: content.asOf, buffer };
}
