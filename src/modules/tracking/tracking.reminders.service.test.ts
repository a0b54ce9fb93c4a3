/**
 * Reminders end to end without the internet: a local SMTP server (smtp-server) and a local HTTP receiver standing in
 * for the DingTalk and WeCom robots. On PostgreSQL, two separate pools claim the same queue.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { contextAs, openTestDatabase } from '../../../test/db.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db.ts';
import { sql } from 'kysely';
import { configureReminders } from './tracking.notify.config.ts';
import { owedReports, planDueReminders, remindNow, setUnitChannels } from './tracking.reminders.service.ts';
import { deliverDue, listDeliveries, retryFailedDeliveries } from './tracking.notify.service.ts';
import { notifyConfig } from './tracking.notify.config.ts';

let h: DatabaseHandle;
let smtp: SMTPServer;
let receiver: http.Server;
let base: string;
let fgwUnit: string;

/**
 * A task the 发改委 leads and owes a report on that day: the one owing the earliest period, then by id. Not the first
 * row of a plain select: on Citus rows come in no fixed order, and a task already reported or closed owes nothing.
 */
async function owedTask(today: string): Promise<string> {
  const owed = (await owedReports(await contextAs(h, 'duban'), { today })).items.filter((o) => o.unitId === fgwUnit && o.role === 'lead');
  owed.sort((a, b) => a.period.localeCompare(b.period) || a.taskId.localeCompare(b.taskId));
  return owed[0]!.taskId;
}
const SECRET = 'SECtest0123456789abcdefghijklmnopqrstuvwxyz';

interface Mail {
  to: string[];
  subject: string;
  text: string;
}
interface Hook {
  path: string;
  query: URLSearchParams;
  body: { msgtype: string; text: { content: string } };
  receivedAt: number;
}
const mails: Mail[] = [];
const hooks: Hook[] = [];
/** Statuses the receiver answers with next (then 200 {errcode:0}). */
const answers: number[] = [];
let delayMs = 0;

/** Decodes MIME encoded words (=?UTF-8?B?…?= / Q) of a header. */
function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, x: string) => String.fromCharCode(parseInt(x, 16))), 'latin1').toString('utf8'),
  );
}
/** Reads the subject and the text of a simple text/plain message as nodemailer writes it. */
function parseMail(raw: string): { subject: string; text: string } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1] ?? '';
  const body = rest.join('\r\n\r\n');
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, x: string) => String.fromCharCode(parseInt(x, 16))), 'latin1').toString('utf8')
        : body;
  return { subject: decodeWords(header('Subject')), text };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), ...parseMail(Buffer.concat(chunks).toString('utf8')) });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      hooks.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), receivedAt: Date.now() });
      const status = answers.shift() ?? 200;
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? '{"errcode":0,"errmsg":"ok"}' : '{"error":"boom"}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  configureReminders({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, smtpFrom: '市委督查室 <duban@example.gov.cn>', webhookHosts: ['127.0.0.1'] });
  fgwUnit = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市发展改革委').executeTakeFirstOrThrow()).id;
  await setUnitChannels(await contextAs(h, 'fgw'), fgwUnit, {
    emails: ['fgw@example.gov.cn'],
    dingtalkWebhook: `${base}/robot/send?access_token=dingtoken123456`,
    dingtalkSecret: SECRET,
    wecomWebhook: `${base}/cgi-bin/webhook/send?key=wecomkey123456`,
  });
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await h?.close();
});
beforeEach(() => {
  mails.length = 0;
  hooks.length = 0;
  answers.length = 0;
  delayMs = 0;
});

const fgwReminders = (kind: string) =>
  h.db.selectFrom('reminders').select(['id', 'dedupe_key', 'title_zh']).where('region_code', '=', '120000').where('unit_id', '=', fgwUnit).where('kind', '=', kind as 'late').execute();

describe('planning reminders', () => {
  it('makes each reminder once, however often the planner runs', async () => {
    const system = await contextAs(h, 'system');
    const dry = await planDueReminders(system, { today: '2024-06-23', dryRun: true });
    expect(dry.due).toBeGreaterThan(0);
    expect(await fgwReminders('due_soon')).toHaveLength(0);
    const first = await planDueReminders(system, { today: '2024-06-23' });
    expect(first.created).toBe(first.due);
    const [second, third] = await Promise.all([planDueReminders(system, { today: '2024-06-23' }), planDueReminders(system, { today: '2024-06-24' })]);
    expect(second.created + third.created).toBe(0);
    const rows = await fgwReminders('due_soon');
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(rows.length);
    // Only the unit that set channels gets delivery jobs: three per reminder.
    const all = await h.db.selectFrom('reminder_deliveries').select(['unit_id', 'channel', 'status']).execute();
    const jobs = all.filter((j) => j.channel !== 'app');
    expect(jobs.every((j) => j.unit_id === fgwUnit && j.status === 'pending')).toBe(true);
    expect(jobs).toHaveLength(rows.length * 3);
    expect(first.deliveries).toBe(jobs.length);
    // Every reminder, to any unit, is delivered in the app as it is made, and the log says so.
    const inApp = all.filter((j) => j.channel === 'app');
    expect(inApp).toHaveLength((await h.db.selectFrom('reminders').select('id').where('region_code', '=', '120000').execute()).length);
    expect(inApp.every((j) => j.status === 'sent')).toBe(true);
  });

  it('sends the e-mail and the robots’ messages, DingTalk signed', async () => {
    const reminders = await fgwReminders('due_soon');
    const r = await deliverDue(h.db);
    expect(r).toMatchObject({ sent: reminders.length * 3, failed: 0, retrying: 0 });
    expect(mails).toHaveLength(reminders.length);
    for (const m of mails) {
      expect(m.to).toEqual(['fgw@example.gov.cn']);
      expect(m.subject).toMatch(/^【提醒】《[^》]+》任务\d+进展报告将于2024年6月25日截止$/);
      expect(m.text).toMatch(/市发展改革委：贵单位(牵头|配合)的《/);
      expect(m.text).toContain('2024-06期进展报告请于2024年6月25日前报送');
    }
    const ding = hooks.filter((x) => x.path === '/robot/send');
    expect(ding).toHaveLength(reminders.length);
    for (const d of ding) {
      expect(d.query.get('access_token')).toBe('dingtoken123456');
      const timestamp = d.query.get('timestamp')!;
      expect(Math.abs(Number(timestamp) - d.receivedAt)).toBeLessThan(60 * 60_000);
      // DingTalk's check: base64(HMAC-SHA256(key = secret, "timestamp\nsecret")).
      const expected = crypto.createHmac('sha256', Buffer.from(SECRET, 'utf8')).update(Buffer.from(`${timestamp}\n${SECRET}`, 'utf8')).digest('base64');
      expect(d.query.get('sign')).toBe(expected);
      expect(d.body.msgtype).toBe('text');
      expect(d.body.text.content).toMatch(/^【提醒】《[^》]+》任务\d+进展报告将于2024年6月25日截止\n市发展改革委：/);
    }
    const wecom = hooks.filter((x) => x.path === '/cgi-bin/webhook/send');
    expect(wecom).toHaveLength(reminders.length);
    expect(wecom[0].query.get('key')).toBe('wecomkey123456');
    expect(wecom[0].body).toMatchObject({ msgtype: 'text', text: { content: expect.stringContaining('【提醒】') } });
    const statuses = await h.db.selectFrom('reminder_deliveries').select(['status', 'attempts', 'sent_at']).where('channel', '<>', 'app').execute();
    expect(statuses.every((s) => s.status === 'sent' && s.attempts === 1 && s.sent_at)).toBe(true);
    // Sent jobs are not sent again.
    expect((await deliverDue(h.db)).claimed).toBe(0);
  });

  it('tries again with backoff after the robot answers 500, then succeeds', async () => {
    const taskId = await owedTask('2024-06-28');
    const sent = await remindNow(await contextAs(h, 'duban'), taskId, { unitId: fgwUnit, today: '2024-06-28' });
    expect(sent.channels.sort()).toEqual(['dingtalk', 'email', 'wecom']);
    const t0 = new Date();
    answers.push(500, 500);
    // The first two robot calls (DingTalk and WeCom, in either order) fail; the e-mail goes.
    const first = await deliverDue(h.db, { now: t0 });
    expect(first).toMatchObject({ claimed: 3, sent: 1, retrying: 2 });
    const pending = await h.db.selectFrom('reminder_deliveries').select(['channel', 'attempts', 'next_attempt_at', 'last_error']).where('reminder_id', '=', sent.id).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(2);
    for (const p of pending) {
      expect(p.attempts).toBe(1);
      expect(p.last_error).toContain('HTTP 500');
      expect(new Date(p.next_attempt_at).getTime()).toBe(t0.getTime() + 60_000);
    }
    // Not yet due: nothing is sent.
    expect((await deliverDue(h.db, { now: new Date(t0.getTime() + 30_000) })).claimed).toBe(0);
    expect(hooks).toHaveLength(2);
    const again = await deliverDue(h.db, { now: new Date(t0.getTime() + 61_000) });
    expect(again).toMatchObject({ claimed: 2, sent: 2 });
    expect(hooks).toHaveLength(4);
    const done = await h.db.selectFrom('reminder_deliveries').select(['status', 'attempts']).where('reminder_id', '=', sent.id).where('channel', '<>', 'app').execute();
    expect(done.map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
    expect(done.map((d) => d.attempts).sort()).toEqual([1, 2, 2]);
    const named = await h.db
      .selectFrom('tasks')
      .innerJoin('plans', (j) => j.onRef('plans.region_code', '=', 'tasks.region_code').onRef('plans.id', '=', 'tasks.plan_id'))
      .select(['tasks.seq', 'plans.title'])
      .where('tasks.region_code', '=', '120000')
      .where('tasks.id', '=', taskId)
      .executeTakeFirstOrThrow();
    // Left without a period, the 催办 is about the earliest report the unit owes: May's, late since 25 May.
    expect(sent).toMatchObject({ period: '2024-05', due: '2024-05-25', daysLate: 34 });
    expect(mails[0].subject).toBe(`【催办】《${named.title}》任务${named.seq} 2024-05期进展报告已逾期34天，请尽快报送`);
  });

  it('sends e-mail that failed for want of an SMTP server once the office asks again', async () => {
    const sent = await remindNow(await contextAs(h, 'duban'), await owedTask('2024-06-29'), { unitId: fgwUnit, today: '2024-06-29' });
    const configured = notifyConfig();
    // No SMTP server yet: the e-mail fails for good, the robots' messages go.
    const first = await deliverDue(h.db, { config: { ...configured, smtpUrl: null } });
    expect(first).toMatchObject({ claimed: 3, sent: 2, failed: 1 });
    expect(mails).toHaveLength(0);
    const duban = await contextAs(h, 'duban');
    expect((await listDeliveries(duban)).counts.failed).toBeGreaterThanOrEqual(1);
    // A unit may not resend; the office may.
    await expect(retryFailedDeliveries(await contextAs(h, 'fgw'))).rejects.toThrow();
    const failed = await h.db.selectFrom('reminder_deliveries').select('id').where('reminder_id', '=', sent.id).where('status', '=', 'failed').execute();
    expect(failed).toHaveLength(1);
    expect(await retryFailedDeliveries(duban, { ids: failed.map((f) => f.id) })).toEqual({ requeued: 1 });
    const audit = await h.db.selectFrom('audit_log').select(['action', 'entity']).where('entity_id', '=', failed[0].id).execute();
    expect(audit).toEqual([{ action: 'retry', entity: 'reminder_delivery' }]);
    // The server is configured now: the e-mail goes out, once.
    const again = await deliverDue(h.db);
    expect(again).toMatchObject({ claimed: 1, sent: 1 });
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toMatch(/^【催办】/);
    const row = await h.db.selectFrom('reminder_deliveries').select(['status', 'attempts']).where('id', '=', failed[0].id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', attempts: 1 });
    expect(await retryFailedDeliveries(duban, { ids: failed.map((f) => f.id) })).toEqual({ requeued: 0 });
  });

  it('claims again a job left sending by a process that died, once its lease is over', async () => {
    const sent = await remindNow(await contextAs(h, 'duban'), await owedTask('2024-06-30'), { unitId: fgwUnit, today: '2024-06-30' });
    const t0 = new Date();
    await h.db.updateTable('reminder_deliveries').set({ status: 'sending', attempts: 1, lease_until: new Date(t0.getTime() + 60_000) }).where('reminder_id', '=', sent.id).where('channel', '<>', 'app').execute();
    expect((await deliverDue(h.db, { now: t0 })).claimed).toBe(0);
    const later = await deliverDue(h.db, { now: new Date(t0.getTime() + 61_000) });
    expect(later).toMatchObject({ claimed: 3, sent: 3 });
  });

  it('refuses a webhook on another host and a wrong address, naming the field, and changes nothing', async () => {
    const fgw = await contextAs(h, 'fgw');
    const err = await setUnitChannels(fgw, fgwUnit, { emails: ['not an address'], wecomWebhook: 'http://169.254.169.254/latest' }).catch((e: unknown) => e);
    expect((err as { details: { field: string }[] }).details.map((d) => d.field)).toEqual(['emails[0]', 'wecomWebhook']);
    const row = await h.db.selectFrom('unit_notify_channels').select(['emails', 'wecom_webhook']).where('unit_id', '=', fgwUnit).executeTakeFirstOrThrow();
    expect(row).toEqual({ emails: ['fgw@example.gov.cn'], wecom_webhook: `${base}/cgi-bin/webhook/send?key=wecomkey123456` });
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('several servers on one PostgreSQL', () => {
  let other: DatabaseHandle;
  beforeAll(async () => {
    const name = (await sql<{ db: string }>`select current_database() as db`.execute(h.db)).rows[0].db;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    other = await openDatabase({ dataDir: '/nonexistent', databaseUrl: url.toString() });
  });
  afterAll(async () => other?.close());

  it('sends each job exactly once when two processes claim the same queue', async () => {
    // One WeCom job per reminder, many reminders: a queue both processes see at once.
    await h.db.deleteFrom('reminder_deliveries').execute();
    const reminders = await h.db.selectFrom('reminders').select(['id']).where('region_code', '=', '120000').limit(40).execute();
    expect(reminders.length).toBeGreaterThanOrEqual(20);
    await h.db
      .insertInto('reminder_deliveries')
      .values(reminders.map((r, i) => ({ region_code: '120000', reminder_id: r.id, unit_id: fgwUnit, channel: 'wecom' as const, kind: 'late' as const, task_label: `t${i}`, period: '2024-06', subject: `job-${i}`, body: 'x', next_attempt_at: new Date(0) })))
      .execute();
    delayMs = 15;
    const [a, b] = await Promise.all([deliverDue(h.db, { batch: 3 }), deliverDue(other.db, { batch: 3 })]);
    expect(a.sent + b.sent).toBe(reminders.length);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
    const subjects = hooks.map((x) => x.body.text.content.split('\n')[0]).sort();
    expect(subjects).toEqual(reminders.map((_, i) => `job-${i}`).sort());
    const rows = await h.db.selectFrom('reminder_deliveries').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('makes each reminder once when two processes plan at the same time', async () => {
    const ctxA = await contextAs(h, 'system');
    const ctxB = { ...ctxA, db: other.db };
    const [a, b] = await Promise.all([planDueReminders(ctxA, { today: '2024-07-26' }), planDueReminders(ctxB, { today: '2024-07-26' })]);
    expect(a.due).toBe(b.due);
    expect(a.created + b.created).toBe(a.due);
    const keys = await h.db.selectFrom('reminders').select('dedupe_key').where('region_code', '=', '120000').where('dedupe_key', 'like', 'late|%|2024-07|0').execute();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.length).toBeLessThanOrEqual(a.due);
  });
});
