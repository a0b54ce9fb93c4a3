import { requireAbility } from '../../lib/abilities.ts';
import { inTransaction, type ServiceContext } from '../../server/service-context.ts';
import { recordAudit } from '../org/index.ts';
import type { Db } from '../../server/db.ts';
import { retryDelayMs } from './tracking.reminders.domain.ts';
import { reminderPolicy } from './tracking.reminders.policy.ts';
import * as repo from './tracking.reminders.repo.ts';
import { DeliveryError, sendDingtalk, sendEmail, sendWecom, webhookAllowed } from './tracking.notify.senders.ts';
import { notifyConfig, type NotifyConfig } from './tracking.notify.config.ts';
import type { ReminderChannel } from './tracking.reminders.tables.ts';

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
