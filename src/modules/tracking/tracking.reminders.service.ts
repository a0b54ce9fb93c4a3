import { requireAbility, abilitiesOf } from '../../lib/abilities.ts';
import { bilingual, bilingualNotFound } from '../../lib/bilingual.ts';
import { ValidationError, type FieldIssue } from '../../lib/errors.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import type { Db } from '../../server/db.ts';
import { recordAudit } from '../org/index.ts';
import { visiblePlanOr404 } from '../ledger/index.ts';
import { findPlanForProgress } from './tracking.progress.repo.ts';
import { chinaDay } from '../../lib/calendar-date.ts';
import { trackedTask } from './tracking.reports.service.ts';
import { periodOf, previousPeriod, taskCycle } from './tracking.reports.domain.ts';
import {
  daysBetween,
  DEFAULT_REMINDER_RULE,
  isEmailAddress,
  manualReminderKey,
  owedPeriods,
  maskSecret,
  maskWebhook,
  planReminders,
  reminderText,
  type PlannedReminder,
  type PlannerLine,
  type ReminderRule,
} from './tracking.reminders.domain.ts';
import { reminderPolicy } from './tracking.reminders.policy.ts';
import * as repo from './tracking.reminders.repo.ts';
import { webhookAllowed } from './tracking.notify.senders.ts';
import { notifyConfig } from './tracking.notify.config.ts';
import { deliverDue, notifyUnit } from './tracking.notify.service.ts';

type Q = Db | Tx;

const unitLabel = (u: { unit_name: string; unit_short_name: string | null }) => u.unit_short_name || u.unit_name;

// ---------------------------------------------------------------------------------------------------------------------
// Channels

/** A unit's channels as a browser may see them: addresses in full, webhook tokens and the signing secret masked. */
function channelView(unitId: string, row: repo.ChannelRow | undefined) {
  return {
    unitId,
    emails: row?.emails ?? [],
    dingtalk: {
      configured: Boolean(row?.dingtalk_webhook),
      webhook: row?.dingtalk_webhook ? maskWebhook(row.dingtalk_webhook) : null,
      signed: Boolean(row?.dingtalk_secret),
      secret: row?.dingtalk_secret ? maskSecret(row.dingtalk_secret) : null,
    },
    wecom: { configured: Boolean(row?.wecom_webhook), webhook: row?.wecom_webhook ? maskWebhook(row.wecom_webhook) : null },
    updatedAt: row?.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

async function unitOr404(db: Q, unitId: string) {
  const unit = await db.selectFrom('units').select(['id', 'name', 'short_name', 'region_code']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw bilingualNotFound(`单位 ${unitId} 不存在`, `Unit ${unitId}`);
  return unit;
}

/** Where a unit's reminders go (masked), for administrators, the supervision office and the unit's editors. */
export async function unitChannels(ctx: ServiceContext, unitId: string) {
  const unit = await unitOr404(ctx.db, unitId);
  requireAbility(reminderPolicy.reminder.readChannels, ctx.actor, unit, 'read the unit’s reminder channels');
  const [row] = await repo.channelsOf(ctx.db, [unitId]);
  return { ...channelView(unitId, row), unitName: unit.name, abilities: abilitiesOf(reminderPolicy.reminder, ctx.actor, unit).filter((a) => a === 'setChannels') };
}

/** A change of a unit's channels: a field left out keeps its value, null or '' clears it. */
export interface ChannelsInput {
  emails?: string[];
  dingtalkWebhook?: string | null;
  dingtalkSecret?: string | null;
  wecomWebhook?: string | null;
}

/** Sets where a unit's reminders go; wrong addresses and webhook URLs are refused, naming the field, and nothing changes. */
export async function setUnitChannels(ctx: ServiceContext, unitId: string, input: ChannelsInput) {
  const unit = await unitOr404(ctx.db, unitId);
  requireAbility(reminderPolicy.reminder.setChannels, ctx.actor, unit, 'set the unit’s reminder channels');
  const issues: FieldIssue[] = [];
  const emails = input.emails?.map((e) => e.trim()).filter(Boolean);
  emails?.forEach((e, i) => {
    if (!isEmailAddress(e)) issues.push({ field: `emails[${i}]`, message: bilingual(`“${e}”不是有效的电子邮件地址`, `"${e}" is not an e-mail address`) });
  });
  const clean = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());
  const dingtalk = clean(input.dingtalkWebhook);
  const secret = clean(input.dingtalkSecret);
  const wecom = clean(input.wecomWebhook);
  for (const [field, url] of [['dingtalkWebhook', dingtalk], ['wecomWebhook', wecom]] as const) {
    if (url && !webhookAllowed(notifyConfig(), url)) {
      issues.push({
        field,
        message: bilingual(
          `Webhook 地址须为 http(s) 地址，且主机为 ${notifyConfig().webhookHosts.join('、') || '任意'} 之一`,
          `The webhook must be an http(s) URL on ${notifyConfig().webhookHosts.join(', ') || 'any host'} (LUOSHI_WEBHOOK_HOSTS)`,
        ),
      });
    }
  }
  if (issues.length) throw new ValidationError(bilingual('提醒渠道设置有误', 'The reminder channels are not valid'), issues);
  return inTransaction(ctx, async (trx) => {
    const [before] = await repo.channelsOf(trx, [unitId]);
    const row = {
      unit_id: unitId,
      emails: emails ?? before?.emails ?? [],
      dingtalk_webhook: dingtalk === undefined ? (before?.dingtalk_webhook ?? null) : dingtalk,
      dingtalk_secret: secret === undefined ? (before?.dingtalk_secret ?? null) : secret,
      wecom_webhook: wecom === undefined ? (before?.wecom_webhook ?? null) : wecom,
      updated_by: ctx.actor.userId,
    };
    await repo.upsertChannels(trx, row);
    // The audit log keeps what changed, masked as the page shows it: never a token or the secret.
    const { updatedAt: _b, ...beforeView } = channelView(unitId, before);
    const { updatedAt: _a, ...afterView } = channelView(unitId, { ...row, updated_at: new Date() });
    await recordAudit(trx, ctx.actor, { regionCode: unit.region_code, action: 'set_channels', entity: 'notify_channels', entityId: unitId, summary: unit.name, before: beforeView, after: afterView });
    const [saved] = await repo.channelsOf(trx, [unitId]);
    return { ...channelView(unitId, saved), unitName: unit.name, abilities: ['setChannels' as const] };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Rule

const ruleOf = (r: { days_before: number | null; late_limit: number | null } | undefined): ReminderRule =>
  r && r.days_before !== null && r.late_limit !== null ? { daysBefore: r.days_before, lateLimit: r.late_limit } : DEFAULT_REMINDER_RULE;

async function readablePlan(ctx: ServiceContext, planId: string) {
  const plan = await findPlanForProgress(ctx.db, planId);
  if (!plan) throw bilingualNotFound(`规划 ${planId} 不存在`, `Plan ${planId}`);
  await visiblePlanOr404(ctx, { id: plan.id, region_code: plan.region_code });
  return plan;
}

/** A plan's reminder numbers (the default when it set none), for whoever may read the plan. */
export async function planReminderRule(ctx: ServiceContext, planId: string) {
  const plan = await readablePlan(ctx, planId);
  const row = await repo.findReminderRule(ctx.db, plan.region_code, plan.id);
  return { rule: ruleOf(row), custom: Boolean(row), default: DEFAULT_REMINDER_RULE };
}

/** Sets a plan's reminder numbers (null: back to the default); the supervision office's. */
export async function setPlanReminderRule(ctx: ServiceContext, planId: string, rule: ReminderRule | null) {
  requireAbility(reminderPolicy.reminder.setRule, ctx.actor, undefined, 'set the reminder rule');
  const plan = await readablePlan(ctx, planId);
  return inTransaction(ctx, async (trx) => {
    const before = ruleOf(await repo.findReminderRule(trx, plan.region_code, plan.id));
    if (rule === null) await trx.deleteFrom('plan_reminder_rules').where('region_code', '=', plan.region_code).where('plan_id', '=', plan.id).execute();
    else {
      const row = { days_before: rule.daysBefore, late_limit: rule.lateLimit, updated_by: ctx.actor.userId, updated_at: new Date() };
      await trx
        .insertInto('plan_reminder_rules')
        .values({ region_code: plan.region_code, plan_id: plan.id, ...row })
        .onConflict((oc) => oc.columns(['region_code', 'plan_id']).doUpdateSet(row))
        .execute();
    }
    const after = rule ?? DEFAULT_REMINDER_RULE;
    await recordAudit(trx, ctx.actor, { regionCode: plan.region_code, action: 'set_reminder_rule', entity: 'plan', entityId: plan.id, before, after });
    return { rule: after, custom: rule !== null, default: DEFAULT_REMINDER_RULE };
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Planning

interface PlanContext {
  plan: Awaited<ReturnType<typeof repo.plansForReminders>>[number];
  lines: PlannerLine[];
  names: Map<string, { unitName: string; seq: string | null; title: string }>;
  statuses: Map<string, string>;
}

/** Everything the planner needs of one plan on a day: its units' lines and their reports' statuses. */
async function planContext(db: Q, plan: PlanContext['plan'], today: string, taskIds?: string[]): Promise<PlanContext> {
  const rule = ruleOf(plan);
  const rows = await repo.planUnitLines(db, plan.region_code, plan.id, taskIds);
  const names = new Map<string, { unitName: string; seq: string | null; title: string }>();
  const lines: PlannerLine[] = rows.map((r) => {
    names.set(`${r.task_id}|${r.unit_id}`, { unitName: unitLabel(r), seq: r.seq, title: r.title });
    return {
      regionCode: plan.region_code,
      planId: plan.id,
      taskId: r.task_id,
      seq: r.seq,
      title: r.title,
      unitId: r.unit_id!,
      role: r.role,
      recurrence: r.recurrence,
      closed: r.closed_at !== null,
      issuedDate: plan.issued_date,
      reportCycle: plan.report_cycle,
      reportDueDay: plan.report_due_day,
      rule,
    };
  });
  const periods = new Set<string>();
  for (const l of lines) {
    const current = periodOf(taskCycle(l.reportCycle, l.recurrence), today, l.reportDueDay);
    periods.add(current.key).add(previousPeriod(current, l.reportDueDay).key);
  }
  const statuses = new Map((await repo.reportStatuses(db, plan.region_code, plan.id, [...periods])).map((s) => [`${s.task_id}|${s.unit_id}|${s.period}`, s.status]));
  return { plan, lines, names, statuses };
}

const statusOf = (c: PlanContext) => (l: PlannerLine, period: string) => c.statuses.get(`${l.taskId}|${l.unitId}|${period}`) ?? null;

/** Records one reminder (if its key is new): the unit's notification, and its deliveries (tracking.notify.service.ts). */
async function createReminder(trx: Tx, p: { planned: Pick<PlannedReminder, 'regionCode' | 'planId' | 'taskId' | 'unitId' | 'period' | 'due' | 'round' | 'dedupeKey' | 'days'> & { kind: 'due_soon' | 'late' | 'manual' }; role: 'lead' | 'co'; planTitle: string; name: { unitName: string; seq: string | null; title: string }; createdBy: string | null; now: Date }) {
  const { planned, name } = p;
  const text = reminderText({ kind: planned.kind, days: planned.days, due: planned.due, period: planned.period, seq: name.seq, title: name.title, unitName: name.unitName, role: p.role, planTitle: p.planTitle });
  return notifyUnit(trx, { ...planned, text, taskLabel: `${name.seq ? `${name.seq}. ` : ''}${name.title}`, createdBy: p.createdBy, now: p.now });
}

/** What one planner run found and made. */
export interface PlannerResult {
  today: string;
  dryRun: boolean;
  /** Reminders due today (already made ones included). */
  due: number;
  /** Reminders this run made (0 on a dry run, and on a second run the same day). */
  created: number;
  /** Delivery jobs this run queued. */
  deliveries: number;
  reminders: { kind: PlannedReminder['kind']; round: number; period: string; due: string; unit: string; task: string; created: boolean }[];
}

/**
 * Plans today's reminders over every issued plan: before each due date and when late, for every unit that still owes a
 * report (tracking.reminders.domain.ts has the rule). Idempotent: a reminder's key is unique, so running it twice, or
 * on two servers at once, makes each reminder once. With dryRun nothing is written.
 */
export async function planDueReminders(ctx: ServiceContext, opts: { today?: string; dryRun?: boolean; now?: Date } = {}): Promise<PlannerResult> {
  requireAbility(reminderPolicy.reminder.run, ctx.actor, undefined, 'plan reminders');
  const today = opts.today ?? chinaDay(opts.now);
  const now = opts.now ?? new Date();
  const result: PlannerResult = { today, dryRun: Boolean(opts.dryRun), due: 0, created: 0, deliveries: 0, reminders: [] };
  for (const plan of await repo.plansForReminders(ctx.db)) {
    const c = await planContext(ctx.db, plan, today);
    const planned = planReminders(c.lines, today, statusOf(c));
    result.due += planned.length;
    for (const p of planned) {
      const name = c.names.get(`${p.taskId}|${p.unitId}`)!;
      let created = false;
      if (!opts.dryRun) {
        const made = await inTransaction(ctx, (trx) => createReminder(trx, { planned: p, role: p.line.role, planTitle: plan.title, name, createdBy: null, now }));
        created = made.id !== null;
        if (created) {
          result.created += 1;
          result.deliveries += made.channels.length;
        }
      }
      result.reminders.push({ kind: p.kind, round: p.round, period: p.period, due: p.due, unit: name.unitName, task: `${name.seq ?? ''} ${name.title}`.trim(), created });
    }
  }
  return result;
}

/** What a 催办 by hand did: the reminder, whom and which report it is about, and where it went. */
export interface ManualReminder {
  id: string;
  unitId: string;
  unitName: string;
  period: string;
  due: string;
  /** Days the report is late (0 before its due date). */
  daysLate: number;
  /** The channels queued besides the app (none on a repeat). */
  channels: ('email' | 'dingtalk' | 'wecom')[];
  /** The same unit was reminded of the same report earlier this China day: nothing was sent again. */
  repeated: boolean;
  /** When the unit was reminded (the first time today, on a repeat). */
  remindedAt: string;
}

const refuse = (field: string, zh: string, en: string) => new ValidationError(bilingual(zh, en), [{ field, message: bilingual(zh, en) }]);

/**
 * Reminds one unit about its report on one task now (催办 by hand), through the app and the unit's channels: for the
 * period given, which must be one the unit still owes (the current or the previous period, not yet submitted), or,
 * left out, the earliest period it owes. Without a unit, the task's lead unit. Once per unit, task and period a China
 * day: a repeat sends nothing and answers the first (`repeated: true`). The supervision office's.
 */
export async function remindNow(ctx: ServiceContext, taskId: string, input: { unitId?: string; period?: string; today?: string; now?: Date } = {}): Promise<ManualReminder> {
  requireAbility(reminderPolicy.reminder.send, ctx.actor, undefined, 'send a reminder');
  const { task, plan } = await trackedTask(ctx, taskId);
  const unitId = input.unitId ?? task.leadUnit?.unit_id ?? null;
  const now = input.now ?? new Date();
  const today = input.today ?? chinaDay(now);
  const plans = await repo.planForReminders(ctx.db, plan.region_code, plan.id);
  if (!plans) throw bilingualNotFound(`规划 ${plan.id} 不存在`, `Plan ${plan.id}`);
  const c = await planContext(ctx.db, plans, today, [task.id]);
  const line = c.lines.find((l) => l.unitId === unitId);
  if (!unitId || !line) throw refuse('unitId', '该单位不是此任务的牵头或配合单位', 'The unit neither leads nor supports this task');
  const owed = owedPeriods(line, today, statusOf(c));
  const period = input.period ? owed.find((p) => p.key === input.period) : owed[0];
  if (!period) {
    throw input.period
      ? refuse('period', `该单位${input.period}期进展报告不是待报事项（已报送，或不是当前或上一期），无需催办`, `The unit owes no ${input.period} progress report on this task (it was sent, or it is neither the current nor the last period)`)
      : refuse('period', '该单位目前没有待报的进展报告，无需催办', 'The unit owes no progress report on this task now');
  }
  const late = daysBetween(period.due, today);
  const daysLate = Math.max(0, late);
  const name = c.names.get(`${task.id}|${unitId}`)!;
  const dedupeKey = manualReminderKey(task.id, unitId, period.key, today);
  const answer = (id: string, at: Date, channels: ManualReminder['channels'], repeated: boolean): ManualReminder => ({
    id,
    unitId,
    unitName: name.unitName,
    period: period.key,
    due: period.due,
    daysLate,
    channels,
    repeated,
    remindedAt: new Date(at).toISOString(),
  });
  return inTransaction(ctx, async (trx) => {
    const made = await createReminder(trx, {
      planned: { regionCode: plan.region_code, planId: plan.id, taskId: task.id, unitId, period: period.key, due: period.due, kind: 'manual', round: 0, dedupeKey, days: daysLate },
      role: line.role,
      planTitle: plans.title,
      name,
      createdBy: ctx.actor.userId,
      now,
    });
    if (!made.id) {
      const first = await repo.findReminderByKey(trx, plan.region_code, dedupeKey);
      if (!first) throw new Error(`reminder ${dedupeKey} was neither made nor found`);
      return answer(first.id, first.created_at, [], true);
    }
    await recordAudit(trx, ctx.actor, { regionCode: plan.region_code, action: 'remind', entity: 'reminder', entityId: made.id, summary: `${name.unitName} · ${name.seq ?? ''} ${name.title} · ${period.key}`, after: { taskId: task.id, unitId, period: period.key, due: period.due, daysLate, channels: made.channels } });
    const created = await repo.findReminderByKey(trx, plan.region_code, dedupeKey);
    return answer(made.id, created?.created_at ?? now, made.channels, false);
  });
}

/**
 * What units still owe today across the issued plans, as a supervisor's 催办 list: reports due within the plan's
 * reminder days, and late ones (however late), each with when the unit was last reminded of it by hand and
 * automatically.
 */
export async function owedReports(ctx: ServiceContext, opts: { today?: string } = {}) {
  requireAbility(reminderPolicy.reminder.send, ctx.actor, undefined, 'see what units owe');
  const today = opts.today ?? chinaDay();
  const items = [];
  for (const plan of await repo.plansForReminders(ctx.db)) {
    const c = await planContext(ctx.db, plan, today);
    const wide = c.lines.map((l) => ({ ...l, rule: { ...l.rule, lateLimit: Number.MAX_SAFE_INTEGER } }));
    for (const p of planReminders(wide, today, statusOf(c))) {
      const name = c.names.get(`${p.taskId}|${p.unitId}`)!;
      items.push({ regionCode: plan.region_code, planId: plan.id, planTitle: plan.title, taskId: p.taskId, seq: name.seq, title: name.title, unitId: p.unitId, unitName: name.unitName, role: p.line.role, period: p.period, due: p.due, late: p.kind === 'late', days: p.days });
    }
  }
  items.sort((a, b) => Number(b.late) - Number(a.late) || (a.late ? b.days - a.days : a.days - b.days));
  const shown = items.slice(0, 500);
  const last = new Map<string, { manual: Date | null; auto: Date | null }>();
  for (const regionCode of new Set(shown.map((i) => i.regionCode))) {
    const taskIds = [...new Set(shown.filter((i) => i.regionCode === regionCode).map((i) => i.taskId))];
    for (const r of await repo.lastReminders(ctx.db, regionCode, taskIds)) {
      const key = `${r.task_id}|${r.unit_id}|${r.period}`;
      const seen = last.get(key) ?? { manual: null, auto: null };
      const at = new Date(r.at);
      if (r.kind === 'manual') seen.manual = at;
      else if (!seen.auto || at > seen.auto) seen.auto = at;
      last.set(key, seen);
    }
  }
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    today,
    items: shown.map(({ regionCode: _, ...i }) => {
      const seen = last.get(`${i.taskId}|${i.unitId}|${i.period}`);
      return { ...i, remindedAt: iso(seen?.manual), autoRemindedAt: iso(seen?.auto) };
    }),
    total: items.length,
  };
}

/** Plans today's reminders and sends what is due, once (`luoshi reminders run`, and each tick of the server's loop). */
export async function runReminders(ctx: ServiceContext, opts: { today?: string; dryRun?: boolean; now?: Date } = {}) {
  const planned = await planDueReminders(ctx, opts);
  const delivered = opts.dryRun ? null : await deliverDue(ctx.db, { now: opts.now });
  return { planned, delivered };
}

// ---------------------------------------------------------------------------------------------------------------------
// In-app notifications

/** The units whose notifications the caller reads: its own, and those it edits or views. */
const notifiedUnits = (ctx: ServiceContext) => [...new Set([...(ctx.actor.unitId ? [ctx.actor.unitId] : []), ...ctx.actor.editableUnitIds, ...ctx.actor.viewableUnitIds])];

/** The caller's units' reminders, newest first, and how many are unread (the bell in the header). */
export async function myNotifications(ctx: ServiceContext, opts: { limit?: number } = {}) {
  const { items, unread } = await repo.unitNotifications(ctx.db, notifiedUnits(ctx), opts.limit ?? 20);
  return {
    unread,
    items: items.map((r) => ({
      id: r.id,
      planId: r.plan_id,
      taskId: r.task_id,
      unitId: r.unit_id,
      kind: r.kind,
      period: r.period,
      due: r.due_date,
      title: { zh: r.title_zh, en: r.title_en },
      body: { zh: r.body_zh, en: r.body_en },
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    })),
  };
}

/** Marks the caller's units' notifications read: those named, or all. */
export async function markNotificationsRead(ctx: ServiceContext, ids?: string[]) {
  const changed = await repo.markRemindersRead(ctx.db, notifiedUnits(ctx), ctx.actor.userId, ids);
  return { changed };
}
