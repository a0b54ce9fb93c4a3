import type { Db } from '../../server/db.ts';
import { systemActor } from '../org/index.ts';
import { planDueReminders } from './tracking.reminders.service.ts';
import { deliverDue } from './tracking.notify.service.ts';

/**
 * The reminder loop of `luoshi serve`: every `planEveryMs` (10 minutes) plans today's reminders (idempotent, so
 * several server processes on one PostgreSQL may all do it), and every `sendEveryMs` (30 s) sends the delivery jobs
 * that are due (claimed with SKIP LOCKED, so each is sent once). Returns the stop.
 * @example const stop = startReminderJob(handle.db, log); … stop()
 */
export function startReminderJob(db: Db, log: (line: string) => void, { planEveryMs = 600_000, sendEveryMs = 30_000, firstMs = 10_000 } = {}): () => void {
  let planning = false;
  let sending = false;
  const actor = systemActor('job', 'reminders');
  const send = async () => {
    if (sending) return;
    sending = true;
    try {
      const r = await deliverDue(db);
      if (r.claimed) log(`reminders: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
    } catch (error) {
      log(`reminders: sending failed: ${(error as Error).message}`);
    } finally {
      sending = false;
    }
  };
  const plan = async () => {
    if (planning) return;
    planning = true;
    try {
      const r = await planDueReminders({ db, actor });
      if (r.created) log(`reminders: ${r.created} new reminders as of ${r.today}, ${r.deliveries} deliveries queued`);
      await send();
    } catch (error) {
      log(`reminders: planning failed: ${(error as Error).message}`);
    } finally {
      planning = false;
    }
  };
  const first = setTimeout(() => void plan(), firstMs).unref();
  const planTimer = setInterval(() => void plan(), planEveryMs).unref();
  const sendTimer = setInterval(() => void send(), sendEveryMs).unref();
  return () => {
    clearTimeout(first);
    clearInterval(planTimer);
    clearInterval(sendTimer);
  };
}
