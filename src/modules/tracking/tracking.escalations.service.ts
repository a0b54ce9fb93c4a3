import { abilitiesOf, requireAbility, requireVisible } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { isSupervising, recordAudit } from '../org/index.ts';
import { ledgerPolicy, writePlanDocx } from '../ledger/index.ts';
import { DEFAULT_RULE } from './tracking.progress.domain.ts';
import { escalationPolicy, type EscalationRef } from './tracking.escalations.policy.ts';
import {
  escalationNumber,
  issuingYear,
  mayStep,
  OPEN_STATUSES,
  ruleSource,
  SOURCE_NAMES,
  STATUS_AFTER,
  writtenDay,
  type EscalationAction,
  type EscalationSource,
  type EscalationStatus,
} from './tracking.escalations.domain.ts';
import * as repo from './tracking.escalations.repo.ts';
import { trackedTask } from './tracking.reports.service.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { notifyUnit } from './tracking.notify.service.ts';
import { escalationIssuedText, escalationReturnedText } from './tracking.notify.domain.ts';

const rules = escalationPolicy.escalation;
/** The rules on a notice itself, whose names its `abilities` lists. */
const onNotice = { read: rules.read, answer: rules.answer, return: rules.return, close: rules.close };

const refOf = (ctx: ServiceContext, e: repo.EscalationRow): EscalationRef => ({
  unitId: e.unit_id,
  leaderPersonId: e.leader_person_id,
  status: e.status,
  planReadable: ledgerPolicy.plan.read(ctx.actor, { ownerUnitId: e.plan_owner_unit_id, status: e.plan_status, consultedUnitIds: [] }),
});

/** A notice as the API answers it: its number written out, its task, and what the caller may do with it. */
function present(ctx: ServiceContext, e: repo.EscalationRow) {
  return {
    id: e.id,
    taskId: e.task_id,
    planId: e.plan_id,
    planTitle: e.plan_title,
    taskSeq: e.task_seq,
    taskTitle: e.task_title,
    year: e.year,
    number: e.number,
    numberText: escalationNumber(e.year, e.number),
    unitId: e.unit_id,
    unitName: e.unit_name,
    unitShortName: e.unit_short_name ?? e.unit_name,
    leaderName: e.leader_name,
    source: e.source,
    reason: e.reason,
    requirements: e.requirements,
    replyDue: e.reply_due,
    status: e.status,
    answer: e.answer,
    answeredByName: e.answered_by_name,
    answeredAt: e.answered_at,
    returnReason: e.return_reason,
    closeNote: e.close_note,
    closedAt: e.closed_at,
    issuedByName: e.issued_by_name,
    issuedAt: e.issued_at,
    version: e.version,
    abilities: abilitiesOf(onNotice, ctx.actor, refOf(ctx, e)),
  };
}
export type Escalation = ReturnType<typeof present>;

/** Filters of the list of notices. */
export interface EscalationListQuery {
  status?: EscalationStatus | 'open';
  unitId?: string;
  planId?: string;
  taskId?: string;
}

/**
 * The notices the caller may see, newest first: every one for supervisors; for others those sent to the units on
 * their side (viewers, editors, leaders of the unit's portfolio) or to them as a task's lead leader.
 */
export async function listEscalations(ctx: ServiceContext, q: EscalationListQuery = {}) {
  requireAbility(rules.list, ctx.actor, undefined, 'list escalation notices');
  const a = ctx.actor;
  const reach = isSupervising(a) ? undefined : { unitIds: [...new Set([...a.viewableUnitIds, ...a.editableUnitIds, ...a.portfolioUnitIds])], leaderPersonId: a.personId };
  const rows = await repo.findEscalations(ctx.db, {
    status: q.status === 'open' ? [...OPEN_STATUSES] : q.status ? [q.status] : undefined,
    unitId: q.unitId,
    planId: q.planId,
    taskId: q.taskId,
    reach,
  });
  return { escalations: rows.filter((e) => rules.read(a, refOf(ctx, e))).map((e) => present(ctx, e)) };
}

/** A notice the caller may see, by id; any other is reported missing. */
async function visibleEscalation(ctx: ServiceContext, id: string) {
  const missing = () => bilingualNotFound(`督办单 ${id} 不存在`, `Escalation notice ${id}`);
  const key = await repo.findEscalationById(ctx.db, id);
  if (!key) throw missing();
  const [row] = await repo.findEscalations(ctx.db, { regionCode: key.region_code, id });
  if (!row) throw missing();
  requireVisible(rules.read, ctx.actor, refOf(ctx, row), 'read escalation notice', missing);
  return row;
}

/** One notice with its timeline (留痕). */
export async function getEscalation(ctx: ServiceContext, id: string) {
  const row = await visibleEscalation(ctx, id);
  return { ...present(ctx, row), timeline: await repo.loadEvents(ctx.db, row.region_code, id) };
}

/**
 * The notices the rules suggest: tasks of issued plans with a red warning (overdue, late reports in a row, or red by
 * progress) and no open notice, each with its reason in words, as the stored standing gives it.
 */
export async function suggestedEscalations(ctx: ServiceContext, q: { planId?: string } = {}) {
  requireAbility(rules.supervise, ctx.actor, undefined, 'see suggested escalation notices');
  const rows = await repo.redTasksWithoutOpenEscalation(ctx.db, q);
  return {
    suggestions: rows
      .filter((r) => r.unit_id !== null)
      .map((r) => ({
        taskId: r.task_id,
        planId: r.plan_id,
        planTitle: r.plan_title,
        taskSeq: r.seq,
        taskTitle: r.title,
        dueDate: r.due_date,
        unitId: r.unit_id!,
        unitName: r.unit_short_name ?? r.unit_name ?? '',
        asOf: r.as_of,
        source: ruleSource({ class: r.class, warning: r.warning, lateReports: r.late_reports, redLateReports: r.red_late_reports ?? DEFAULT_RULE.redLateReports })!,
        reasonZh: r.reason_zh,
        reasonEn: r.reason_en,
      })),
  };
}

/** What a supervisor writes on a notice. */
export interface IssueInput {
  /** Why (督办事由); for a notice from the rules, the task's standing in words when left out. */
  reason?: string;
  /** What is demanded (工作要求). */
  requirements: string;
  /** The day the unit must answer by (反馈时限), YYYY-MM-DD, not before today. */
  replyDue: string;
  /** 'rules' takes the source from the task's stored standing (which must be red); 'manual' (default) by hand. */
  from?: 'rules' | 'manual';
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function checkIssue(input: IssueInput, today: string, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!input.requirements?.trim()) issues.push({ field: `${prefix}requirements`, message: bilingual('请填写督办要求', 'say what is demanded') });
  if (!isDay(input.replyDue ?? '')) issues.push({ field: `${prefix}replyDue`, message: bilingual('反馈时限应为 YYYY-MM-DD 格式的日期', 'the reply deadline must be a day as YYYY-MM-DD') });
  else if (input.replyDue < today) issues.push({ field: `${prefix}replyDue`, message: bilingual(`反馈时限不能早于今天（${today}）`, `the reply deadline cannot be before today (${today})`) });
  if (input.from !== 'rules' && !input.reason?.trim()) issues.push({ field: `${prefix}reason`, message: bilingual('请填写督办事由', 'say why the task is escalated') });
  return issues;
}

/**
 * Issues one notice on a task, in the transaction given: the task's lead unit and lead leader as they stand, the
 * next number of the task's region and issuing year (its counter row locked, so concurrent issues wait and no
 * number is given twice or skipped), the first timeline step and the audit entry. A task that already has an open
 * notice gets no second one: that one is returned (`repeated: true`), so a double click or a retry stores one.
 */
async function issueIn(ctx: ServiceContext, trx: Tx, taskId: string, input: IssueInput, now: Date, field = '') {
  const { task, plan, ref } = await trackedTask({ ...ctx, db: trx as unknown as ServiceContext['db'] }, taskId);
  requireAbility(rules.issue, ctx.actor, ref, 'issue an escalation notice');
  const notIssued = (zh: string, en: string) => new ValidationError(bilingual(zh, en), [{ field: field || 'taskId', message: bilingual(zh, en) }]);
  if (plan.status !== 'issued') throw notIssued(`任务 ${task.seq} 所在规划尚未印发，不能督办`, `task ${task.seq} belongs to a plan not yet issued`);
  const year = issuingYear(now);
  await repo.lockCounter(trx, task.region_code, year);
  const open = await repo.openEscalationOfTask(trx, task.region_code, taskId);
  if (open) {
    const [row] = await repo.findEscalations(trx, { regionCode: task.region_code, id: open.id });
    return { ...present(ctx, row), repeated: true };
  }
  let source: EscalationSource = 'manual';
  let reason = input.reason?.trim() ?? '';
  if (input.from === 'rules') {
    const standing = await repo.standingOf(trx, task.region_code, taskId);
    const ruled = standing && ruleSource({ class: standing.class, warning: standing.warning, lateReports: standing.late_reports, redLateReports: standing.red_late_reports ?? DEFAULT_RULE.redLateReports });
    if (!standing || !ruled) throw notIssued(`任务 ${task.seq} 没有红色预警，请人工督办`, `task ${task.seq} has no red warning; escalate it by hand`);
    source = ruled;
    reason ||= standing.reason_zh;
  }
  const number = await repo.nextNumber(trx, task.region_code, year);
  const leader = task.leaders[0];
  const inserted = await trx
    .insertInto('escalations')
    .values({
      region_code: task.region_code,
      plan_id: plan.id,
      task_id: taskId,
      year,
      number,
      unit_id: ref.leadUnitId,
      unit_name: task.leadUnit?.unit_name ?? task.leadUnit?.raw_name ?? '',
      leader_person_id: leader?.person_id ?? null,
      leader_name: leader ? (leader.person_name ?? leader.raw_name) : null,
      source,
      reason,
      requirements: input.requirements.trim(),
      reply_due: input.replyDue,
      issued_by: ctx.actor.userId,
      issued_by_name: ctx.actor.name,
      issued_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await repo.addEvent(trx, { regionCode: task.region_code, escalationId: inserted.id, action: 'issue', from: null, to: 'issued', note: reason, userId: ctx.actor.userId, actorName: ctx.actor.name });
  const [row] = await repo.findEscalations(trx, { regionCode: task.region_code, id: inserted.id });
  await notifyEscalated(ctx, trx, row, 'issue', now);
  await recordAudit(trx, ctx.actor, {
    action: 'issue',
    entity: 'escalation',
    entityId: inserted.id,
    regionCode: task.region_code,
    summary: `${escalationNumber(year, number)}：督办${row.unit_name}，任务 ${task.seq} ${task.title.slice(0, 30)}（${SOURCE_NAMES[source].zh}）`,
    after: row,
  });
  return { ...present(ctx, row), repeated: false };
}

/**
 * Tells the notice's unit under its bell (and on its channels): a notice issued to it (number, reason, requirements,
 * reply deadline), or its answer sent back (why). A notice whose lead unit is not matched to a unit reaches no one.
 */
async function notifyEscalated(ctx: ServiceContext, trx: Tx, e: repo.EscalationRow, action: 'issue' | 'return', now: Date) {
  if (!e.unit_id) return;
  const words = { planTitle: e.plan_title, seq: e.task_seq, title: e.task_title, unitName: e.unit_short_name ?? e.unit_name, numberText: escalationNumber(e.year, e.number), replyDue: e.reply_due };
  await notifyUnit(trx, {
    regionCode: e.region_code,
    planId: e.plan_id,
    taskId: e.task_id,
    unitId: e.unit_id,
    period: null,
    due: e.reply_due,
    kind: 'escalation',
    // One notice per step: the notice's version moves on each one.
    dedupeKey: `escalation|${e.id}|${action}|${e.version}`,
    text: action === 'issue' ? escalationIssuedText({ ...words, reason: e.reason, requirements: e.requirements }) : escalationReturnedText({ ...words, reason: e.return_reason ?? '' }),
    taskLabel: `${e.task_seq ? `${e.task_seq}. ` : ''}${e.task_title}`,
    createdBy: ctx.actor.userId,
    now,
  });
}

/** A supervisor issues a notice on one task: by hand, or from the rules (the task's red warning gives source and reason). */
export async function issueEscalation(ctx: ServiceContext, taskId: string, input: IssueInput, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  const issues = checkIssue(input, chinaDay(now));
  if (issues.length) throw new ValidationError(bilingual('督办单有误', 'invalid escalation notice'), issues);
  return inTransaction(ctx, (trx) => issueIn(ctx, trx, taskId, input, now));
}

/**
 * A supervisor issues the suggested notices of several tasks at once, from the rules, with the same requirements and
 * reply deadline: all in one transaction, numbered in the order given; one task that cannot be escalated stops them
 * all (named by its position), and tasks that already have an open notice keep it (`repeated: true`).
 */
export async function issueEscalations(ctx: ServiceContext, input: { taskIds: string[]; requirements: string; replyDue: string }, opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  requireAbility(rules.supervise, ctx.actor, undefined, 'issue escalation notices');
  const issues = checkIssue({ ...input, from: 'rules' }, chinaDay(now));
  if (!input.taskIds?.length) issues.push({ field: 'taskIds', message: bilingual('请选择要督办的任务', 'choose the tasks to escalate') });
  if (new Set(input.taskIds).size !== input.taskIds.length) issues.push({ field: 'taskIds', message: bilingual('任务有重复', 'a task is listed twice') });
  if (issues.length) throw new ValidationError(bilingual('督办单有误', 'invalid escalation notices'), issues);
  return inTransaction(ctx, async (trx) => {
    const out = [];
    for (const [i, taskId] of input.taskIds.entries()) out.push(await issueIn(ctx, trx, taskId, { requirements: input.requirements, replyDue: input.replyDue, from: 'rules' }, now, `taskIds[${i}]`));
    return { escalations: out };
  });
}

const STEP_VERB: Record<Exclude<EscalationAction, 'issue'>, { zh: string; rule: (typeof rules)['answer'] }> = {
  answer: { zh: '答复', rule: rules.answer },
  return: { zh: '退回重报', rule: rules.return },
  close: { zh: '办结', rule: rules.close },
};

/**
 * Moves a notice on (answer, return, close) in one transaction with its timeline step and audit entry. The row is
 * locked first, so a second click waits for the first and then finds the notice already moved: the repeat returns it
 * as it is (`repeated: true`), stored once.
 */
async function step(ctx: ServiceContext, id: string, action: Exclude<EscalationAction, 'issue'>, text: string | null) {
  const seen = await visibleEscalation(ctx, id);
  const { rule, zh } = STEP_VERB[action];
  return inTransaction(ctx, async (trx) => {
    await repo.lockEscalation(trx, seen.region_code, id);
    const [row] = await repo.findEscalations(trx, { regionCode: seen.region_code, id });
    const to = STATUS_AFTER[action];
    if (row.status === to) {
      // A repeat by someone who could have taken the step: the notice as it is.
      requireAbility(rule, ctx.actor, { ...refOf(ctx, row), status: action === 'answer' ? 'issued' : 'answered' }, `${action} escalation notice`);
      return { ...present(ctx, row), repeated: true };
    }
    requireAbility(rule, ctx.actor, refOf(ctx, row), `${action} escalation notice`);
    if (!mayStep(action, row.status)) throw new ValidationError(bilingual(`督办单当前状态不能${zh}`, `the notice cannot be ${action}ed now`), [{ field: 'status', message: row.status }]);
    const now = new Date();
    const set =
      action === 'answer'
        ? { answer: text, answered_by: ctx.actor.userId, answered_by_name: ctx.actor.name, answered_at: now, return_reason: null }
        : action === 'return'
          ? { return_reason: text }
          : { close_note: text, closed_by: ctx.actor.userId, closed_at: now };
    await trx
      .updateTable('escalations')
      .set((eb) => ({ ...set, status: to, updated_at: now, version: eb('version', '+', 1) }))
      .where('region_code', '=', row.region_code)
      .where('id', '=', id)
      .execute();
    await repo.addEvent(trx, { regionCode: row.region_code, escalationId: id, action, from: row.status, to, note: text, userId: ctx.actor.userId, actorName: ctx.actor.name });
    const [after] = await repo.findEscalations(trx, { regionCode: row.region_code, id });
    if (action === 'return') await notifyEscalated(ctx, trx, after, 'return', now);
    await recordAudit(trx, ctx.actor, {
      action,
      entity: 'escalation',
      entityId: id,
      regionCode: row.region_code,
      summary: `${zh}${escalationNumber(row.year, row.number)}（${row.unit_name}，任务 ${row.task_seq}）${text ? `：${text.slice(0, 60)}` : ''}`,
      before: { status: row.status },
      after: { status: to, text },
    });
    return { ...present(ctx, after), repeated: false };
  });
}

/** The lead unit answers a notice (its reply text), or answers again after it was returned. */
export async function answerEscalation(ctx: ServiceContext, id: string, input: { answer: string }) {
  if (!input.answer?.trim()) throw new ValidationError(bilingual('请填写答复内容', 'write the answer'), [{ field: 'answer', message: bilingual('必填', 'required') }]);
  return step(ctx, id, 'answer', input.answer.trim());
}

/** The office sends an answer back to the unit for a better one, saying why. */
export async function returnEscalation(ctx: ServiceContext, id: string, input: { reason: string }) {
  if (!input.reason?.trim()) throw new ValidationError(bilingual('请说明退回原因', 'say why the answer is returned'), [{ field: 'reason', message: bilingual('必填', 'required') }]);
  return step(ctx, id, 'return', input.reason.trim());
}

/** The office closes a notice (办结), with an optional note. */
export async function closeEscalation(ctx: ServiceContext, id: string, input: { note?: string } = {}) {
  return step(ctx, id, 'close', input.note?.trim() || null);
}

/**
 * A notice as a Word document in 公文 layout (督办通知单): its number, the lead unit as recipient, the task, reason,
 * requirements and reply deadline, the issuing office and date.
 */
export async function escalationDocx(ctx: ServiceContext, id: string) {
  const row = await visibleEscalation(ctx, id);
  const office = await repo.issuingOffice(ctx.db, row.id, row.region_code);
  const issuedDay = chinaDay(new Date(row.issued_at));
  const numberText = escalationNumber(row.year, row.number);
  const bytes = await writePlanDocx({
    title: '督办通知单',
    docNumber: numberText,
    addressee: row.unit_name,
    preamble: `根据${row.source === 'manual' ? '工作安排' : `督查预警（${SOURCE_NAMES[row.source].zh}）`}，现对下列事项予以督办，请认真办理并按时反馈。`,
    nodes: [
      { marker: '一、', heading: '督办事项', text: `${row.plan_title}第${row.task_seq}项任务：${row.task_title}${row.leader_name ? `\n牵头市领导：${row.leader_name}` : ''}` },
      { marker: '二、', heading: '督办事由', text: row.reason },
      { marker: '三、', heading: '督办要求', text: row.requirements },
      { marker: '四、', heading: '反馈时限', text: `请于${writtenDay(row.reply_due)}前将办理情况书面反馈${office ?? '督查室'}。` },
    ],
    issuer: office ?? '督查室',
    date: issuedDay,
  });
  return { fileName: `${numberText}督办通知单.docx`, bytes };
}

/**
 * How many notices each unit and each lead leader received in a period [from, to] (days, in China), every region:
 * the results record (实绩档案) counts them; with `plan`, that plan's only. Who may read the record is for its caller to check.
 * @example await countEscalationsReceived(ctx, { from: '2026-01-01', to: '2026-12-31' })
 */
export async function countEscalationsReceived(ctx: Pick<ServiceContext, 'db'>, period: { from: string; to: string }, plan?: { id: string; region_code: string }) {
  const china = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`));
  const end = china(period.to);
  end.setUTCDate(end.getUTCDate() + 1);
  const { byUnit, byLeader } = await repo.countIssued(ctx.db, china(period.from), end, plan);
  return {
    byUnit: byUnit.map((r) => ({ unitId: r.unit_id!, unitName: r.unit_name ?? '', count: Number(r.n) })),
    byLeader: byLeader.map((r) => ({ personId: r.leader_person_id, name: r.leader_name!, count: Number(r.n) })),
  };
}
