import { sql } from 'kysely';
import type { Db } from '../../server/db.ts';
import type { Tx } from '../../server/service-context.ts';
import type { DeliveryChannel, DeliveryStatus, ReminderChannel, ReminderKind } from './tracking.reminders.tables.ts';

type Q = Db | Tx;

const planWithRule = (db: Q) =>
  db
    .selectFrom('plans as p')
    .leftJoin('plan_reminder_rules as r', (j) => j.onRef('r.region_code', '=', 'p.region_code').onRef('r.plan_id', '=', 'p.id'))
    .select(['p.id', 'p.region_code', 'p.title', 'p.issued_date', 'p.report_cycle', 'p.report_due_day', 'r.days_before', 'r.late_limit']);

/** The issued plans of every region with their reporting schedule and reminder numbers: where the planner starts. */
export function plansForReminders(db: Q) {
  return planWithRule(db).where('p.status', '=', 'issued').orderBy('p.created_at').execute();
}

/** One plan with its reporting schedule and reminder numbers. */
export function planForReminders(db: Q, regionCode: string, planId: string) {
  return planWithRule(db).where('p.region_code', '=', regionCode).where('p.id', '=', planId).executeTakeFirst();
}

/** A plan's reminder numbers, or undefined when it follows the default. */
export function findReminderRule(db: Q, regionCode: string, planId: string) {
  return db.selectFrom('plan_reminder_rules').select(['days_before', 'late_limit']).where('region_code', '=', regionCode).where('plan_id', '=', planId).executeTakeFirst();
}

/** Every unit named on a task of one plan, with the task and the unit's name. */
export function planUnitLines(db: Q, regionCode: string, planId: string, taskIds?: string[]) {
  let q = db
    .selectFrom('task_units as tu')
    .innerJoin('tasks as t', (j) => j.onRef('t.region_code', '=', 'tu.region_code').onRef('t.id', '=', 'tu.task_id'))
    .innerJoin('units as u', 'u.id', 'tu.unit_id')
    .select(['tu.unit_id', 'tu.role', 't.id as task_id', 't.seq', 't.title', 't.recurrence', 't.closed_at', 'u.name as unit_name', 'u.short_name as unit_short_name'])
    .where('tu.region_code', '=', regionCode)
    .where('t.plan_id', '=', planId)
    .where('tu.unit_id', 'is not', null);
  if (taskIds) q = q.where('t.id', 'in', taskIds);
  return q.orderBy('t.position').orderBy('tu.position').execute();
}

/** The status of each unit's progress report on a plan's tasks for some periods. */
export function reportStatuses(db: Q, regionCode: string, planId: string, periods: string[]) {
  if (periods.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('task_reports')
    .select(['task_id', 'unit_id', 'period', 'status'])
    .where('region_code', '=', regionCode)
    .where('plan_id', '=', planId)
    .where('kind', '=', 'progress')
    .where('period', 'in', periods)
    .execute();
}

/** Records a reminder unless one with its key exists; returns its id when this call made it. */
export async function insertReminder(
  trx: Q,
  r: {
    region_code: string;
    plan_id: string;
    task_id: string;
    unit_id: string;
    period: string | null;
    due_date: string;
    kind: ReminderKind;
    round: number;
    dedupe_key: string;
    title_zh: string;
    title_en: string;
    body_zh: string;
    body_en: string;
    created_by: string | null;
  },
): Promise<string | null> {
  const row = await trx
    .insertInto('reminders')
    .values(r)
    .onConflict((oc) => oc.columns(['region_code', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The reminder made with a key, if any (a 催办 by hand already sent the same day). */
export function findReminderByKey(db: Q, regionCode: string, dedupeKey: string) {
  return db.selectFrom('reminders').select(['id', 'period', 'due_date', 'created_at']).where('region_code', '=', regionCode).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
}

/** When each unit was last reminded of each period's report on some tasks of a region, by kind of reminder. */
export function lastReminders(db: Q, regionCode: string, taskIds: string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('reminders')
    .select(['task_id', 'unit_id', 'period', 'kind', (eb) => eb.fn.max('created_at').as('at')])
    .where('region_code', '=', regionCode)
    .where('task_id', 'in', taskIds)
    .where('kind', 'in', ['due_soon', 'late', 'manual'])
    .groupBy(['task_id', 'unit_id', 'period', 'kind'])
    .execute();
}

/** The channels of some units. */
export function channelsOf(db: Q, unitIds: string[]) {
  if (unitIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('unit_notify_channels').selectAll().where('unit_id', 'in', unitIds).execute();
}
export type ChannelRow = Awaited<ReturnType<typeof channelsOf>>[number];

/** Writes a unit's channels (all of them). */
export async function upsertChannels(trx: Q, row: { unit_id: string; emails: string[]; dingtalk_webhook: string | null; dingtalk_secret: string | null; wecom_webhook: string | null; updated_by: string | null }) {
  await trx
    .insertInto('unit_notify_channels')
    .values(row)
    .onConflict((oc) =>
      oc.column('unit_id').doUpdateSet({
        emails: row.emails,
        dingtalk_webhook: row.dingtalk_webhook,
        dingtalk_secret: row.dingtalk_secret,
        wecom_webhook: row.wecom_webhook,
        updated_by: row.updated_by,
        // Passed in: Citus refuses now() in an upsert's DO UPDATE SET on a distributed or reference table.
        updated_at: new Date(),
      }),
    )
    .execute();
}

/** Queues delivery jobs (one per reminder and channel; a second queueing of the same pair is ignored); an in-app one comes sent. */
export async function insertDeliveries(
  trx: Q,
  rows: {
    region_code: string;
    reminder_id: string;
    unit_id: string;
    channel: DeliveryChannel;
    kind: ReminderKind;
    task_label: string;
    period: string | null;
    subject: string;
    body: string;
    next_attempt_at: Date;
    status?: DeliveryStatus;
    sent_at?: Date;
  }[],
) {
  if (rows.length === 0) return;
  await trx
    .insertInto('reminder_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['reminder_id', 'channel']).doNothing())
    .execute();
}

/** A claimed delivery job. */
export interface ClaimedDelivery {
  id: string;
  unit_id: string;
  channel: ReminderChannel;
  subject: string;
  body: string;
  attempts: number;
  max_attempts: number;
}

/**
 * Claims up to `limit` jobs that are due (pending and past next_attempt_at, or sending past their lease, whose process
 * died), never an in-app delivery (sent as it is made): one statement, FOR UPDATE SKIP LOCKED, so two processes on one PostgreSQL never claim the same job.
 */
export async function claimDeliveries(db: Q, now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const lease = new Date(now.getTime() + leaseMs);
  const { rows } = await sql<ClaimedDelivery>`
    UPDATE reminder_deliveries SET status = 'sending', attempts = attempts + 1, lease_until = ${lease}
    WHERE id IN (
      SELECT id FROM reminder_deliveries
      WHERE channel <> 'app' AND ((status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < ${now}))
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, unit_id, channel, subject, body, attempts, max_attempts`.execute(db);
  return rows;
}

/** Ends a claimed attempt: sent, failed for good, or pending again at `next`. Only the claim that holds the job writes. */
export async function finishDelivery(db: Q, id: string, attempts: number, outcome: { status: DeliveryStatus; error?: string | null; next?: Date; at: Date }) {
  await db
    .updateTable('reminder_deliveries')
    .set({
      status: outcome.status,
      last_error: outcome.error ?? null,
      lease_until: null,
      ...(outcome.status === 'sent' ? { sent_at: outcome.at } : {}),
      ...(outcome.next ? { next_attempt_at: outcome.next } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('attempts', '=', attempts)
    .execute();
}

/**
 * Puts failed delivery jobs (all, some by id, or one channel's) back in the queue from `now` with a fresh count of
 * attempts — once the SMTP server is configured or a webhook fixed, what failed for that reason goes out again.
 */
export function requeueFailed(trx: Q, now: Date, opts: { ids?: string[]; channel?: ReminderChannel }) {
  let q = trx
    .updateTable('reminder_deliveries as d')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null })
    .from('units as u')
    .whereRef('u.id', '=', 'd.unit_id')
    .where('d.status', '=', 'failed');
  if (opts.ids) q = q.where('d.id', 'in', opts.ids.length ? opts.ids : ['00000000-0000-0000-0000-000000000000']);
  if (opts.channel) q = q.where('d.channel', '=', opts.channel);
  return q.returning(['d.id', 'd.unit_id', 'u.region_code', 'u.name as unit_name', 'd.channel', 'd.subject', 'd.last_error']).execute();
}

/** The latest delivery jobs, newest first, with their unit's name. */
export function recentDeliveries(db: Q, opts: { limit: number; status?: DeliveryStatus; unitIds?: string[] }) {
  let q = db
    .selectFrom('reminder_deliveries as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .select([
      'd.id',
      'd.reminder_id',
      'd.unit_id',
      'u.name as unit_name',
      'd.channel',
      'd.kind',
      'd.task_label',
      'd.period',
      'd.subject',
      'd.status',
      'd.attempts',
      'd.max_attempts',
      'd.next_attempt_at',
      'd.last_error',
      'd.sent_at',
      'd.created_at',
    ]);
  if (opts.status) q = q.where('d.status', '=', opts.status);
  if (opts.unitIds) q = q.where('d.unit_id', 'in', opts.unitIds.length ? opts.unitIds : ['00000000-0000-0000-0000-000000000000']);
  return q.orderBy('d.created_at', 'desc').limit(opts.limit).execute();
}

/** Counts of delivery jobs by status. */
export async function deliveryCounts(db: Q): Promise<Record<DeliveryStatus, number>> {
  const rows = await db.selectFrom('reminder_deliveries').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  const out: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

/** A unit's in-app notifications (its reminders), newest first, in every region, and how many are unread. */
export async function unitNotifications(db: Q, unitIds: string[], limit: number) {
  if (unitIds.length === 0) return { items: [], unread: 0 };
  const items = await db
    .selectFrom('reminders')
    .select(['id', 'region_code', 'plan_id', 'task_id', 'unit_id', 'period', 'due_date', 'kind', 'round', 'title_zh', 'title_en', 'body_zh', 'body_en', 'created_at', 'read_at'])
    .where('unit_id', 'in', unitIds)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const unread = await db
    .selectFrom('reminders')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('unit_id', 'in', unitIds)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { items, unread: Number(unread.n) };
}

/** Marks some (or all) of the units' unread reminders read; returns how many changed. */
export async function markRemindersRead(db: Q, unitIds: string[], userId: string | null, ids?: string[]): Promise<number> {
  if (unitIds.length === 0 || (ids && ids.length === 0)) return 0;
  let q = db.updateTable('reminders').set({ read_at: new Date(), read_by: userId }).where('unit_id', 'in', unitIds).where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}
