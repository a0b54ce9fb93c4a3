import { requireAbility } from '../../lib/abilities.ts';
import { inTransaction, type ServiceContext, type Tx } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import type { Db } from '../../server/db.ts';
import { retryDelayMs, type ReminderText } from './tracking.reminders.domain.ts';
import { reminderPolicy } from './tracking.reminders.policy.ts';
import * as repo from './tracking.reminders.repo.ts';
import { DeliveryError, sendDingtalk, sendEmail, sendWecom, webhookAllowed } from './tracking.notify.senders.ts';
import { notifyConfig, type NotifyConfig } from './tracking.notify.config.ts';
import type { ReminderChannel, ReminderKind } from './tracking.reminders.tables.ts';

/** One notification to one unit about one task: a reminder, a returned report, an escalation notice. */
export interface UnitNotification {
  regionCode: string;
  planId: string;
  taskId: string;
  unitId: string;
  /** The report period it is about; null for an escalation notice. */
  period: string | null;
  /** The day it points at: the report's due date, or the notice's reply deadline. */
  due: string;
  kind: ReminderKind;
  round?: number;
  /** Makes the notification once: a second call with the same key changes nothing and answers `id: null`. */
  dedupeKey: string;
  text: ReminderText;
  /** The task as the deliveries log names it ("5. 聚焦卡点…"). */
  taskLabel: string;
  createdBy: string | null;
  now: Date;
}

/**
 * Notifies a unit, in the transaction given: the notification under its bell (a reminders row), its in-app delivery
 * recorded as sent in the deliveries log, and one delivery job per channel the unit set (e-mail, DingTalk, WeCom),
 * which deliverDue sends. Returns the notification's id (null when its key was used already) and the channels queued.
 */
export async function notifyUnit(trx: Tx, n: UnitNotification): Promise<{ id: string | null; channels: ReminderChannel[] }> {
  const id = await repo.insertReminder(trx, {
    region_code: n.regionCode,
    plan_id: n.planId,
    task_id: n.taskId,
    unit_id: n.unitId,
    period: n.period,
    due_date: n.due,
    kind: n.kind,
    round: n.round ?? 0,
    dedupe_key: n.dedupeKey,
    title_zh: n.text.titleZh,
    title_en: n.text.titleEn,
    body_zh: n.text.bodyZh,
    body_en: n.text.bodyEn,
    created_by: n.createdBy,
  });
  if (!id) return { id: null, channels: [] };
  const [ch] = await repo.channelsOf(trx, [n.unitId]);
  const channels: ReminderChannel[] = [];
  if (ch?.emails.length) channels.push('email');
  if (ch?.dingtalk_webhook) channels.push('dingtalk');
  if (ch?.wecom_webhook) channels.push('wecom');
  const job = { region_code: n.regionCode, reminder_id: id, unit_id: n.unitId, kind: n.kind, task_label: n.taskLabel.slice(0, 500), period: n.period, subject: n.text.titleZh, body: `${n.text.bodyZh}\n\n${n.text.bodyEn}` };
  await repo.insertDeliveries(trx, [
    // In the app it is delivered as it is made: the log says so beside the channels still to send.
    { ...job, channel: 'app', status: 'sent', sent_at: n.now, next_attempt_at: n.now },
    ...channels.map((channel) => ({ ...job, channel, next_attempt_at: n.now })),
  ]);
  return { id, channels };
}

/** What one delivery round did. */
export interface DeliveryResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  errors: { id: string; channel: ReminderChannel; error: string }[];
}

/**
 * Claims the delivery jobs that are due and sends them: e-mail through the SMTP server, DingTalk (signed when the unit
 * set a secret) and WeCom through their robots. A failure is tried again later (retryDelayMs: 1 min, doubling, at
 * most 6 h) until max_attempts, then failed; each outcome is written by the claim that holds the job. Runs rounds of
 * `batch` until nothing is due (or `maxRounds`).
 */
export async function deliverDue(db: Db, opts: { now?: Date; batch?: number; leaseMs?: number; maxRounds?: number; config?: NotifyConfig } = {}): Promise<DeliveryResult> {
  const now = opts.now ?? new Date();
  const config = opts.config ?? notifyConfig();
  const out: DeliveryResult = { claimed: 0, sent: 0, retrying: 0, failed: 0, errors: [] };
  for (let round = 0; round < (opts.maxRounds ?? 100); round++) {
    const jobs = await repo.claimDeliveries(db, now, opts.batch ?? 20, opts.leaseMs ?? 5 * 60_000);
    if (jobs.length === 0) break;
    out.claimed += jobs.length;
    const channels = new Map((await repo.channelsOf(db, [...new Set(jobs.map((j) => j.unit_id))])).map((c) => [c.unit_id, c]));
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const ch = channels.get(job.unit_id);
          const m = { subject: job.subject, body: job.body };
          if (job.channel === 'email') {
            if (!ch?.emails.length) throw new DeliveryError('the unit has no e-mail address any more', true);
            await sendEmail(config, ch.emails, m);
          } else if (job.channel === 'dingtalk') {
            if (!ch?.dingtalk_webhook) throw new DeliveryError('the unit has no DingTalk robot any more', true);
            if (!webhookAllowed(config, ch.dingtalk_webhook)) throw new DeliveryError('the DingTalk webhook host is not in LUOSHI_WEBHOOK_HOSTS', true);
            await sendDingtalk(ch.dingtalk_webhook, ch.dingtalk_secret, m);
          } else {
            if (!ch?.wecom_webhook) throw new DeliveryError('the unit has no WeCom robot any more', true);
            if (!webhookAllowed(config, ch.wecom_webhook)) throw new DeliveryError('the WeCom webhook host is not in LUOSHI_WEBHOOK_HOSTS', true);
            await sendWecom(ch.wecom_webhook, m);
          }
          await repo.finishDelivery(db, job.id, job.attempts, { status: 'sent', at: new Date() });
          out.sent += 1;
        } catch (error) {
          const message = (error as Error).message.slice(0, 1000);
          const permanent = error instanceof DeliveryError && error.permanent;
          out.errors.push({ id: job.id, channel: job.channel, error: message });
          if (permanent || job.attempts >= job.max_attempts) {
            await repo.finishDelivery(db, job.id, job.attempts, { status: 'failed', error: message, at: now });
            out.failed += 1;
          } else {
            await repo.finishDelivery(db, job.id, job.attempts, { status: 'pending', error: message, next: new Date(now.getTime() + retryDelayMs(job.attempts)), at: now });
            out.retrying += 1;
          }
        }
      }),
    );
  }
  return out;
}

/**
 * Sends failed deliveries again (all, the ones named, or one channel's): they go back in the queue with a fresh count
 * of attempts, each requeue in the audit log. What failed because no SMTP server was configured goes out once it is.
 */
export async function retryFailedDeliveries(ctx: ServiceContext, opts: { ids?: string[]; channel?: ReminderChannel } = {}): Promise<{ requeued: number }> {
  requireAbility(reminderPolicy.reminder.run, ctx.actor, undefined, 'retry failed reminder deliveries');
  return inTransaction(ctx, async (trx) => {
    const rows = await repo.requeueFailed(trx, new Date(), opts);
    for (const r of rows)
      await recordAudit(trx, ctx.actor, {
        regionCode: r.region_code,
        action: 'retry',
        entity: 'reminder_delivery',
        entityId: r.id,
        summary: `${r.unit_name} · ${r.subject}`,
        before: { status: 'failed', channel: r.channel, error: r.last_error },
        after: { status: 'pending' },
      });
    return { requeued: rows.length };
  });
}

/** The latest deliveries with their status, and counts by status: the supervision office's view. */
export async function listDeliveries(ctx: ServiceContext, opts: { limit?: number; status?: 'pending' | 'sending' | 'sent' | 'failed' } = {}) {
  requireAbility(reminderPolicy.reminder.deliveries, ctx.actor, undefined, 'list reminder deliveries');
  const [rows, counts] = await Promise.all([repo.recentDeliveries(ctx.db, { limit: opts.limit ?? 100, status: opts.status }), repo.deliveryCounts(ctx.db)]);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    counts,
    smtpConfigured: Boolean(notifyConfig().smtpUrl),
    deliveries: rows.map((r) => ({
      id: r.id,
      reminderId: r.reminder_id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      channel: r.channel,
      kind: r.kind,
      task: r.task_label,
      period: r.period,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
      nextAttemptAt: iso(r.next_attempt_at),
      lastError: r.last_error,
      sentAt: iso(r.sent_at),
      createdAt: iso(r.created_at)!,
    })),
  };
}
