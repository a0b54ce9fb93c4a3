import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let fgwUnit: string;
let taskId: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};
const SECRET = 'SECroutes0123456789abcdefghijklmnop';
const TOKEN = 'accesstoken0123456789';

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  for (const u of ['duban', 'fgw', 'gxj', 'swj', 'admin']) as[u] = await login(u);
  fgwUnit = (await h.db.selectFrom('units').select('id').where('short_name', '=', '市发展改革委').executeTakeFirstOrThrow()).id;
  taskId = (await h.db.selectFrom('task_units').select('task_id').where('region_code', '=', '120000').where('unit_id', '=', fgwUnit).where('role', '=', 'lead').executeTakeFirstOrThrow()).task_id;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('reminders over HTTP', () => {
  it('lets a unit’s editor set its channels and never sends the secret or the token back', async () => {
    const url = `/api/units/${fgwUnit}/notify-channels`;
    const payload = { emails: ['liaison@fgw.example.gov.cn'], dingtalkWebhook: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`, dingtalkSecret: SECRET };
    expect((await app.inject({ method: 'PUT', url, payload, ...as.gxj })).statusCode).toBe(403);
    const set = await app.inject({ method: 'PUT', url, payload, ...as.fgw });
    expect(set.statusCode, set.body).toBe(200);
    const read = await app.inject({ url, ...as.duban });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ emails: ['liaison@fgw.example.gov.cn'], dingtalk: { configured: true, signed: true, secret: '••••mnop' }, wecom: { configured: false } });
    for (const body of [set.body, read.body]) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(TOKEN);
    }
    // Leaving the secret out keeps it; the audit log keeps the masked values only.
    await app.inject({ method: 'PUT', url, payload: { emails: ['liaison@fgw.example.gov.cn', 'office@fgw.example.gov.cn'] }, ...as.fgw });
    expect((await h.db.selectFrom('unit_notify_channels').select('dingtalk_secret').where('unit_id', '=', fgwUnit).executeTakeFirstOrThrow()).dingtalk_secret).toBe(SECRET);
    const audit = await h.db.selectFrom('audit_log').select(['before', 'after']).where('region_code', '=', '120000').where('entity', '=', 'notify_channels').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    const wrong = await app.inject({ method: 'PUT', url, payload: { wecomWebhook: 'http://10.0.0.1/hook' }, ...as.fgw });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('wecomWebhook');
  });

  it('lets a supervisor remind a unit now; the unit sees it under the bell and marks it read', async () => {
    expect((await app.inject({ method: 'POST', url: `/api/tasks/${taskId}/remind`, payload: {}, ...as.fgw })).statusCode).toBe(403);
    const before = (await app.inject({ url: '/api/notifications', ...as.fgw })).json().unread as number;
    const sent = await app.inject({ method: 'POST', url: `/api/tasks/${taskId}/remind`, payload: { unitId: fgwUnit }, ...as.duban });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ unitId: fgwUnit, unitName: '市发展改革委', channels: ['email', 'dingtalk'] });
    const bell = await app.inject({ url: '/api/notifications', ...as.fgw });
    expect(bell.json().unread).toBe(before + 1);
    expect(bell.json().items[0]).toMatchObject({ kind: 'manual', read: false, taskId, title: { zh: expect.stringMatching(/^【催办】请尽快报送《[^》]+》任务/) } });
    // Another unit does not see it.
    expect((await app.inject({ url: '/api/notifications', ...as.gxj })).json().items.some((i: { id: string }) => i.id === sent.json().id)).toBe(false);
    const other = await app.inject({ method: 'POST', url: '/api/notifications/read', payload: { ids: [sent.json().id] }, ...as.gxj });
    expect(other.json().changed).toBe(0);
    const read = await app.inject({ method: 'POST', url: '/api/notifications/read', payload: {}, ...as.fgw });
    expect(read.json().changed).toBe(before + 1);
    expect((await app.inject({ url: '/api/notifications', ...as.fgw })).json().unread).toBe(0);
  });

  it('lists the deliveries with their status for the supervision office only', async () => {
    expect((await app.inject({ url: '/api/reminders/deliveries', ...as.fgw })).statusCode).toBe(403);
    const res = await app.inject({ url: '/api/reminders/deliveries', ...as.duban });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts.pending).toBe(2);
    // The 催办 went in the app (delivered as it was made) and waits for e-mail and DingTalk.
    const manual = (res.json().deliveries as { channel: string; kind: string; status: string }[]).filter((d) => d.kind === 'manual');
    expect(manual.map((d) => d.channel).sort()).toEqual(['app', 'dingtalk', 'email']);
    expect(manual.find((d) => d.channel === 'email')).toMatchObject({ unitName: '天津市发展和改革委员会', status: 'pending', attempts: 0 });
    expect(manual.find((d) => d.channel === 'app')).toMatchObject({ unitName: '天津市发展和改革委员会', status: 'sent' });
    const owed = await app.inject({ url: '/api/reminders/owed', ...as.duban });
    expect(owed.statusCode).toBe(200);
  });

  it('reminds of the period of the row pressed, once a day, and the row says when', async () => {
    type Row = { taskId: string; unitId: string; period: string; due: string; remindedAt: string | null };
    const owed = (await app.inject({ url: '/api/reminders/owed', ...as.duban })).json().items as Row[];
    const row = owed.find((i) => i.remindedAt === null)!;
    const url = `/api/tasks/${row.taskId}/remind`;
    const wrong = await app.inject({ method: 'POST', url, payload: { unitId: row.unitId, period: '1999-01' }, ...as.duban });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].field).toBe('period');
    const first = await app.inject({ method: 'POST', url, payload: { unitId: row.unitId, period: row.period }, ...as.duban });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ period: row.period, due: row.due, repeated: false });
    const again = await app.inject({ method: 'POST', url, payload: { unitId: row.unitId, period: row.period }, ...as.duban });
    expect(again.json()).toMatchObject({ id: first.json().id, repeated: true, remindedAt: first.json().remindedAt });
    const after = (await app.inject({ url: '/api/reminders/owed', ...as.duban })).json().items as Row[];
    expect(after.find((i) => i.taskId === row.taskId && i.unitId === row.unitId && i.period === row.period)?.remindedAt).toBe(first.json().remindedAt);
  });

  it('keeps a plan’s reminder numbers, the supervision office sets them', async () => {
    const planId = (await h.db.selectFrom('tasks').select('plan_id').where('region_code', '=', '120000').where('id', '=', taskId).executeTakeFirstOrThrow()).plan_id;
    expect((await app.inject({ url: `/api/plans/${planId}/reminder-rule`, ...as.fgw })).json()).toMatchObject({ rule: { daysBefore: 3, lateLimit: 3 }, custom: false });
    expect((await app.inject({ method: 'PUT', url: `/api/plans/${planId}/reminder-rule`, payload: { rule: { daysBefore: 5, lateLimit: 2 } }, ...as.fgw })).statusCode).toBe(403);
    const set = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/reminder-rule`, payload: { rule: { daysBefore: 5, lateLimit: 2 } }, ...as.duban });
    expect(set.json()).toMatchObject({ rule: { daysBefore: 5, lateLimit: 2 }, custom: true });
  });
});
