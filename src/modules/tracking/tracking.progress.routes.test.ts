import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openTestDatabase } from '../../../test/db.ts';
import type { DatabaseHandle } from '../../server/db.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { DEMO_PASSWORD } from '../org/org.seed.ts';

let h: DatabaseHandle;
let app: FastifyInstance;
let planId: string;
type Auth = { cookies: Record<string, string>; headers: Record<string, string> };
const as: Record<string, Auth> = {};

async function login(username: string): Promise<Auth> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DEMO_PASSWORD } });
  return { cookies: { luoshi_session: res.cookies[0].value }, headers: { 'x-csrf-token': res.json().csrfToken } };
}

beforeAll(async () => {
  h = await openTestDatabase('demo');
  ({ app } = await buildApp(loadConfig({}), h.db, { logger: false }));
  for (const u of ['duban', 'fgw']) as[u] = await login(u);
  planId = (await h.db.selectFrom('plans').select('id').where('title', 'like', '%决定%').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await app?.close();
  await h?.close();
});

describe('progress over HTTP', () => {
  it('gives the dashboard as of a day, with the rule that applies', async () => {
    const res = await app.inject({ url: `/api/plans/${planId}/dashboard?asOf=2024-07-01`, ...as.fgw });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ asOf: '2024-07-01', rule: { aheadPoints: 5, behindPoints: 5, blueDays: 15, redLateReports: 2 } });
    expect(d.totals.total).toBe(10);
    expect(d.totals.classes.overdue).toBe(1);
    expect(d.byUnit.length).toBeGreaterThan(1);
    // Groups with red tasks come first.
    expect(d.byUnit[0].warnings.red).toBeGreaterThan(0);
  });

  it('lists the tasks behind a number, and refuses a bad filter naming it', async () => {
    const red = await app.inject({ url: `/api/plans/${planId}/dashboard/tasks?asOf=2024-07-01&class=overdue`, ...as.fgw });
    expect(red.statusCode, red.body).toBe(200);
    expect(red.json()).toMatchObject({ total: 1, tasks: [{ number: '3', class: 'overdue', warning: 'red' }] });
    expect(red.json().tasks[0].reason.zh).toContain('完成时限2024年6月30日已过1天');
    const bad = await app.inject({ url: `/api/plans/${planId}/dashboard/tasks?class=late`, ...as.fgw });
    expect(bad.statusCode).toBe(400);
    const badDay = await app.inject({ url: `/api/plans/${planId}/dashboard?dueTo=2024-02-30`, ...as.fgw });
    expect(badDay.statusCode).toBe(400);
    expect(badDay.json().error.details[0].field).toBe('dueTo');
  });

  it('gives every task as luoshi status does', async () => {
    const res = await app.inject({ url: `/api/plans/${planId}/progress?asOf=2024-07-01`, ...as.fgw });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().tasks.find((t: { number: string }) => t.number === '3')).toMatchObject({ class: 'overdue', warning: 'red' });
  });

  it('lets only the supervision office change the rule and recompute', async () => {
    const refused = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/progress-rule`, ...as.fgw, payload: { rule: null } });
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/tracking/recompute', ...as.fgw, payload: {} })).statusCode).toBe(403);
    const rule = { aheadPoints: 10, behindPoints: 10, blueDays: 30, redLateReports: 3 };
    const set = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/progress-rule`, ...as.duban, payload: { rule } });
    expect(set.statusCode, set.body).toBe(200);
    expect((await app.inject({ url: `/api/plans/${planId}/dashboard`, ...as.fgw })).json().rule).toEqual(rule);
    const wrong = await app.inject({ method: 'PUT', url: `/api/plans/${planId}/progress-rule`, ...as.duban, payload: { rule: { ...rule, redLateReports: 0 } } });
    expect(wrong.statusCode).toBe(400);
    const r = await app.inject({ method: 'POST', url: '/api/tracking/recompute', ...as.duban, payload: { asOf: '2024-07-01' } });
    expect(r.json()).toMatchObject({ asOf: '2024-07-01', plans: 3, tasks: 19 });
  });

  it('asks the public to sign in', async () => {
    expect((await app.inject({ url: `/api/plans/${planId}/dashboard` })).statusCode).toBe(401);
  });
});
