import { abilitiesOf, requireAbility, requireVisible } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ConflictError, ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import { isSupervising } from '../org/index.ts';
import { findTaskPlan, ledgerPolicy, loadTasks, planRef, visiblePlanOr404 } from '../ledger/index.ts';
import { trackingPolicy, type ReportRef, type TaskRef } from './tracking.policy.ts';
import { obligationOf, parsePeriodKey, periodOf, previousPeriod, taskCycle, type Obligation, type Period } from './tracking.reports.domain.ts';
import * as repo from './tracking.reports.repo.ts';
import { activityView, findActivities } from './tracking.activities.repo.ts';
import { refreshTaskProgress } from './tracking.progress.service.ts';
import { refreshReportSummaries } from './tracking.progress.repo.ts';
import { evidenceLimitBytes } from './tracking.evidence.limit.ts';
import type { IndicatorValue, ReportKind, ReportStatus } from './tracking.tables.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { notifyUnit } from './tracking.notify.service.ts';
import { returnedReportText } from './tracking.notify.domain.ts';

type TaskRow = Awaited<ReturnType<typeof loadTasks>>[number];
type PlanRow = Awaited<ReturnType<typeof visiblePlanOr404>>;

/** A task with its plan, as the caller may see it; a task the caller may not see is reported missing. */
export async function trackedTask(ctx: ServiceContext, taskId: string) {
  const missing = () => bilingualNotFound(`任务 ${taskId} 不存在`, `Task ${taskId}`);
  const key = await findTaskPlan(ctx.db, taskId);
  if (!key) throw missing();
  const [task] = await loadTasks(ctx.db, { regionCode: key.region_code, taskId });
  if (!task) throw missing();
  const plan = await visiblePlanOr404(ctx, { id: task.plan_id, region_code: task.region_code }).catch(() => {
    throw missing();
  });
  const ref = taskRefOf(ctx, task, plan);
  requireVisible(trackingPolicy.trackedTask.read, ctx.actor, ref, 'read task', missing);
  return { task, plan, ref };
}

function taskRefOf(ctx: ServiceContext, task: TaskRow, plan: PlanRow): TaskRef {
  return {
    leadUnitId: task.leadUnit?.unit_id ?? null,
    coUnitIds: task.coUnits.map((u) => u.unit_id).filter((u): u is string => u !== null),
    planReadable: ledgerPolicy.plan.read(ctx.actor, planRef(plan)),
    closed: task.closed_at !== null,
  };
}

const reportRefOf = (task: TaskRef, r: { unit_id: string; role: 'lead' | 'co'; kind: ReportKind; status: ReportStatus }): ReportRef => ({
  task,
  unitId: r.unit_id,
  role: r.role,
  kind: r.kind,
  status: r.status,
});

/** The period a task is reported for on a date, by its plan's cycle. */
export function taskPeriod(plan: Pick<PlanRow, 'report_cycle' | 'report_due_day'>, task: Pick<TaskRow, 'recurrence'>, date: string): Period {
  return periodOf(taskCycle(plan.report_cycle, task.recurrence), date, plan.report_due_day);
}

const withAbilities = (ctx: ServiceContext, ref: TaskRef) => (r: repo.ReportRow) => ({
  ...r,
  abilities: abilitiesOf(trackingPolicy.report, ctx.actor, reportRefOf(ref, r)),
});

/** A task's matched units with their names (the short name first), the lead unit first. */
export function taskUnitsOf(task: Awaited<ReturnType<typeof trackedTask>>['task']): { unitId: string; role: 'lead' | 'co'; name: string }[] {
  const units: { unitId: string; role: 'lead' | 'co'; name: string }[] = [];
  if (task.leadUnit?.unit_id) units.push({ unitId: task.leadUnit.unit_id, role: 'lead', name: task.leadUnit.unit_short_name ?? task.leadUnit.unit_name ?? task.leadUnit.raw_name });
  for (const u of task.coUnits) if (u.unit_id) units.push({ unitId: u.unit_id, role: 'co', name: u.unit_short_name ?? u.unit_name ?? u.raw_name });
  return units;
}

/**
 * A task's reports the caller may see (drafts of other units are left out), the supporting units' reports beside the
 * lead unit's for each period (牵头单位汇总), the timeline of every step (留痕), evidence files, deadline changes, and
 * for which units the caller may write.
 */
export async function taskReports(ctx: ServiceContext, taskId: string, opts: { today?: string } = {}) {
  const { task, plan, ref } = await trackedTask(ctx, taskId);
  const all = await repo.findReports(ctx.db, { regionCode: task.region_code, taskId });
  const visible = all.filter((r) => trackingPolicy.report.read(ctx.actor, reportRefOf(ref, r))).map(withAbilities(ctx, ref));
  const ids = new Set(visible.map((r) => r.id));
  const events = (await repo.loadEvents(ctx.db, task.region_code, taskId)).filter((e) => ids.has(e.report_id));
  const evidence = await repo.listEvidence(ctx.db, task.region_code, [...ids]);
  const units = taskUnitsOf(task);
  return {
    task: {
      id: task.id,
      planId: plan.id,
      planTitle: plan.title,
      seq: task.seq,
      title: task.title,
      dueDate: task.due_date,
      originalDueDate: task.original_due_date,
      deadlineText: task.deadline_text,
      closedAt: task.closed_at,
      milestones: task.milestones.map((m) => ({ position: m.position, title: m.title, dueDate: m.due_date })),
      indicators: task.indicators.map((i) => ({ position: i.position, name: i.name, unitOfMeasure: i.unit_of_measure, target: i.target })),
      units,
    },
    period: taskPeriod(plan, task, opts.today ?? chinaDay()),
    reports: visible,
    evidence,
    /** The largest evidence file accepted (the form says it before a file is chosen). */
    evidenceMaxBytes: evidenceLimitBytes(),
    timeline: events,
    // Activities (专题学习、调研、协调会) held for the task, latest first: they stand in the task's timeline too.
    activities: (await findActivities(ctx.db, { regionCode: task.region_code, taskId })).map((a) => activityView(a, trackingPolicy.activity.remove(ctx.actor, { task: ref, createdBy: a.created_by }))),
    deadlineChanges: await repo.listDeadlineChanges(ctx.db, task.region_code, taskId),
    writableUnits: units.filter((u) => ctx.actor.editableUnitIds.has(u.unitId)),
    abilities: abilitiesOf(trackingPolicy.trackedTask, ctx.actor, ref),
  };
}

/** What a unit writes in a report. */
export interface ReportInput {
  /** The unit reporting (default: the caller's unit among the task's, the lead unit first). */
  unitId?: string;
  /** Period key (2025-06, 2025-Q2 …); default the current period. */
  period?: string;
  kind?: ReportKind;
  doneText?: string;
  percent?: number | null;
  milestonesReached?: number[];
  indicatorValues?: IndicatorValue[];
  problems?: string;
  helpNeeded?: string;
  nextSteps?: string;
  /** Supporting units' reports the lead unit quotes in its own. */
  quotedReportIds?: string[];
  version?: number;
}

function checkInput(input: ReportInput, task: TaskRow): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (input.percent !== undefined && input.percent !== null && !(Number.isFinite(input.percent) && input.percent >= 0 && input.percent <= 100)) {
    issues.push({ field: 'percent', message: '完成百分比应在 0 到 100 之间 / percent must be between 0 and 100' });
  }
  const milestones = new Set(task.milestones.map((m) => m.position));
  for (const [i, p] of (input.milestonesReached ?? []).entries()) {
    if (!milestones.has(p)) issues.push({ field: `milestonesReached[${i}]`, message: bilingual(`任务没有第 ${p + 1} 个节点`, `the task has no milestone ${p}`) });
  }
  const indicators = new Set(task.indicators.map((m) => m.position));
  for (const [i, v] of (input.indicatorValues ?? []).entries()) {
    if (!indicators.has(v.position)) issues.push({ field: `indicatorValues[${i}].position`, message: bilingual(`任务没有第 ${v.position + 1} 个指标`, `the task has no indicator ${v.position}`) });
    if (!Number.isFinite(v.value)) issues.push({ field: `indicatorValues[${i}].value`, message: '应为数字 / must be a number' });
  }
  return issues;
}

/**
 * Saves a unit's draft report for a period (creating it the first time): a second save of the same unit, task, kind
 * and period changes the one report, so a double click never makes two. A submitted or accepted report is not changed.
 */
export async function saveReport(ctx: ServiceContext, taskId: string, input: ReportInput, opts: { today?: string } = {}) {
  const { task, plan, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.trackedTask.report, ctx.actor, ref, 'write a report');
  const unitId = input.unitId ?? [ref.leadUnitId, ...ref.coUnitIds].find((u) => u !== null && ctx.actor.editableUnitIds.has(u));
  if (!unitId || (unitId !== ref.leadUnitId && !ref.coUnitIds.includes(unitId))) {
    throw new ValidationError('该单位不是本任务的牵头或责任单位 / the unit is not named by this task', [{ field: 'unitId', message: 'not a unit of this task' }]);
  }
  const role = unitId === ref.leadUnitId ? ('lead' as const) : ('co' as const);
  const kind = input.kind ?? 'progress';
  if (kind === 'closing' && role !== 'lead') throw new ValidationError('办结报告由牵头单位报送 / the lead unit writes the closing report', [{ field: 'kind', message: 'lead unit only' }]);
  const period = input.period ? parsePeriodKey(input.period, plan.report_due_day) : taskPeriod(plan, task, opts.today ?? chinaDay());
  if (!period) throw new ValidationError(bilingual(`无法识别的报告期「${input.period}」`, `unreadable period "${input.period}"`), [{ field: 'period', message: 'expected 2025-06, 2025-Q2, 2025-H1 or 2025' }]);
  const issues = checkInput(input, task);
  if (input.quotedReportIds?.length) {
    const quoted = await repo.findReports(ctx.db, { regionCode: task.region_code, ids: input.quotedReportIds });
    if (quoted.length !== input.quotedReportIds.length || quoted.some((q) => q.task_id !== taskId || q.role !== 'co' || q.status === 'draft')) {
      issues.push({ field: 'quotedReportIds', message: '只能引用本任务责任单位已报送的报告 / only submitted reports of this task’s supporting units can be quoted' });
    }
  }
  if (issues.length) throw new ValidationError('报告有误 / invalid report', issues);
  const periodKey = kind === 'closing' ? 'closing' : period.key;
  return inTransaction(ctx, async (trx) => {
    const inserted = await trx
      .insertInto('task_reports')
      .values({
        region_code: task.region_code,
        plan_id: plan.id,
        task_id: taskId,
        unit_id: unitId,
        role,
        kind,
        period: periodKey,
        period_end: period.end,
        due_date: kind === 'closing' ? task.due_date : period.due,
        indicator_values: '[]',
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.columns(['region_code', 'task_id', 'unit_id', 'kind', 'period']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const [existing] = await trx
      .selectFrom('task_reports')
      .select(['id', 'status', 'version'])
      .where('region_code', '=', task.region_code)
      .where('task_id', '=', taskId)
      .where('unit_id', '=', unitId)
      .where('kind', '=', kind)
      .where('period', '=', periodKey)
      .forUpdate()
      .execute();
    const before = (await repo.findReports(trx, { regionCode: task.region_code, id: existing.id }))[0];
    requireAbility(trackingPolicy.report.write, ctx.actor, reportRefOf(ref, before), 'change the report');
    if (input.version !== undefined && input.version !== existing.version) throw new ConflictError('报告已被他人修改，请刷新 / the report was changed by someone else; reload');
    await trx
      .updateTable('task_reports')
      .set((eb) => ({
        done_text: input.doneText ?? before.done_text,
        percent: input.percent === undefined ? before.percent : input.percent,
        milestones_reached: input.milestonesReached ?? before.milestones_reached,
        indicator_values: JSON.stringify(input.indicatorValues ?? before.indicator_values),
        problems: input.problems ?? before.problems,
        help_needed: input.helpNeeded ?? before.help_needed,
        next_steps: input.nextSteps ?? before.next_steps,
        quoted_report_ids: input.quotedReportIds ?? before.quoted_report_ids,
        updated_at: new Date(),
        version: eb('version', '+', 1),
      }))
      .where('region_code', '=', task.region_code)
      .where('id', '=', existing.id)
      .execute();
    await refreshReportSummaries(trx, task.region_code, [taskId]);
    await repo.addEvent(trx, {
      regionCode: task.region_code,
      reportId: existing.id,
      taskId,
      action: inserted ? 'create' : 'save',
      from: inserted ? null : before.status,
      to: before.status,
      userId: ctx.actor.userId,
      actorName: ctx.actor.name,
    });
    const [after] = await repo.findReports(trx, { regionCode: task.region_code, id: existing.id });
    await recordAudit(trx, ctx.actor, {
      action: inserted ? 'create' : 'update',
      entity: 'report',
      entityId: existing.id,
      regionCode: task.region_code,
      summary: `${after.unit_short_name ?? after.unit_name} ${kind === 'closing' ? '办结报告' : `${period.key} 进展`}：任务 ${task.seq} ${task.title.slice(0, 30)}`,
      before: inserted ? undefined : before,
      after,
    });
    return withAbilities(ctx, ref)(after);
  });
}

/** A report the caller may see, with its task; others are reported missing. */
async function visibleReport(ctx: ServiceContext, reportId: string) {
  const missing = () => bilingualNotFound(`报告 ${reportId} 不存在`, `Report ${reportId}`);
  const key = await repo.findReportById(ctx.db, reportId);
  if (!key) throw missing();
  const [found] = await repo.findReports(ctx.db, { regionCode: key.region_code, id: reportId });
  if (!found) throw missing();
  const { task, plan, ref } = await trackedTask(ctx, found.task_id).catch(() => {
    throw missing();
  });
  requireVisible(trackingPolicy.report.read, ctx.actor, reportRefOf(ref, found), 'read report', missing);
  return { report: found, task, plan, ref };
}

/** One report with its abilities, evidence and timeline. */
export async function getReport(ctx: ServiceContext, reportId: string) {
  const { report, task, ref } = await visibleReport(ctx, reportId);
  const events = (await repo.loadEvents(ctx.db, task.region_code, task.id)).filter((e) => e.report_id === reportId);
  return { ...withAbilities(ctx, ref)(report), evidence: await repo.listEvidence(ctx.db, task.region_code, [reportId]), timeline: events };
}

type Transition = { action: 'submit' | 'return' | 'accept'; to: ReportStatus; reason?: string };

/**
 * Moves a report on (submit, return with a reason, accept) in one transaction with its timeline step and audit entry.
 * The row is locked first, so a second click waits for the first and then finds the report already moved: a repeated
 * submit returns the report as it is (`repeated: true`), stored once.
 */
async function transition(ctx: ServiceContext, reportId: string, t: Transition, check?: (trx: Tx, report: repo.ReportRow) => Promise<void>) {
  const { report: seen, task, plan, ref } = await visibleReport(ctx, reportId);
  return inTransaction(ctx, async (trx) => {
    await repo.lockReport(trx, task.region_code, reportId);
    const [report] = await repo.findReports(trx, { regionCode: task.region_code, id: reportId });
    const rule = t.action === 'submit' ? trackingPolicy.report.submit : trackingPolicy.report.review;
    if (report.status === t.to) {
      // A repeat (double click, retry) by someone who could have made the step: the report as it is, stored once.
      requireAbility(rule, ctx.actor, { ...reportRefOf(ref, report), status: t.action === 'submit' ? 'draft' : 'submitted' }, `${t.action} report`);
      return { ...withAbilities(ctx, ref)(report), repeated: true };
    }
    requireAbility(rule, ctx.actor, reportRefOf(ref, report), `${t.action} report`);
    await check?.(trx, report);
    const now = new Date();
    await trx
      .updateTable('task_reports')
      .set((eb) => ({
        status: t.to,
        ...(t.action === 'submit' ? { submitted_at: now, return_reason: null } : { reviewed_at: now, reviewed_by: ctx.actor.userId }),
        ...(t.action === 'return' ? { return_reason: t.reason ?? null } : {}),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('region_code', '=', task.region_code)
      .where('id', '=', reportId)
      .execute();
    await refreshReportSummaries(trx, task.region_code, [task.id]);
    await repo.addEvent(trx, { regionCode: task.region_code, reportId, taskId: task.id, action: t.action, from: report.status, to: t.to, reason: t.reason, userId: ctx.actor.userId, actorName: ctx.actor.name });
    if (t.action === 'accept' && report.kind === 'closing' && report.role === 'lead') {
      await trx.updateTable('tasks').set({ closed_at: now, closing_report_id: reportId, updated_at: now }).where('region_code', '=', task.region_code).where('id', '=', task.id).execute();
    }
    // An accepted report moves the task's stored class and warning at once (tracking.progress.service.ts).
    if (t.action === 'accept') await refreshTaskProgress(trx, { planId: task.plan_id, taskId: task.id });
    const [after] = await repo.findReports(trx, { regionCode: task.region_code, id: reportId });
    const verb = { submit: '报送', return: '退回', accept: '审核通过' }[t.action];
    await recordAudit(trx, ctx.actor, {
      action: t.action,
      entity: 'report',
      entityId: reportId,
      regionCode: task.region_code,
      summary: `${verb}${seen.unit_short_name ?? seen.unit_name}${report.kind === 'closing' ? '办结报告' : ` ${report.period} 进展`}：任务 ${task.seq}${t.reason ? `（${t.reason}）` : ''}`,
      before: { status: report.status },
      after: { status: t.to, reason: t.reason },
    });
    if (t.action === 'return') {
      // A supporting unit's report goes back from the lead unit, the lead unit's from the supervision office.
      const lead = task.leadUnit ? (task.leadUnit.unit_short_name ?? task.leadUnit.unit_name ?? task.leadUnit.raw_name) : '';
      const returnedBy =
        report.role === 'co'
          ? { zh: `牵头单位${lead}（${ctx.actor.name}）`, en: `the lead unit ${lead} (${ctx.actor.name})` }
          : { zh: `督查室（${ctx.actor.name}）`, en: `the supervision office (${ctx.actor.name})` };
      await notifyReturned(ctx, trx, { task, plan, report: after, unitName: seen.unit_short_name ?? seen.unit_name, reason: t.reason ?? '', returnedBy, now });
    }
    const closedNow = t.action === 'accept' && report.kind === 'closing' && report.role === 'lead';
    return { ...withAbilities(ctx, closedNow ? { ...ref, closed: true } : ref)(after), repeated: false };
  });
}

/** Tells a unit under its bell (and on its channels) that its report came back for revision, by whom and why. */
async function notifyReturned(
  ctx: ServiceContext,
  trx: Tx,
  r: { task: TaskRow; plan: PlanRow; report: repo.ReportRow; unitName: string; reason: string; returnedBy: { zh: string; en: string }; now: Date },
) {
  const { task, report } = r;
  await notifyUnit(trx, {
    regionCode: task.region_code,
    planId: task.plan_id,
    taskId: task.id,
    unitId: report.unit_id,
    period: report.kind === 'closing' ? null : report.period,
    due: report.due_date ?? chinaDay(r.now),
    kind: 'returned',
    // One notice per return: the report's version moves on each step.
    dedupeKey: `returned|${report.id}|${report.version}`,
    text: returnedReportText({ planTitle: r.plan.title, seq: task.seq, title: task.title, unitName: r.unitName, period: report.kind === 'closing' ? 'closing' : report.period, reason: r.reason, returnedBy: r.returnedBy }),
    taskLabel: `${task.seq ? `${task.seq}. ` : ''}${task.title}`,
    createdBy: ctx.actor.userId,
    now: r.now,
  });
}

/** The unit sends its report: a supporting unit's to the lead unit, the lead unit's to the supervisors. */
export async function submitReport(ctx: ServiceContext, reportId: string) {
  return transition(ctx, reportId, { action: 'submit', to: 'submitted' }, async (trx, r) => {
    const issues: FieldIssue[] = [];
    if (!r.done_text.trim()) issues.push({ field: 'doneText', message: '请填写本期工作进展 / say what was done this period' });
    if (r.role === 'lead' && r.kind === 'progress' && r.percent === null) issues.push({ field: 'percent', message: '请填写完成百分比 / give the percent complete' });
    if (r.kind === 'closing') {
      const files = await repo.listEvidence(trx, r.region_code, [r.id]);
      if (files.length === 0) issues.push({ field: 'evidence', message: '办结须附佐证材料 / a closing report needs evidence files' });
    }
    if (issues.length) throw new ValidationError('报告不完整 / the report is incomplete', issues);
  });
}

/** The reviewer sends a report back for revision, saying why. */
export async function returnReport(ctx: ServiceContext, reportId: string, reason: string) {
  if (!reason?.trim()) throw new ValidationError('请说明退回原因 / say why the report is returned', [{ field: 'reason', message: 'required' }]);
  return transition(ctx, reportId, { action: 'return', to: 'returned', reason: reason.trim() });
}

/** The reviewer accepts a report; an accepted closing report closes the task (办结). */
export async function acceptReport(ctx: ServiceContext, reportId: string) {
  return transition(ctx, reportId, { action: 'accept', to: 'accepted' });
}

/** A supervisor reopens a closed task, saying why; its closing report goes back to the lead unit as returned. */
export async function reopenTask(ctx: ServiceContext, taskId: string, reason: string) {
  const { task, plan, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.trackedTask.reopen, ctx.actor, ref, 'reopen task');
  if (!reason?.trim()) throw new ValidationError('请说明重新打开的原因 / say why the task is reopened', [{ field: 'reason', message: 'required' }]);
  return inTransaction(ctx, async (trx) => {
    const now = new Date();
    await trx.updateTable('tasks').set({ closed_at: null, closing_report_id: null, updated_at: now }).where('region_code', '=', task.region_code).where('id', '=', taskId).execute();
    if (task.closing_report_id) {
      await trx
        .updateTable('task_reports')
        .set((eb) => ({ status: 'returned', return_reason: reason.trim(), updated_at: now, version: eb('version', '+', 1) }))
        .where('region_code', '=', task.region_code)
        .where('id', '=', task.closing_report_id)
        .execute();
        await refreshReportSummaries(trx, task.region_code, [taskId]);
      await repo.addEvent(trx, { regionCode: task.region_code, reportId: task.closing_report_id, taskId, action: 'reopen', from: 'accepted', to: 'returned', reason: reason.trim(), userId: ctx.actor.userId, actorName: ctx.actor.name });
      const [closing] = await repo.findReports(trx, { regionCode: task.region_code, id: task.closing_report_id });
      if (closing) {
        const returnedBy = { zh: `督查室（${ctx.actor.name}）`, en: `the supervision office (${ctx.actor.name})` };
        await notifyReturned(ctx, trx, { task, plan, report: closing, unitName: closing.unit_short_name ?? closing.unit_name, reason: reason.trim(), returnedBy, now });
      }
    }
    await refreshTaskProgress(trx, { planId: task.plan_id, taskId });
    await recordAudit(trx, ctx.actor, { action: 'reopen', entity: 'task', entityId: taskId, regionCode: task.region_code, summary: `重新打开任务 ${task.seq}：${reason.trim()}`, before: { closed_at: task.closed_at }, after: { closed_at: null, reason: reason.trim() } });
    return { taskId, closed: false };
  });
}

/** The lead unit asks for another deadline, saying why; a supervisor decides. `today` (China) defaults to the clock's. */
export async function requestDeadlineChange(ctx: ServiceContext, taskId: string, input: { newDueDate: string; reason: string }, opts: { today?: string } = {}) {
  const { task, ref } = await trackedTask(ctx, taskId);
  requireAbility(trackingPolicy.trackedTask.requestDeadline, ctx.actor, ref, 'request a deadline change');
  const issues: FieldIssue[] = [];
  const today = opts.today ?? chinaDay();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.newDueDate) || Number.isNaN(Date.parse(`${input.newDueDate}T00:00:00Z`))) issues.push({ field: 'newDueDate', message: '日期应为 YYYY-MM-DD / expected YYYY-MM-DD' });
  // A deadline already passed, or the one in force, is no change a supervisor could approve (the walk asked for 2020-01-01).
  else if (input.newDueDate < today) issues.push({ field: 'newDueDate', message: `新的完成时限不能早于今天（${today}） / the new deadline cannot be before today (${today})` });
  else if (input.newDueDate === task.due_date) issues.push({ field: 'newDueDate', message: `与现行完成时限相同（${task.due_date}） / the same as the deadline in force (${task.due_date})` });
  if (!input.reason?.trim()) issues.push({ field: 'reason', message: '请说明理由 / say why' });
  if (issues.length) throw new ValidationError('调整申请有误 / invalid request', issues);
  return inTransaction(ctx, async (trx) => {
    const row = await trx
      .insertInto('deadline_changes')
      .values({ region_code: task.region_code, task_id: taskId, unit_id: ref.leadUnitId, old_due_date: task.due_date, new_due_date: input.newDueDate, reason: input.reason.trim(), requested_by: ctx.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx.actor, { action: 'request', entity: 'deadline_change', entityId: row.id, regionCode: task.region_code, summary: `申请调整任务 ${task.seq} 时限：${task.due_date ?? '-'} → ${input.newDueDate}`, after: row });
    return row;
  });
}

/** A supervisor approves (the task takes the new date and keeps its first) or rejects a deadline change. */
export async function decideDeadlineChange(ctx: ServiceContext, changeId: string, input: { approve: boolean; note?: string }) {
  const change = await repo.findDeadlineChangeById(ctx.db, changeId);
  const missing = () => bilingualNotFound(`时限调整申请 ${changeId} 不存在`, `Deadline change ${changeId}`);
  if (!change) throw missing();
  const { task, ref } = await trackedTask(ctx, change.task_id).catch(() => {
    throw missing();
  });
  requireAbility(trackingPolicy.trackedTask.decideDeadline, ctx.actor, ref, 'decide a deadline change');
  if (change.status !== 'pending') throw new ConflictError('该申请已处理 / the request was already decided');
  return inTransaction(ctx, async (trx) => {
    const now = new Date();
    const status = input.approve ? ('approved' as const) : ('rejected' as const);
    const r = await trx
      .updateTable('deadline_changes')
      .set({ status, decision_note: input.note?.trim() || null, decided_by: ctx.actor.userId, decided_at: now })
      .where('region_code', '=', change.region_code)
      .where('id', '=', changeId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new ConflictError('该申请已处理 / the request was already decided');
    if (input.approve) {
      await trx
        .updateTable('tasks')
        .set((eb) => ({ original_due_date: eb.fn.coalesce('original_due_date', 'due_date'), due_date: change.new_due_date, updated_at: now, version: eb('version', '+', 1) }))
        .where('region_code', '=', task.region_code)
        .where('id', '=', task.id)
        .execute();
      await refreshTaskProgress(trx, { planId: task.plan_id, taskId: task.id });
    }
    await recordAudit(trx, ctx.actor, {
      action: input.approve ? 'approve' : 'reject',
      entity: 'deadline_change',
      entityId: changeId,
      regionCode: task.region_code,
      summary: `${input.approve ? '同意' : '不同意'}调整任务 ${task.seq} 时限：${change.old_due_date ?? '-'} → ${change.new_due_date}`,
      before: change,
      after: { status, note: input.note ?? null },
    });
    return { ...change, status, decision_note: input.note?.trim() || null };
  });
}

/** One line of a unit's page: a task it leads or supports, the current period, and where the unit stands. */
export interface OwedReport {
  taskId: string;
  planId: string;
  planTitle: string;
  seq: string;
  title: string;
  role: 'lead' | 'co';
  unitId: string;
  period: string;
  due: string;
  state: Obligation;
  reportId: string | null;
  returnReason: string | null;
  /** Whether this account writes the unit's reports (its editors do; its viewers and supervisors only look). */
  writable: boolean;
}

/**
 * A unit's page (我的填报): for the tasks it leads and supports in issued plans, what it owes this cycle (待报), what
 * is overdue (this period past its due date, or the last period never submitted), and what was returned to it.
 */
export async function unitReporting(ctx: ServiceContext, opts: { unitId?: string; today?: string } = {}) {
  const unitIds = opts.unitId ? [opts.unitId] : [...new Set([...ctx.actor.editableUnitIds, ...ctx.actor.viewableUnitIds, ...(ctx.actor.unitId ? [ctx.actor.unitId] : [])])];
  if (unitIds.length === 0) requireAbility(trackingPolicy.reporting.unitPage, ctx.actor, null, 'see a unit’s reporting');
  for (const u of unitIds) requireAbility(trackingPolicy.reporting.unitPage, ctx.actor, u, 'see the unit’s reporting');
  const today = opts.today ?? chinaDay();
  const rows = (await repo.tasksOfUnits(ctx.db, unitIds)).filter((r) => !r.closed_at && (!r.issued_date || r.issued_date <= today));
  const reports = rows.length
    ? await repo.unitReports(ctx.db, [...new Set(rows.map((r) => r.region_code))], unitIds, [...new Set(rows.map((r) => r.task_id))])
    : [];
  const byKey = new Map(reports.map((r) => [`${r.task_id}|${r.unit_id}|${r.kind}|${r.period}`, r]));
  const lines: OwedReport[] = [];
  for (const row of rows) {
    const current = periodOf(taskCycle(row.report_cycle, row.recurrence), today, row.report_due_day);
    const previous = previousPeriod(current, row.report_due_day);
    const writable = ctx.actor.kind === 'user' && ctx.actor.editableUnitIds.has(row.unit_id!);
    const base = { taskId: row.task_id, planId: row.plan_id, planTitle: row.plan_title, seq: row.seq, title: row.title, role: row.role, unitId: row.unit_id!, writable };
    const line = (p: Period) => {
      const r = byKey.get(`${row.task_id}|${row.unit_id}|progress|${p.key}`);
      return { ...base, period: p.key, due: p.due, state: obligationOf(r?.status ?? null, p.due, today), reportId: r?.id ?? null, returnReason: r?.return_reason ?? null };
    };
    // The last period counts only when reporting had begun by then.
    if (!row.issued_date || row.issued_date <= previous.end) {
      const last = line(previous);
      if (last.state === 'overdue' || last.state === 'returned') lines.push(last);
    }
    lines.push(line(current));
  }
  return {
    today,
    owed: lines.filter((l) => l.state === 'due'),
    overdue: lines.filter((l) => l.state === 'overdue'),
    returned: lines.filter((l) => l.state === 'returned'),
    submitted: lines.filter((l) => l.state === 'submitted' || l.state === 'accepted'),
  };
}

/**
 * What waits for the caller's decision: reports (the task's reports for supervisors, supporting units' reports for the
 * lead unit's editors) and, for supervisors, deadline change requests (less those of a unit the caller edits for,
 * which another supervisor decides).
 */
export async function reviewQueue(ctx: ServiceContext) {
  requireAbility(trackingPolicy.reporting.reviewQueue, ctx.actor, undefined as never, 'see the review queue');
  const supervising = isSupervising(ctx.actor);
  const changes = supervising ? (await repo.pendingDeadlineChanges(ctx.db)).filter((c) => !(c.unit_id !== null && ctx.actor.editableUnitIds.has(c.unit_id))) : [];
  return {
    reports: await repo.reviewQueueRows(ctx.db, { supervising, leadUnitIds: [...ctx.actor.editableUnitIds] }),
    deadlineChanges: changes.map(({ unit_id: _, ...c }) => c),
  };
}
